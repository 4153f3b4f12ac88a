package halo.train;

import halo.data.EncodedPatient;
import halo.model.Rng;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Label-balanced drawing of training records: each epoch is as many draws (with replacement) as there
 * are records, record i drawn with probability ∝ (1 / p_i)^α, where p_i is the training prevalence of
 * the rarest chronic label record i carries, or the share of records without any chronic label for a
 * record that has none. With α = 0 every record has the same weight (the trainer then uses a plain
 * permutation instead); with α = 1 every label gets about as many draws as the commonest.
 *
 * <p>Why this is sound here: a model's likelihood factorises as P(label row) · P(visits | label row),
 * and reweighting records by a function of their label row changes only the first factor. Generation
 * draws label rows from the training split's own distribution ({@code halo.sample.LabelPrior}), so
 * what it needs from the model is the second factor, which balancing leaves as it was while the rare
 * labels' records get more of the gradient.
 */
final class LabelBalance {
  private final double[] cumulative;
  private final String description;

  private LabelBalance(double[] cumulative, String description) {
    this.cumulative = cumulative;
    this.description = description;
  }

  /** Weights for {@code train}, whose chronic labels are the indices below {@code chronicLabels}. */
  static LabelBalance of(List<EncodedPatient> train, int chronicLabels, double alpha) {
    if (train.isEmpty()) throw new IllegalArgumentException("no training records to balance");
    long[] count = new long[chronicLabels + 1]; // the last slot: records without a chronic label
    int[] rarest = new int[train.size()];
    for (EncodedPatient p : train) for (int l : p.labels()) if (l < chronicLabels) count[l]++;
    for (EncodedPatient p : train) if (Arrays.stream(p.labels()).noneMatch(l -> l < chronicLabels)) count[chronicLabels]++;
    double[] cumulative = new double[train.size()];
    double total = 0;
    for (int i = 0; i < train.size(); i++) {
      int r = chronicLabels;
      for (int l : train.get(i).labels()) if (l < chronicLabels && (r == chronicLabels || count[l] < count[r])) r = l;
      rarest[i] = r;
      total += Math.pow(train.size() / (double) count[r], alpha);
      cumulative[i] = total;
    }
    for (int i = 0; i < cumulative.length; i++) cumulative[i] /= total;
    cumulative[cumulative.length - 1] = 1;
    // the expected share of draws per rarest label, for the log
    double[] share = new double[chronicLabels + 1];
    for (int i = 0; i < train.size(); i++) share[rarest[i]] += Math.pow(train.size() / (double) count[rarest[i]], alpha) / total;
    double[] natural = new double[chronicLabels + 1];
    for (int i = 0; i < train.size(); i++) natural[rarest[i]] += 1.0 / train.size();
    StringBuilder sb = new StringBuilder("label-balanced drawing (alpha " + alpha + "): share of draws by a record's rarest chronic label,"
        + " balanced (natural):");
    for (int l = 0; l <= chronicLabels; l++) {
      if (count[l] > 0) sb.append(String.format(Locale.ROOT, " %s %.3f (%.3f)", l == chronicLabels ? "none" : "#" + l, share[l], natural[l]));
    }
    return new LabelBalance(cumulative, sb.toString());
  }

  /** One epoch: {@code n} record indices drawn with replacement by weight, in draw order. */
  int[] draw(Rng rng) {
    int[] out = new int[cumulative.length];
    for (int i = 0; i < out.length; i++) {
      int k = Arrays.binarySearch(cumulative, rng.nextDouble());
      out[i] = Math.min(cumulative.length - 1, k < 0 ? -k - 1 : k + 1);
    }
    return out;
  }

  String describe() {
    return description;
  }
}
