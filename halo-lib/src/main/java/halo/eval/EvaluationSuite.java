package halo.eval;

import halo.data.Dataset;
import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.continuous.ContinuousVariables;
import halo.eval.imputation.FrequencyReference;
import halo.eval.imputation.ImputationAccuracy;
import halo.eval.imputation.ImputationPerplexity;
import halo.eval.labels.LabelConsistency;
import halo.eval.labels.LabelDynamics;
import halo.eval.labels.LabelRows;
import halo.eval.lm.LanguageModelMetrics;
import halo.eval.privacy.AttributeInference;
import halo.eval.privacy.ExactCopyRate;
import halo.eval.privacy.MembershipInference;
import halo.eval.privacy.NearestNeighbourAdversarialAccuracy;
import halo.eval.similarity.CodeStatistics;
import halo.eval.similarity.DimensionWiseCorrelation;
import halo.eval.similarity.MatrixSimilarity;
import halo.eval.similarity.ShapeStatistics;
import halo.eval.similarity.Similarity;
import halo.eval.similarity.SimilarityFigures;
import halo.eval.utility.BiLstmClassifier;
import halo.eval.utility.Phenotyping;
import halo.eval.utility.PhenotypingSummary;
import halo.eval.utility.RareDiseaseAugmentation;
import halo.eval.utility.RecordClassifier;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.Imputation;
import halo.model.ImputationLikelihood;
import halo.model.ModelKind;
import halo.model.VisitProbabilities;
import halo.report.Chart;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The metric families wired once: which metric objects, at the paper's sizes (each metric's own
 * {@code paper()} or {@code standard()} factory, with the caller's seed for its draws; bootstrap
 * intervals keep {@link Bootstrap#standard()}), make which named tables and charts, and which models
 * get a "not applicable" row. The experiments of {@link
 * halo.experiment} (hence the notebooks and {@code ./halo reproduce}) and {@code ./halo evaluate} both
 * call these methods: the experiments add what is theirs around them (cached models and cohorts,
 * several generation seeds, the models table, provenance), the command reads the cohorts and
 * checkpoints it is given. Table and chart names are those the notebooks show; the metric classes
 * remain usable one by one.
 */
public final class EvaluationSuite {
  private EvaluationSuite() {}

  /** Records per batch when a model scores test records (language modelling, the likelihood attack). */
  public static final int SCORING_BATCH = 64;

  /** Named tables and charts of one family, in the order they should be written. */
  public record Report(Map<String, Table> tables, Map<String, Chart> charts) {
    public Report() {
      this(new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    /**
     * The rows of {@code other}'s tables appended to this report's tables of the same name (new names
     * added), so a family can be run one model at a time; charts of {@code other} replace those of the
     * same name. Returns this report.
     */
    public Report append(Report other) {
      other.tables().forEach((name, t) -> tables.merge(name, t, EvaluationSuite::append));
      charts.putAll(other.charts());
      return this;
    }
  }

  /** The inputs: records per source and the zero-visit records removed from synthetic sources. */
  public static Table inputs(EncodedCohort real, String realName, Map<String, EncodedCohort> synthetic) {
    Table t = Table.create("Inputs", StringColumn.create("source"), IntColumn.create("records"),
        IntColumn.create("zero_visit_records_removed"));
    t.stringColumn("source").append(realName);
    t.intColumn("records").append(real.size());
    t.intColumn("zero_visit_records_removed").append(0);
    synthetic.forEach((k, c) -> {
      t.stringColumn("source").append(k);
      t.intColumn("records").append(c.nonEmpty().size());
      t.intColumn("zero_visit_records_removed").append(c.size() - c.nonEmpty().size());
    });
    return t;
  }

  private static Map<String, EncodedCohort> nonEmpty(Map<String, EncodedCohort> synthetic) {
    Map<String, EncodedCohort> m = new LinkedHashMap<>();
    synthetic.forEach((k, c) -> m.put(k, c.nonEmpty()));
    return m;
  }

  /**
   * Language modelling (paper Table 1) on the test set: a row per model of {@code scored}, then a
   * "not applicable" row per entry of {@code notApplicable} (name → reason), so a caller can list a
   * model without loading (or training) it. When the labels are defined by codes, also
   * "label-dynamics": each scored model's teacher-forced onset and recurrence of the chronic labels'
   * codes against the real records' ({@link LabelDynamics}).
   */
  public static Report languageModelling(Map<String, ? extends VisitProbabilities> scored, Map<String, String> notApplicable,
      EncodedCohort test) {
    Table t = LanguageModelMetrics.of(new LinkedHashMap<>(scored), test, SCORING_BATCH, Dataset.DEFAULT_MAX_VISITS + 2,
        Bootstrap.standard());
    notApplicable.forEach((name, reason) -> NotApplicable.append(t, "model", name, reason));
    Report r = new Report();
    r.tables().put("language-modeling", t);
    if (!scored.isEmpty()) {
      Vocabulary v = scored.values().iterator().next().vocabulary();
      if (v.definesLabels()) r.tables().put("label-dynamics", LabelDynamics.of(v, test, scored));
    }
    return r;
  }

  /** As above for loaded models: those without {@link VisitProbabilities} get the "not applicable" rows. */
  public static Report languageModelling(Map<String, ? extends GenerativeModel> models, EncodedCohort test) {
    Map<String, String> reasons = new LinkedHashMap<>();
    models.forEach((name, m) -> {
      if (!(m instanceof VisitProbabilities)) reasons.put(name, Capabilities.notApplicable(name, VisitProbabilities.class));
    });
    return languageModelling(Capabilities.select(models, VisitProbabilities.class), reasons, test);
  }

  /** Test records per imputation task ({@link #imputation}): enough for a tight interval, a few minutes per model on a CPU. */
  public static final int IMPUTATION_RECORDS = 500;

  /**
   * Imputation of real test records (PromptEHR Table 2 and §3.4): the lpl/mpl table for the models
   * with {@link ImputationLikelihood}, and the imputed codes against the real ones for the models with
   * {@link Imputation}, each on the first {@code records} test records a task applies to, with a
   * reference row that knows only the training split's code frequencies ({@link FrequencyReference}); every other
   * model and task gets a "not applicable" row, as do the models of {@code notLoaded} (name → kind),
   * listed without being loaded because their class has neither capability.
   */
  public static Report imputation(Vocabulary v, Map<String, ? extends GenerativeModel> models, Map<String, ModelKind> notLoaded,
      EncodedCohort train, EncodedCohort test, int records, long seed) {
    Map<String, String> noLikelihood = new LinkedHashMap<>(), noImputation = new LinkedHashMap<>();
    models.forEach((name, m) -> {
      if (!(m instanceof ImputationLikelihood)) noLikelihood.put(name, Capabilities.notApplicable(name, ImputationLikelihood.class));
    });
    notLoaded.forEach((name, k) -> {
      for (Class<?> c : List.of(ImputationLikelihood.class, Imputation.class)) {
        if (c.isAssignableFrom(k.modelClass())) throw new IllegalArgumentException(name + " has " + Capabilities.name(c) + ": load it");
      }
      noLikelihood.put(name, Capabilities.notApplicable(name, ImputationLikelihood.class));
      noImputation.put(name, Capabilities.notApplicable(name, Imputation.class));
    });
    Report r = new Report();
    Map<String, ImputationLikelihood> scored = new LinkedHashMap<>(Capabilities.select(models, ImputationLikelihood.class));
    scored.put(FrequencyReference.NAME, new FrequencyReference(v, train));
    r.tables().put("imputation-perplexity", ImputationPerplexity.of(scored, noLikelihood, test, records, Bootstrap.standard()));
    r.tables().put("imputation-accuracy", ImputationAccuracy.of(v, models, noImputation, test, records, seed, Bootstrap.standard()));
    return r;
  }

  /**
   * Statistical similarity against the real training split (paper Fig. 3, Tables 2-3): code
   * statistics (overall, by frequency decile, scatter charts), record shape, label prevalence,
   * agreement and rows, and the dimension-wise correlation. {@code ownLabelRows} adds label-row
   * sources (e.g. "halo (own)": the label rows a model samples itself) to the label-rows table.
   */
  public static Report similarity(Vocabulary v, EncodedCohort realTrain, Map<String, EncodedCohort> synthetic,
      Map<String, List<int[]>> ownLabelRows, long seed) {
    Report r = new Report();
    Map<String, EncodedCohort> syn = nonEmpty(synthetic);
    int space = v.codeCount();
    CodeStatistics real = CodeStatistics.of(realTrain, space);
    Map<String, CodeStatistics> stats = new LinkedHashMap<>();
    Table sim = null, dec = null, dw = null;
    DimensionWiseCorrelation dimensionWise = DimensionWiseCorrelation.standard().withSeed(seed);
    for (var e : syn.entrySet()) {
      CodeStatistics s = CodeStatistics.of(e.getValue(), space);
      stats.put(e.getKey(), s);
      sim = append(sim, Similarity.of(e.getKey(), real, s));
      dec = append(dec, Similarity.byDecile(e.getKey(), real, s));
      if (realTrain.size() >= dimensionWise.groups() && e.getValue().size() >= dimensionWise.groups()) {
        dw = append(dw, dimensionWise.of(e.getKey(), realTrain, e.getValue(), space));
      }
    }
    Map<String, EncodedCohort> withReal = new LinkedHashMap<>();
    withReal.put("real", realTrain);
    withReal.putAll(syn);
    put(r, "similarity", sim);
    put(r, "similarity-by-frequency-decile", dec);
    r.tables().put("shape", ShapeStatistics.summary(withReal));
    r.tables().put("shape-distributions", ShapeStatistics.distributions(withReal));
    r.tables().put("label-prevalence", ShapeStatistics.labelPrevalence(v, realTrain, syn));
    r.tables().put("label-agreement", ShapeStatistics.labelAgreement(v, realTrain, syn));
    r.tables().put("label-rows", labelRows(v, realTrain, syn, ownLabelRows));
    put(r, "dimension-wise", dw);
    if (!stats.isEmpty()) {
      for (CodeStatistics.Statistic s : CodeStatistics.Statistic.values()) {
        r.charts().put(s.label().replace(' ', '-'), SimilarityFigures.scatter(s, real, stats));
      }
      double[] realPrev = ShapeStatistics.labelPrevalence(realTrain, v.labelCount());
      List<Chart.Series> series = new ArrayList<>();
      syn.forEach((k, c) -> {
        double[] sp = ShapeStatistics.labelPrevalence(c, v.labelCount());
        series.add(new Chart.Series(String.format(Locale.ROOT, "%s (R² = %.3f)", k, Agreement.r2(realPrev, sp)), realPrev, sp));
      });
      r.charts().put("label-prevalence-scatter",
          Chart.scatter("Label prevalence", "real", "synthetic", true, series.toArray(Chart.Series[]::new)));
    }
    return r;
  }

  /**
   * The LLM-generator comparison on the patient × code matrix of {@code kinds} ({@link MatrixSimilarity}):
   * every cohort projected onto the same columns, the dimension-wise probabilities (table and scatter,
   * its Fig. 1) and the covariance and correlation MAE between ten groups (its Fig. 2).
   */
  public static Report matrix(Vocabulary v, EncodedCohort realTrain, Map<String, EncodedCohort> synthetic, Set<CodeKind> kinds, long seed) {
    Report r = new Report();
    Map<String, EncodedCohort> syn = nonEmpty(synthetic);
    r.tables().put("matrix-probability", MatrixSimilarity.probabilities(v, realTrain, syn, kinds));
    put(r, "matrix-covariance", MatrixSimilarity.covariance(v, realTrain, syn, kinds, DimensionWiseCorrelation.standard().groups(), seed));
    if (!syn.isEmpty()) r.charts().put("matrix-probability-scatter", MatrixSimilarity.scatter(v, realTrain, syn, kinds));
    for (var e : syn.entrySet()) {
      if (realTrain.size() >= DimensionWiseCorrelation.standard().groups() && e.getValue().size() >= DimensionWiseCorrelation.standard().groups()) {
        r.charts().put("matrix-covariance-" + e.getKey(),
            MatrixSimilarity.covarianceHistogram(e.getKey(), v, realTrain, e.getValue(), kinds, DimensionWiseCorrelation.standard().groups(), seed));
      }
    }
    return r;
  }

  /**
   * Privacy (paper Table 6 and its supplement): for each synthetic cohort the dataset membership
   * attack, then the likelihood attack on the model of the same name when there is one ("not
   * applicable" for a model that scores no records), then the attacks on models without a cohort;
   * attribute inference, nearest-neighbour adversarial accuracy and the exact-copy rate per cohort.
   */
  public static Report privacy(Vocabulary v, EncodedCohort train, EncodedCohort test, Map<String, EncodedCohort> synthetic,
      Map<String, ? extends GenerativeModel> models, long seed) {
    MembershipInference mi = MembershipInference.standard().withSeed(seed);
    NearestNeighbourAdversarialAccuracy nnaa = NearestNeighbourAdversarialAccuracy.standard().withSeed(seed);
    AttributeInference ai = AttributeInference.standard().withSeed(seed);
    Table membership = null, attribute = null, neighbours = null, copies = null;
    for (var e : synthetic.entrySet()) {
      String k = e.getKey();
      membership = append(membership, mi.datasetAttack(k, train, test, e.getValue(), v.codeCount()));
      if (models.containsKey(k)) membership = append(membership, mi.modelAttack(k, models.get(k), train, test, SCORING_BATCH));
      attribute = append(attribute, ai.of(k, train, test, e.getValue(), v.labelCount(), v.codeCount()));
      neighbours = append(neighbours, nnaa.of(k, train, test, e.getValue(), v.codeCount()));
      copies = append(copies, ExactCopyRate.of(k, train, e.getValue()));
    }
    for (var e : models.entrySet()) {
      if (!synthetic.containsKey(e.getKey())) membership = append(membership, mi.modelAttack(e.getKey(), e.getValue(), train, test, SCORING_BATCH));
    }
    Report r = new Report();
    put(r, "membership-inference", membership);
    put(r, "attribute-inference", attribute);
    put(r, "nearest-neighbour-adversarial-accuracy", neighbours);
    put(r, "exact-copies", copies);
    return r;
  }

  /**
   * One phenotyping run: the synthetic cohorts of one seed and the classifiers trained on them.
   *
   * @param seed added to the family's seed for this run's draws and classifiers (0 for the first)
   * @param combined whether real+NAME training sets are made as well (costly: the experiment makes them for the first seed only)
   */
  public record PhenotypingRun(int seed, Map<String, EncodedCohort> synthetic, List<RecordClassifier> classifiers, boolean combined) {}

  /**
   * Phenotyping utility (paper Table 4) at the paper's sizes ({@link Phenotyping#paper()}), over one
   * or more runs: "summary" (per classifier and source, over seeds), "per-label", "per-label-seeds"
   * (every row, with its seed), "label-consistency" (real and the first run's cohorts, when labels are
   * defined by codes), "skipped" (labels of the first seed without positives) and an AUROC bar chart
   * per classifier.
   */
  public static Report utility(Vocabulary v, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      List<PhenotypingRun> runs, long seed, PrintStream log) {
    if (runs.isEmpty()) throw new IllegalArgumentException("phenotyping needs at least one run (synthetic cohorts and classifiers)");
    int seeds = (int) runs.stream().mapToInt(PhenotypingRun::seed).distinct().count();
    Table perSeed = null;
    List<String> skipped = new ArrayList<>();
    for (PhenotypingRun run : runs) {
      if (log != null) {
        log.println("phenotyping, seed " + (run.seed() + 1) + " of " + seeds + ": " + describe(run.classifiers()) + " on real and "
            + run.synthetic().keySet());
      }
      var result = Phenotyping.paper().withSeed(seed + run.seed())
          .of(v, train, validation, test, run.synthetic(), run.classifiers(), run.combined(), log);
      Table rows = result.metrics().copy();
      rows.insertColumn(0, IntColumn.create("seed", Collections.nCopies(rows.rowCount(), run.seed()).stream().mapToInt(Integer::intValue).toArray()));
      if (perSeed == null) perSeed = rows;
      else perSeed.append(rows);
      if (run.seed() == runs.get(0).seed()) skipped.addAll(result.skipped());
    }
    Report r = new Report();
    Table perLabel = PhenotypingSummary.perLabel(perSeed);
    r.tables().put("summary", PhenotypingSummary.of(perSeed));
    r.tables().put("per-label", perLabel);
    r.tables().put("per-label-seeds", perSeed);
    if (v.definesLabels()) r.tables().put("label-consistency", labelConsistency(v, train, nonEmpty(runs.get(0).synthetic())));
    r.tables().put("skipped", Table.create("Labels skipped", StringColumn.create("reason", skipped)));
    for (String classifier : perLabel.stringColumn("classifier").unique().asList()) {
      Table mc = perLabel.where(perLabel.stringColumn("classifier").isEqualTo(classifier));
      List<String> labels = mc.stringColumn("label_name").unique().asList();
      List<String> sources = mc.stringColumn("source").unique().asList();
      List<double[]> values = new ArrayList<>();
      for (String s : sources) {
        double[] a = new double[labels.size()];
        Arrays.fill(a, Double.NaN);
        Table ms = mc.where(mc.stringColumn("source").isEqualTo(s));
        for (int i = 0; i < ms.rowCount(); i++) a[labels.indexOf(ms.stringColumn("label_name").get(i))] = ms.doubleColumn("auroc_mean").get(i);
        values.add(a);
      }
      r.charts().put("auroc-" + classifier, Chart.bars("Phenotyping AUROC (" + classifier + ")", "AUROC", labels, sources, values));
    }
    return r;
  }

  /** The classifiers as provenance and logs name them: the BiLSTM with its epochs. */
  public static String describe(List<RecordClassifier> classifiers) {
    return classifiers.isEmpty() ? "none" : classifiers.stream()
        .map(c -> c instanceof BiLstmClassifier b ? b.name() + " " + b.epochs() + " epochs" : c.name()).collect(Collectors.joining(", "));
  }

  /**
   * Rare-disease augmentation (paper Table 5) at the paper's sizes ({@link
   * RareDiseaseAugmentation#paper()}): one synthetic-balanced set per entry of {@code positives}
   * (synthetic records carrying {@code label}), table "augmentation".
   */
  public static Report rareDisease(Vocabulary v, int label, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> positives, List<RecordClassifier> classifiers, long seed) {
    Report r = new Report();
    r.tables().put("augmentation", RareDiseaseAugmentation.paper().withSeed(seed).of(v, label, train, validation, test, positives, classifiers));
    return r;
  }

  /**
   * Continuous variables (paper Fig. 4): "summary" and "labs" tables per source, and the charts of gap
   * density, mean gap by visit number, lab presence and mean lab value. Both sides are decoded with
   * {@code seed}.
   */
  public static Report continuous(Vocabulary v, EncodedCohort realTrain, Map<String, EncodedCohort> synthetic, long seed) {
    Table summary = null, labs = null;
    List<Chart.Series> density = new ArrayList<>(), byVisit = new ArrayList<>(), presence = new ArrayList<>(), means = new ArrayList<>();
    for (var e : synthetic.entrySet()) {
      String k = e.getKey();
      var res = ContinuousVariables.standard().of(k, v, realTrain, e.getValue(), seed);
      summary = append(summary, res.summary());
      Table perLab = res.perLab().copy();
      perLab.insertColumn(0, StringColumn.create("source", Collections.nCopies(perLab.rowCount(), k)));
      labs = append(labs, perLab);
      if (density.isEmpty()) {
        density.add(new Chart.Series("real", centres(res.gapDensity()), res.gapDensity().doubleColumn("real_density").asDoubleArray()));
        byVisit.add(series("real", res.gapByVisit(), "visit_number", "real_mean"));
      }
      density.add(new Chart.Series(k, centres(res.gapDensity()), res.gapDensity().doubleColumn("synthetic_density").asDoubleArray()));
      byVisit.add(series(k, res.gapByVisit(), "visit_number", "synthetic_mean"));
      presence.add(series(k, res.perLab(), "real_presence", "synthetic_presence"));
      Table both = res.perLab().where(res.perLab().doubleColumn("real_mean").isNotMissing()
          .and(res.perLab().doubleColumn("synthetic_mean").isNotMissing()));
      means.add(series(k, both, "real_mean", "synthetic_mean"));
    }
    Report r = new Report();
    if (summary == null) return r;
    r.tables().put("summary", summary);
    r.tables().put("labs", labs);
    r.charts().put("gap-density", Chart.lines("Density of days between visits (by gap bucket)", "days (bucket centre)", "density",
        density.toArray(Chart.Series[]::new)));
    r.charts().put("gap-by-visit", Chart.lines("Mean days since the previous visit, by visit number", "visit number", "days",
        byVisit.toArray(Chart.Series[]::new)));
    r.charts().put("lab-presence", Chart.scatter("Probability that a visit holds each lab", "real", "synthetic", true,
        presence.toArray(Chart.Series[]::new)));
    r.charts().put("lab-mean", Chart.scatter("Mean value of each lab (its own unit)", "real", "synthetic", true,
        means.toArray(Chart.Series[]::new)));
    return r;
  }

  /** Each gap bucket's centre on a log scale: √(low·high), or high/2 for the bucket that starts at 0. */
  private static double[] centres(Table gapDensity) {
    double[] low = gapDensity.numberColumn("low").asDoubleArray(), high = gapDensity.numberColumn("high").asDoubleArray();
    double[] c = new double[low.length];
    for (int i = 0; i < c.length; i++) c[i] = low[i] > 0 ? Math.sqrt(low[i] * high[i]) : high[i] / 2;
    return c;
  }

  private static Chart.Series series(String name, Table t, String x, String y) {
    return new Chart.Series(name, t.numberColumn(x).asDoubleArray(), t.numberColumn(y).asDoubleArray());
  }

  /**
   * Label rows of real, of each synthetic source and of each extra source in {@code own}: exclusivity
   * of demographic groups, prevalence and co-occurrence errors against real.
   */
  public static Table labelRows(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic, Map<String, List<int[]>> own) {
    List<int[]> realRows = LabelRows.of(real);
    Map<String, List<int[]>> rows = new LinkedHashMap<>();
    rows.put("real", realRows);
    synthetic.forEach((k, c) -> rows.put(k, LabelRows.of(c)));
    rows.putAll(own);
    return LabelRows.summary(v, realRows, rows);
  }

  /** P(defining code | label) and P(label | defining code), real and each synthetic source (labels defined by codes only). */
  public static Table labelConsistency(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic) {
    Map<String, EncodedCohort> sources = new LinkedHashMap<>();
    sources.put("real", real);
    sources.putAll(synthetic);
    return LabelConsistency.of(v, sources);
  }

  private static void put(Report r, String name, Table t) {
    if (t != null) r.tables().put(name, t);
  }

  /**
   * {@code t} appended to {@code acc} (a copy of {@code t} when {@code acc} is null), "not applicable"
   * columns aligned; once the rows are about several sources, a caption naming the first says "each model".
   */
  static Table append(Table acc, Table t) {
    if (acc == null) return t.copy();
    String first = source(acc);
    NotApplicable.align(acc, t);
    acc.append(t);
    String other = source(t);
    if (first != null && other != null && !first.equals(other)) {
      acc.setName(acc.name().replaceAll("\\b" + Pattern.quote(first) + "\\b", "each model"));
    }
    return acc;
  }

  /** The model a per-model table is about: the first value of its "source" or "model" column, or null. */
  private static String source(Table t) {
    for (String c : List.of("source", "model")) {
      if (t.columnNames().contains(c) && t.rowCount() > 0 && t.column(c) instanceof StringColumn sc) return sc.get(0);
    }
    return null;
  }
}
