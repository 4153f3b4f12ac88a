package halo.eval.privacy;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.eval.BinaryMetrics;
import halo.eval.Bootstrap;
import halo.eval.NotApplicable;
import halo.eval.Sampling;
import halo.eval.lm.RecordScore;
import halo.eval.lm.TeacherForcedScorer;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.RecordLikelihood;
import halo.model.VisitProbabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Membership inference (paper Table 6; Part B §4.5). The attack set is n training records (members)
 * and n test records (non-members), n = min(7,500, |train|, |test|) — the paper's 7,500 scaled down
 * when the splits are smaller — drawn without replacement with a seeded generator.
 *
 * <ul>
 *   <li><b>Dataset attack</b>: score = distance from the record to its nearest synthetic record
 *       ({@link NearestRecordIndex}, set semantics); member iff score &lt; median (strictly). Synthetic
 *       zero-visit records are removed first and counted (Part A §6).
 *   <li><b>Model attack</b>: score = the record's log-likelihood under the model (teacher forcing);
 *       member iff LL &gt; median. Fix (Part A §6): every record is scored exactly once; the authors'
 *       window loop scored all but the first 48 twice.
 * </ul>
 *
 * Accuracy near 0.5 is best (the attacker learns nothing); higher means leakage. AUROC uses the
 * negated distance or the log-likelihood as the membership score; accuracy has a bootstrap interval.
 */
public record MembershipInference(int maxPerSide, long seed, Bootstrap bootstrap) {
  /** The paper's 7,500 per side, seed 4. */
  public static MembershipInference standard() {
    return new MembershipInference(7_500, 4, Bootstrap.standard());
  }

  /** The same size and bootstrap with another seed for the draw of the attack set. */
  public MembershipInference withSeed(long s) {
    return new MembershipInference(maxPerSide, s, bootstrap);
  }

  /** The attack set: members first, then non-members, each list drawn with the seed. */
  public record AttackSet(List<EncodedPatient> members, List<EncodedPatient> nonMembers) {
    public List<EncodedPatient> all() {
      List<EncodedPatient> a = new ArrayList<>(members);
      a.addAll(nonMembers);
      return a;
    }

    public boolean[] truth() {
      boolean[] t = new boolean[members.size() + nonMembers.size()];
      for (int i = 0; i < members.size(); i++) t[i] = true;
      return t;
    }
  }

  public AttackSet attackSet(EncodedCohort train, EncodedCohort test) {
    int n = Math.min(maxPerSide, Math.min(train.size(), test.size()));
    if (n < 1) throw new IllegalArgumentException("membership inference needs train and test records");
    SplittableRandom r = new SplittableRandom(seed);
    return new AttackSet(Sampling.withoutReplacement(train.patients(), n, r),
        Sampling.withoutReplacement(test.patients(), n, r));
  }

  /** Table columns: see {@link #table}. One row, attack = "dataset (nearest distance)". */
  public Table datasetAttack(String source, EncodedCohort train, EncodedCohort test, EncodedCohort synthetic, int codeSpace) {
    AttackSet set = attackSet(train, test);
    EncodedCohort syn = synthetic.nonEmpty();
    if (syn.size() == 0) throw new IllegalArgumentException(source + " has no non-empty synthetic record");
    double[] distance = new NearestRecordIndex(syn.patients(), codeSpace).nearest(set.all(), false);
    double median = Sampling.median(distance);
    boolean[] predicted = new boolean[distance.length];
    double[] score = new double[distance.length];
    for (int i = 0; i < distance.length; i++) {
      predicted[i] = distance[i] < median;
      score[i] = -distance[i];
    }
    Table t = table();
    append(t, source, "dataset (nearest distance)", set, set.truth(), predicted, score, synthetic.size() - syn.size());
    return t;
  }

  /** One row, attack = "model (likelihood)": each record scored once (the fix). */
  public Table modelAttack(String source, VisitProbabilities model, EncodedCohort train, EncodedCohort test, int batchSize) {
    return modelAttack(source, model, train, test, batchSize, false);
  }

  /**
   * The model attack; with {@code authorsDoubleScoring} the authors' quirk is reproduced for
   * comparison: the attack list is shuffled (seeded) and scored in windows of 96 stepped by 48, so
   * every record after the first 48 enters the median and the metrics twice (attack =
   * "model (likelihood, authors' double scoring)").
   */
  public Table modelAttack(String source, VisitProbabilities model, EncodedCohort train, EncodedCohort test, int batchSize,
      boolean authorsDoubleScoring) {
    AttackSet set = attackSet(train, test);
    List<RecordScore> scores = TeacherForcedScorer.of(model, set.all(), batchSize);
    return likelihoodAttack(source, set, scores.stream().mapToDouble(RecordScore::logLikelihood).toArray(), authorsDoubleScoring);
  }

