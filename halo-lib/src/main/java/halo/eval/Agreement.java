package halo.eval;


/**
 * Agreement between paired real and synthetic values (protocol Part A §6, Part B §4.2): the authors'
 * R² and, beside it, Pearson and Spearman correlations.
 *
 * <p>R² is exactly sklearn's {@code r2_score(y_true = real, y_pred = synthetic)}:
 * {@code 1 - Σ(r - s)² / Σ(r - mean(r))²}. It is not squared Pearson and can be negative. When the
 * real values are constant sklearn returns 1 for a perfect prediction and 0 otherwise; so do we.
 *
 * <p>Spearman is Pearson on average ranks (ties share their mean rank), so the many zeros of
 * long-tailed code statistics are handled as scipy does.
 */
public final class Agreement {
  private Agreement() {}

  /** sklearn {@code r2_score(real, synthetic)}. */
  public static double r2(double[] real, double[] synthetic) {
    requireSameLength(real, synthetic);
    if (real.length == 0) return Double.NaN;
    double mean = 0;
    for (double r : real) mean += r;
    mean /= real.length;
    double ssRes = 0, ssTot = 0;
    for (int i = 0; i < real.length; i++) {
      double e = real[i] - synthetic[i];
      ssRes += e * e;
      double d = real[i] - mean;
      ssTot += d * d;
    }
    if (ssTot == 0) return ssRes == 0 ? 1.0 : 0.0;
    return 1 - ssRes / ssTot;
  }

  /** Pearson correlation; NaN when either side is constant. */
  public static double pearson(double[] x, double[] y) {
    requireSameLength(x, y);
    int n = x.length;
    if (n < 2) return Double.NaN;
    double mx = 0, my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= n;
    my /= n;
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - mx, dy = y[i] - my;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }
    if (sxx == 0 || syy == 0) return Double.NaN;
    return sxy / Math.sqrt(sxx * syy);
  }

  /** Spearman rank correlation (average ranks for ties); NaN when either side is constant. */
  public static double spearman(double[] x, double[] y) {
    requireSameLength(x, y);
    return pearson(ranks(x), ranks(y));
  }

  /** 1-based average ranks: ties get the mean of the ranks they span. */
  public static double[] ranks(double[] x) {
    int n = x.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) order[i] = i;
    // primitive index sort (no boxing): the statistics can have tens of millions of keys
    it.unimi.dsi.fastutil.ints.IntArrays.parallelQuickSort(order, (a, b) -> Double.compare(x[a], x[b]));
    double[] r = new double[n];
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && x[order[j + 1]] == x[order[i]]) j++;
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) r[order[k]] = avg;
      i = j + 1;
    }
    return r;
  }

  private static void requireSameLength(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("paired values differ in length: " + a.length + " vs " + b.length);
    }
  }
}
