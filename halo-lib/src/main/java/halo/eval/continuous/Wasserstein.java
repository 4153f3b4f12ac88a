package halo.eval.continuous;

import java.util.Arrays;

/** First Wasserstein (earth mover's) distance between two empirical distributions on the real line. */
public final class Wasserstein {
  private Wasserstein() {}

  /**
   * W1 = ∫ |F_a(x) - F_b(x)| dx over the merged sample points (scipy's
   * {@code wasserstein_distance} with equal weights). NaN when either sample is empty.
   */
  public static double of(double[] a, double[] b) {
    if (a.length == 0 || b.length == 0) return Double.NaN;
    double[] x = a.clone(), y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    int i = 0, j = 0;
    double prev = Math.min(x[0], y[0]), w = 0;
    while (i < x.length || j < y.length) {
      double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
      w += Math.abs((double) i / x.length - (double) j / y.length) * (next - prev);
      prev = next;
      while (i < x.length && x[i] == next) i++;
      while (j < y.length && y[j] == next) j++;
    }
    return w;
  }
}