  /**
   * The likelihood attack on a model by what it offers: with {@link VisitProbabilities}, each record's
   * teacher-forced log-likelihood ({@link #modelAttack(String, VisitProbabilities, EncodedCohort,
   * EncodedCohort, int)}, as the authors score HALO); else with {@link RecordLikelihood}, its own
   * record score; else a row saying the attack does not apply ({@link NotApplicable}).
   */
  public Table modelAttack(String source, GenerativeModel model, EncodedCohort train, EncodedCohort test, int batchSize) {
    if (model instanceof VisitProbabilities p) return modelAttack(source, p, train, test, batchSize);
    if (model instanceof RecordLikelihood l) return modelAttack(source, l::logProbabilities, train, test);
    Table t = NotApplicable.append(table(), "source", source, Capabilities.notApplicable(source, RecordLikelihood.class));
    t.stringColumn("attack").set(0, "model (likelihood)");
    return t;
  }

  /**
   * The model attack for any model that scores whole records: {@code logLikelihood} gives log P of
   * each record (GPT: its token sequence; EVA: the reconstruction at the posterior mean; SynTEG: its
   * dependency model's visit probabilities).
   */
  public Table modelAttack(String source, Function<List<EncodedPatient>, double[]> logLikelihood,
      EncodedCohort train, EncodedCohort test) {
    AttackSet set = attackSet(train, test);
    return likelihoodAttack(source, set, logLikelihood.apply(set.all()), false);
  }

  private Table likelihoodAttack(String source, AttackSet set, double[] ll, boolean authorsDoubleScoring) {
    boolean[] truth = set.truth();
    if (authorsDoubleScoring) {
      int[] perm = permutation(ll.length, new SplittableRandom(seed));
      int n = ll.length + Math.max(0, ll.length - 48);
      double[] l2 = new double[n];
      boolean[] t2 = new boolean[n];
      int k = 0;
      for (int pos = 0; pos < perm.length; pos++) {
        int copies = pos < 48 ? 1 : 2;
        for (int c = 0; c < copies; c++) {
          l2[k] = ll[perm[pos]];
          t2[k++] = truth[perm[pos]];
        }
      }
      ll = l2;
      truth = t2;
    }
    double median = Sampling.median(ll);
    boolean[] predicted = new boolean[ll.length];
    for (int i = 0; i < ll.length; i++) predicted[i] = ll[i] > median;
    Table t = table();
    append(t, source, authorsDoubleScoring ? "model (likelihood, authors' double scoring)" : "model (likelihood)",
        set, truth, predicted, ll, 0);
    return t;
  }

  private static int[] permutation(int n, SplittableRandom r) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int x = p[i];
      p[i] = p[j];
      p[j] = x;
    }
    return p;
  }

  /**
   * Columns: source, attack, members, non_members, removed_empty_synthetic, accuracy, accuracy_lo,
   * accuracy_hi, precision, recall, f1, auroc. Better: accuracy and AUROC close to 0.5.
   */
  public static Table table() {
    return Table.create("Membership inference (best: accuracy and AUROC near 0.5; higher = leakage)",
        StringColumn.create("source"), StringColumn.create("attack"), IntColumn.create("members"),
        IntColumn.create("non_members"), IntColumn.create("removed_empty_synthetic"), DoubleColumn.create("accuracy"),
        DoubleColumn.create("accuracy_lo"), DoubleColumn.create("accuracy_hi"), DoubleColumn.create("precision"),
        DoubleColumn.create("recall"), DoubleColumn.create("f1"), DoubleColumn.create("auroc"));
  }

  private void append(Table t, String source, String attack, AttackSet set, boolean[] truth, boolean[] predicted,
      double[] score, int removed) {
    BinaryMetrics m = BinaryMetrics.of(score, predicted, truth);
    var ci = bootstrap.of(truth.length, idx -> {
      int ok = 0;
      for (int i : idx) if (predicted[i] == truth[i]) ok++;
      return (double) ok / idx.length;
    });
    t.stringColumn("source").append(source);
    t.stringColumn("attack").append(attack);
    t.intColumn("members").append(set.members().size());
    t.intColumn("non_members").append(set.nonMembers().size());
    t.intColumn("removed_empty_synthetic").append(removed);
    t.doubleColumn("accuracy").append(m.accuracy());
    t.doubleColumn("accuracy_lo").append(ci.low());
    t.doubleColumn("accuracy_hi").append(ci.high());
    t.doubleColumn("precision").append(m.precision());
    t.doubleColumn("recall").append(m.recall());
    t.doubleColumn("f1").append(m.f1());
    t.doubleColumn("auroc").append(m.auroc());
  }
}
