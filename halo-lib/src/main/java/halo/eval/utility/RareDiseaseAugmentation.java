package halo.eval.utility;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.Bootstrap;
import halo.eval.Sampling;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tech.tablesaw.api.Table;

/**
 * Rare-disease augmentation (paper Table 5; protocol Part A §7; no authors' script exists). For one
 * label:
 *
 * <ul>
 *   <li><b>imbalanced</b>: N negatives and N / 50 real positives from the training split (the paper's
 *       50,000 vs 1,000), with N = min(50,000, negatives available, 50 × positives available);
 *   <li><b>synthetic-balanced</b>: the imbalanced set plus N - N/50 synthetic positives (generated
 *       conditioned on the label by the sampler and passed in; drawn with replacement only if fewer
 *       exist, flagged in {@code train_upsampled});
 *   <li><b>real-balanced</b>: the N negatives plus N real positives (with replacement if fewer exist,
 *       flagged) — the upper reference.
 * </ul>
 *
 * Validation and test sets are the balanced real sets of unique records of {@link Phenotyping}; same classifiers and
 * metrics. Zero-visit synthetic records are removed and counted. Higher is better.
 */
public record RareDiseaseAugmentation(int maxNegatives, int ratio, int validationPerClass, int testPerClass, long seed,
    Bootstrap bootstrap) {

  /** The paper: 50,000 negatives, 50 per positive; 250/500 per class validation/test; seed 4. */
  public static RareDiseaseAugmentation paper() {
    return new RareDiseaseAugmentation(50_000, 50, 250, 500, 4, Bootstrap.standard());
  }

  /** The same sizes with another seed (the draws of every set and the classifiers' seeds). */
  public RareDiseaseAugmentation withSeed(long s) {
    return new RareDiseaseAugmentation(maxNegatives, ratio, validationPerClass, testPerClass, s, bootstrap);
  }

  /** Same columns as {@link Phenotyping}; source is imbalanced, synthetic-balanced or real-balanced. */
  public Table of(Vocabulary v, int label, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      EncodedCohort syntheticPositives, List<RecordClassifier> classifiers) {
    return of(v, label, train, validation, test, Map.of("synthetic", syntheticPositives), classifiers);
  }

  /**
   * One synthetic-balanced set per generator, named {@code <name>-balanced}, between the imbalanced
   * and the real-balanced rows; every set shares the same real negatives and real positives.
   */
  public Table of(Vocabulary v, int label, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> syntheticPositives, List<RecordClassifier> classifiers) {
    if (label < 0 || label >= v.labelCount()) {
      throw new IllegalArgumentException("label " + label + " outside [0, " + v.labelCount() + ")");
    }
    SplittableRandom random = new SplittableRandom(seed);
    BalancedDraw dv = BalancedDraw.unique(validation.nonEmpty().patients(), label, validationPerClass, random);
    BalancedDraw dt = BalancedDraw.unique(test.nonEmpty().patients(), label, testPerClass, random);
    if (dv == null || dt == null) {
      throw new IllegalArgumentException("label " + v.label(label) + " has no positive in the real validation or test split");
    }
    List<EncodedPatient> pos = train.nonEmpty().patients().stream().filter(p -> p.hasLabel(label)).toList();
    List<EncodedPatient> neg = train.nonEmpty().patients().stream().filter(p -> !p.hasLabel(label)).toList();
    int n = Math.min(maxNegatives, Math.min(neg.size(), ratio * pos.size()));
    int nPos = n / ratio;
    if (nPos < 1) {
      throw new IllegalArgumentException("label " + v.label(label) + ": " + pos.size() + " positives and " + neg.size()
          + " negatives in the training split are too few for a 1:" + ratio + " imbalanced set");
    }
    List<EncodedPatient> negatives = Sampling.withoutReplacement(neg, n, random);
    List<EncodedPatient> realPos = Sampling.withoutReplacement(pos, nPos, random);
    LabelledRecords imbalanced = LabelledRecords.of(realPos, negatives);
    int extra = n - nPos;
    var sets = new LinkedHashMap<String, BalancedDraw>();
    sets.put("imbalanced", new BalancedDraw(imbalanced, n, pos.size(), false));
    for (var e : syntheticPositives.entrySet()) {
      List<EncodedPatient> syn = e.getValue().nonEmpty().patients();
      if (syn.isEmpty()) throw new IllegalArgumentException("no non-empty synthetic positive was given for " + e.getKey());
      boolean synUp = syn.size() < extra;
      List<EncodedPatient> synPos = synUp ? Sampling.withReplacement(syn, extra, random) : Sampling.withoutReplacement(syn, extra, random);
      List<EncodedPatient> synBalancedPos = new ArrayList<>(realPos);
      synBalancedPos.addAll(synPos);
      sets.put(e.getKey() + "-balanced", new BalancedDraw(LabelledRecords.of(synBalancedPos, negatives), n, syn.size(), synUp));
    }
    boolean realUp = pos.size() < n;
    List<EncodedPatient> realBalancedPos = realUp ? Sampling.withReplacement(pos, n, random) : Sampling.withoutReplacement(pos, n, random);
    sets.put("real-balanced", new BalancedDraw(LabelledRecords.of(realBalancedPos, negatives), n, pos.size(), realUp));

    Table t = Phenotyping.table("Rare-disease augmentation for " + v.label(label) + " (higher is better)");
    for (var s : sets.entrySet()) {
      for (RecordClassifier c : classifiers) {
        double[] score = c.fitAndScore(s.getValue().set(), dv.set(), dt.set().records(), seed + label);
        Phenotyping.append(t, bootstrap, label, v.label(label), s.getKey(), c.name(), s.getValue(), dv.perClass(), dt, score);
      }
    }
    return t;
  }
}
