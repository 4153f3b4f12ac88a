package halo.eval.utility;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.BinaryMetrics;
import halo.eval.Bootstrap;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Phenotyping utility, train on synthetic / test on real (paper Table 4; Part B §4.4). For every
 * chronic label, balanced validation and test sets of unique records are drawn from the real
 * validation and test splits ({@link BalancedDraw#unique}: up to 250 and 500 per class, fewer when a
 * split has fewer positives — the authors upsample positives with replacement, which makes a rare
 * label's test set a few records repeated and its bootstrap interval falsely narrow), and a balanced training set
 * from each source: the real training split ("real"), each synthetic cohort (its generated labels),
 * and real plus each synthetic ("real+NAME", the two balanced sets concatenated). Zero-visit records
 * are removed from every source first and counted (Part A §6; the authors' script did not, and would
 * crash). A label with no positive in a source gets no row for it (reported in {@code skipped}).
 *
 * <p>All draws use one seeded generator in a fixed order (validation, test, then sources in map
 * order), so results are reproducible. Higher is better for every metric.
 */
public record Phenotyping(int trainPerClass, int validationPerClass, int testPerClass, long seed, Bootstrap bootstrap) {

  /** The paper's sizes: 2,500 / 250 / 500 per class; seed 4. */
  public static Phenotyping paper() {
    return new Phenotyping(2_500, 250, 500, 4, Bootstrap.standard());
  }

  /** The same sizes with another seed (the draws of every set and the classifiers' seeds). */
  public Phenotyping withSeed(long s) {
    return new Phenotyping(trainPerClass, validationPerClass, testPerClass, s, bootstrap);
  }

  /** The result: metrics table and the labels skipped for lack of positives. */
  public record Result(Table metrics, List<String> skipped) {}

  /**
   * Columns: label, label_name, source, classifier, n_train, n_val, n_test, train_positives_available,
   * train_upsampled, accuracy, precision, recall, f1, auroc, auroc_lo, auroc_hi, auprc.
   */
  public Result of(Vocabulary v, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> synthetic, List<RecordClassifier> classifiers) {
    return of(v, train, validation, test, synthetic, classifiers, true);
  }

  /** As {@link #of(Vocabulary, EncodedCohort, EncodedCohort, EncodedCohort, Map, List)}; {@code combined} false leaves out the real+NAME sets. */
  public Result of(Vocabulary v, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> synthetic, List<RecordClassifier> classifiers, boolean combined) {
    return of(v, train, validation, test, synthetic, classifiers, combined, null);
  }

  /** As above, printing the fits' progress to {@code log} (null: silent). */
  public Result of(Vocabulary v, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> synthetic, List<RecordClassifier> classifiers, boolean combined, PrintStream log) {
    Table t = table("Phenotyping: train on real / synthetic / real+synthetic, test on real (higher is better)");
    List<String> skipped = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(seed);
    List<EncodedPatient> val = validation.nonEmpty().patients(), tst = test.nonEmpty().patients();
    // every set is drawn first, in a fixed order; then the fits run (side by side where the classifier
    // allows it) and their rows are appended in the same order, so results do not depend on threads
    record Job(int label, String source, BalancedDraw train, BalancedDraw val, BalancedDraw test, RecordClassifier classifier) {}
    List<Job> jobs = new ArrayList<>();
    for (int label = 0; label < v.chronicLabelCount(); label++) {
      BalancedDraw dv = BalancedDraw.unique(val, label, validationPerClass, random);
      BalancedDraw dt = BalancedDraw.unique(tst, label, testPerClass, random);
      if (dv == null || dt == null) {
        skipped.add(v.label(label) + ": no positive or negative in the real validation/test split");
        continue;
      }
      Map<String, BalancedDraw> sources = new LinkedHashMap<>();
      BalancedDraw real = BalancedDraw.of(train.nonEmpty().patients(), label, trainPerClass, random);
      if (real != null) sources.put("real", real);
      else skipped.add(v.label(label) + ": no positive in the real training split");
      for (var e : synthetic.entrySet()) {
        BalancedDraw d = BalancedDraw.of(e.getValue().nonEmpty().patients(), label, trainPerClass, random);
        if (d == null) {
          skipped.add(v.label(label) + ": no positive in " + e.getKey());
          continue;
        }
        sources.put(e.getKey(), d);
        if (real != null && combined) {
          sources.put("real+" + e.getKey(), new BalancedDraw(real.set().concat(d.set()), real.perClass() + d.perClass(),
              real.positivesAvailable() + d.positivesAvailable(), real.upsampled() || d.upsampled()));
        }
      }
      for (var s : sources.entrySet()) {
        for (RecordClassifier c : classifiers) jobs.add(new Job(label, s.getKey(), s.getValue(), dv, dt, c));
      }
    }
    double[][] scores = new double[jobs.size()][];
    FitProgress progress = new FitProgress(log, "phenotyping", jobs.size());
    IntStream idx = IntStream.range(0, jobs.size());
    (classifiers.stream().allMatch(RecordClassifier::concurrent) ? idx.parallel() : idx).forEach(i -> {
      Job j = jobs.get(i);
      scores[i] = j.classifier().fitAndScore(j.train().set(), j.val().set(), j.test().set().records(), seed + j.label());
      progress.fitted();
    });
    for (int i = 0; i < jobs.size(); i++) {
      Job j = jobs.get(i);
      append(t, bootstrap, j.label(), v.label(j.label()), j.source(), j.classifier().name(), j.train(), j.val().perClass(), j.test(), scores[i]);
    }
    return new Result(t, skipped);
  }

  static Table table(String title) {
    return Table.create(title, IntColumn.create("label"), StringColumn.create("label_name"),
        StringColumn.create("source"), StringColumn.create("classifier"), IntColumn.create("n_train"),
        IntColumn.create("n_val"), IntColumn.create("n_test"), IntColumn.create("train_positives_available"),
        BooleanColumn.create("train_upsampled"), DoubleColumn.create("accuracy"), DoubleColumn.create("precision"),
        DoubleColumn.create("recall"), DoubleColumn.create("f1"), DoubleColumn.create("auroc"),
        DoubleColumn.create("auroc_lo"), DoubleColumn.create("auroc_hi"), DoubleColumn.create("auprc"));
  }

  /** Appends one row; n_train, n_val and n_test are total set sizes (both classes). */
  static void append(Table t, Bootstrap bootstrap, int label, String labelName, String source, String classifier,
      BalancedDraw train, int valPerClass, BalancedDraw test, double[] score) {
    boolean[] truth = test.set().positive();
    BinaryMetrics m = BinaryMetrics.of(score, truth);
    var ci = bootstrap.of(truth.length, idx -> {
      double[] s = new double[idx.length];
      boolean[] y = new boolean[idx.length];
      for (int i = 0; i < idx.length; i++) {
        s[i] = score[idx[i]];
        y[i] = truth[idx[i]];
      }
      return BinaryMetrics.auroc(s, y);
    });
    t.intColumn("label").append(label);
    t.stringColumn("label_name").append(labelName);
    t.stringColumn("source").append(source);
    t.stringColumn("classifier").append(classifier);
    t.intColumn("n_train").append(train.set().size());
    t.intColumn("n_val").append(2 * valPerClass);
    t.intColumn("n_test").append(test.set().size());
    t.intColumn("train_positives_available").append(train.positivesAvailable());
    t.booleanColumn("train_upsampled").append(train.upsampled());
    t.doubleColumn("accuracy").append(m.accuracy());
    t.doubleColumn("precision").append(m.precision());
    t.doubleColumn("recall").append(m.recall());
    t.doubleColumn("f1").append(m.f1());
    t.doubleColumn("auroc").append(m.auroc());
    t.doubleColumn("auroc_lo").append(ci.low());
    t.doubleColumn("auroc_hi").append(ci.high());
    t.doubleColumn("auprc").append(m.auprc());
  }
}
