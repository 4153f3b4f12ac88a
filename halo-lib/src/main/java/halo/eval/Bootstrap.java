package halo.eval;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Seeded percentile bootstrap confidence intervals. The statistic is given as a function of a
 * resample: it receives an index array (drawn with replacement from 0..n-1) and returns a value.
 */
public record Bootstrap(int resamples, double level, long seed) {
  public Bootstrap {
    if (resamples < 1) throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + resamples);
    if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0,1), got " + level);
  }

  /** 200 resamples, 95%, seed 4 (the authors' seed). */
  public static Bootstrap standard() {
    return new Bootstrap(200, 0.95, 4);
  }

  /** The same resamples and level with another seed. */
  public Bootstrap withSeed(long s) {
    return new Bootstrap(resamples, level, s);
  }

  /** A confidence interval [low, high]. */
  public record Interval(double low, double high) {}

  /** Percentile interval of {@code statistic} over {@code resamples} resamples of n items. */
  public Interval of(int n, Function<int[], Double> statistic) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[resamples];
    int[] idx = new int[n];
    int kept = 0;
    for (int b = 0; b < resamples; b++) {
      for (int i = 0; i < n; i++) idx[i] = random.nextInt(n);
      double v = statistic.apply(idx);
      if (!Double.isNaN(v)) values[kept++] = v;
    }
    if (kept == 0) return new Interval(Double.NaN, Double.NaN);
    double[] v = Arrays.copyOf(values, kept);
    Arrays.sort(v);
    double alpha = (1 - level) / 2;
    return new Interval(quantile(v, alpha), quantile(v, 1 - alpha));
  }

  /** Interval for a paired statistic of (real, synthetic) arrays, resampling the pairs. */
  public Interval ofPairs(double[] a, double[] b, BiFunction<double[], double[], Double> statistic) {
    return of(a.length, idx -> {
      double[] ra = new double[idx.length], rb = new double[idx.length];
      for (int i = 0; i < idx.length; i++) {
        ra[i] = a[idx[i]];
        rb[i] = b[idx[i]];
      }
      return statistic.apply(ra, rb);
    });
  }

  /** Linear-interpolated quantile of sorted values (numpy's default). */
  public static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, sorted.length - 1);
    return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
  }

}
