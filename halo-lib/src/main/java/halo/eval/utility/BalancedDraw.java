package halo.eval.utility;

import halo.data.EncodedPatient;
import halo.eval.Sampling;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Balanced sets for one label (Part B §4.4). Training sets ({@link #of}) follow the stated scale-down
 * rule: per class n = min(paper size, negatives available) — the paper's 2,500 when the data allows.
 * Real validation and test sets are drawn by {@link #unique} (no record twice).
 * Negatives are drawn without replacement. Positives are drawn without replacement when the set
 * being sampled holds at least n of them, else with replacement (upsampled) — the authors' mechanism,
 * with the fix (Part A §6) that the check uses the split actually being sampled (their real-train
 * check looked at the test split) and the number actually drawn (their thresholds were doubled).
 *
 * @param set the balanced records (positives first)
 * @param perClass n
 * @param positivesAvailable positives in the source
 * @param upsampled true when positives were drawn with replacement
 */
public record BalancedDraw(LabelledRecords set, int perClass, int positivesAvailable, boolean upsampled) {

  /** Draws a balanced set for label {@code label} from {@code source}; null when no positive exists. */
  public static BalancedDraw of(List<EncodedPatient> source, int label, int paperSize, SplittableRandom random) {
    List<EncodedPatient> pos = source.stream().filter(p -> p.hasLabel(label)).toList();
    List<EncodedPatient> neg = source.stream().filter(p -> !p.hasLabel(label)).toList();
    int n = Math.min(paperSize, neg.size());
    if (pos.isEmpty() || n == 0) return null;
    boolean up = pos.size() < n;
    List<EncodedPatient> p = up ? Sampling.withReplacement(pos, n, random) : Sampling.withoutReplacement(pos, n, random);
    List<EncodedPatient> q = Sampling.withoutReplacement(neg, n, random);
    return new BalancedDraw(LabelledRecords.of(p, q), n, pos.size(), up);
  }

  /**
   * A balanced evaluation set of unique records: per class n = min(paper size, positives, negatives),
   * both classes drawn without replacement, so no record appears twice and a bootstrap over the set
   * resamples distinct records (a rare label gets a small set, and a wide interval, rather than copies
   * of a few positives counted as independent). Null when a class is missing.
   */
  public static BalancedDraw unique(List<EncodedPatient> source, int label, int paperSize, SplittableRandom random) {
    List<EncodedPatient> pos = source.stream().filter(p -> p.hasLabel(label)).toList();
    List<EncodedPatient> neg = source.stream().filter(p -> !p.hasLabel(label)).toList();
    int n = Math.min(paperSize, Math.min(pos.size(), neg.size()));
    if (n == 0) return null;
    List<EncodedPatient> p = Sampling.withoutReplacement(pos, n, random);
    List<EncodedPatient> q = Sampling.withoutReplacement(neg, n, random);
    return new BalancedDraw(LabelledRecords.of(p, q), n, pos.size(), false);
  }
}
