package halo.eval;

import java.util.Arrays;

/**
 * Binary-classification metrics from scores and 0/1 truths, as the authors compute them (Part B
 * §4.4, §4.5): accuracy, precision, recall and F1 at a threshold; AUROC (sklearn
 * {@code roc_auc_score}, ties handled by the trapezoid, i.e. the Mann-Whitney statistic with ties
 * counted ½); AUPRC as the trapezoidal area under sklearn's precision-recall curve
 * ({@code auc(recall, precision)}), which is what the authors report, not average precision.
 *
 * <p>Precision (or F1) with no predicted positive is 0, as sklearn's zero_division default warns and
 * returns.
 */
public record BinaryMetrics(int n, int positives, double accuracy, double precision, double recall, double f1,
    double auroc, double auprc) {

  /** Metrics at threshold 0.5 (the authors' {@code np.around(p)}). */
  public static BinaryMetrics of(double[] scores, boolean[] truth) {
    return of(scores, truth, 0.5);
  }

  /**
   * Metrics with prediction = 1 iff {@code score > threshold} (for threshold 0.5 this is the authors'
   * {@code np.around(p)}, where exactly 0.5 rounds to 0).
   */
  public static BinaryMetrics of(double[] scores, boolean[] truth, double threshold) {
    boolean[] predicted = new boolean[scores.length];
    for (int i = 0; i < scores.length; i++) predicted[i] = scores[i] > threshold;
    return of(scores, predicted, truth);
  }

  /** Metrics from explicit predictions (for attacks that threshold at a median) and scores for the areas. */
  public static BinaryMetrics of(double[] scores, boolean[] predicted, boolean[] truth) {
    if (scores.length != truth.length || predicted.length != truth.length) {
      throw new IllegalArgumentException("scores " + scores.length + ", predictions " + predicted.length
          + " and truths " + truth.length + " must have the same length");
    }
    long tp = 0, fp = 0, fn = 0, tn = 0;
    int pos = 0;
    for (int i = 0; i < truth.length; i++) {
      if (truth[i]) pos++;
      if (predicted[i] && truth[i]) tp++;
      else if (predicted[i]) fp++;
      else if (truth[i]) fn++;
      else tn++;
    }
    double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
    double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
    double acc = truth.length == 0 ? Double.NaN : (double) (tp + tn) / truth.length;
    return new BinaryMetrics(truth.length, pos, acc, precision, recall, f1, auroc(scores, truth), auprc(scores, truth));
  }

  /** Area under the ROC curve; NaN when only one class is present. */
  public static double auroc(double[] scores, boolean[] truth) {
    int n = scores.length;
    long pos = 0;
    for (boolean t : truth) if (t) pos++;
    long neg = n - pos;
    if (pos == 0 || neg == 0) return Double.NaN;
    Integer[] order = sortedIndices(scores, false);
    // sum of average ranks of positives (ascending), Mann-Whitney U
    double rankSum = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
      double avg = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) if (truth[order[k]]) rankSum += avg;
      i = j + 1;
    }
    double u = rankSum - pos * (pos + 1) / 2.0;
    return u / ((double) pos * neg);
  }

  /**
   * sklearn {@code auc(recall, precision)} over {@code precision_recall_curve}: thresholds at each
   * distinct score (descending), the curve ends at the point (recall 0, precision 1), trapezoids.
   * sklearn before 1.1 stopped the curve at the first full recall and later versions keep the points
   * after it; those points all have recall 1, so they add no area and both give the same value.
   */
  public static double auprc(double[] scores, boolean[] truth) {
    int n = scores.length;
    long pos = 0;
    for (boolean t : truth) if (t) pos++;
    if (pos == 0) return Double.NaN;
    Integer[] order = sortedIndices(scores, true);
    // points (recall, precision) at each distinct threshold, from high threshold to low
    double[] rec = new double[n + 1];
    double[] prec = new double[n + 1];
    int m = 0;
    long tp = 0, fp = 0;
    int i = 0;
    while (i < n) {
      int j = i;
      while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) j++;
      for (int k = i; k <= j; k++) {
        if (truth[order[k]]) tp++;
        else fp++;
      }
      rec[m] = (double) tp / pos;
      prec[m] = (double) tp / (tp + fp);
      m++;
      i = j + 1;
      if (tp == pos) break; // sklearn stops the curve at full recall
    }
    // add (recall 0, precision 1) at the start; integrate over recall
    double area = 0, r0 = 0, p0 = 1;
    for (int k = 0; k < m; k++) {
      area += (rec[k] - r0) * (prec[k] + p0) / 2;
      r0 = rec[k];
      p0 = prec[k];
    }
    return area;
  }

  private static Integer[] sortedIndices(double[] scores, boolean descending) {
    Integer[] order = new Integer[scores.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> descending ? Double.compare(scores[b], scores[a]) : Double.compare(scores[a], scores[b]));
    return order;
  }
}
