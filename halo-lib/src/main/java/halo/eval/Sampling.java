package halo.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Seeded subsampling used by the evaluation protocols. */
public final class Sampling {
  private Sampling() {}

  /** {@code n} distinct items drawn without replacement (a seeded partial Fisher-Yates), in draw order. */
  public static <T> List<T> withoutReplacement(List<T> items, int n, SplittableRandom random) {
    if (n > items.size()) {
      throw new IllegalArgumentException("cannot draw " + n + " items without replacement from " + items.size());
    }
    int[] idx = new int[items.size()];
    for (int i = 0; i < idx.length; i++) idx[i] = i;
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(idx.length - i);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
      out.add(items.get(idx[i]));
    }
    return out;
  }

  /** {@code n} items drawn with replacement. */
  public static <T> List<T> withReplacement(List<T> items, int n, SplittableRandom random) {
    if (items.isEmpty() && n > 0) throw new IllegalArgumentException("cannot draw from an empty list");
    List<T> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(items.get(random.nextInt(items.size())));
    return out;
  }

  /** A seeded shuffled copy. */
  public static <T> List<T> shuffled(List<T> items, SplittableRandom random) {
    return withoutReplacement(items, items.size(), random);
  }

  /** Median with numpy's convention (mean of the two middle values for even n). */
  public static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    if (n == 0) return Double.NaN;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }
}
