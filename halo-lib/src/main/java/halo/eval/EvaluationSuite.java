package halo.eval;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.continuous.ContinuousVariables;
import halo.eval.labels.LabelConsistency;
import halo.eval.labels.LabelRows;
import halo.eval.lm.LanguageModelMetrics;
import halo.eval.privacy.AttributeInference;
import halo.eval.privacy.ExactCopyRate;
import halo.eval.privacy.MembershipInference;
import halo.eval.privacy.NearestNeighbourAdversarialAccuracy;
import halo.eval.similarity.CodeStatistics;
import halo.eval.similarity.DimensionWiseCorrelation;
import halo.eval.similarity.ShapeStatistics;
import halo.eval.similarity.Similarity;
import halo.eval.similarity.SimilarityFigures;
import halo.eval.utility.Phenotyping;
import halo.eval.utility.RareDiseaseAugmentation;
import halo.eval.utility.RecordClassifier;
import halo.model.GenerativeModel;
import halo.model.VisitProbabilities;
import halo.report.Chart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Each metric family run end to end on real and synthetic cohorts, as named tables and charts ready
 * for {@link halo.report.Results}. The CLI ({@code halo evaluate}) and the experiments call these;
 * the metric classes remain usable one by one.
 */
public final class EvaluationSuite {
  private EvaluationSuite() {}

  /** Named tables and charts of one family, in the order they should be written. */
  public record Report(Map<String, Table> tables, Map<String, Chart> charts) {
    public Report() {
      this(new LinkedHashMap<>(), new LinkedHashMap<>());
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

  /** Statistical similarity against the real training split (paper Fig. 3, Tables 2-3). */
  public static Report similarity(Vocabulary v, EncodedCohort realTrain, Map<String, EncodedCohort> synthetic, long seed) {
    Report r = new Report();
    Map<String, EncodedCohort> syn = nonEmpty(synthetic);
    r.tables().put("inputs", inputs(realTrain, "real train", synthetic));
    CodeStatistics real = CodeStatistics.of(realTrain, v.codeCount());
    Map<String, CodeStatistics> stats = new LinkedHashMap<>();
    syn.forEach((k, c) -> stats.put(k, CodeStatistics.of(c, v.codeCount())));
    Table sim = null, dec = null, dw = null;
    for (var e : stats.entrySet()) {
      sim = append(sim, Similarity.of(e.getKey(), real, e.getValue()));
      dec = append(dec, Similarity.byDecile(e.getKey(), real, e.getValue()));
      if (realTrain.size() >= 10 && syn.get(e.getKey()).size() >= 10) {
        var d = new DimensionWiseCorrelation(100, 10, seed);
        dw = append(dw, d.of(e.getKey(), realTrain, syn.get(e.getKey()), v.codeCount()));
      }
    }
    if (sim != null) r.tables().put("code_similarity", sim);
    if (dec != null) r.tables().put("code_similarity_by_decile", dec);
    if (dw != null) r.tables().put("dimensionwise_correlation", dw);
    Map<String, EncodedCohort> withReal = new LinkedHashMap<>();
    withReal.put("real", realTrain);
    withReal.putAll(syn);
    r.tables().put("shape", ShapeStatistics.summary(withReal));
    r.tables().put("shape_distributions", ShapeStatistics.distributions(withReal));
    r.tables().put("label_prevalence", ShapeStatistics.labelPrevalence(v, realTrain, syn));
    r.tables().put("label_agreement", ShapeStatistics.labelAgreement(v, realTrain, syn));
    r.tables().put("label_rows", labelRows(v, realTrain, syn));
    if (v.definesLabels()) r.tables().put("label_consistency", labelConsistency(v, realTrain, syn));
    if (!stats.isEmpty()) {
      for (CodeStatistics.Statistic s : CodeStatistics.Statistic.values()) {
        r.charts().put("scatter_" + s.name().toLowerCase(), SimilarityFigures.scatter(s, real, stats));
      }
      double[] realPrev = ShapeStatistics.labelPrevalence(realTrain, v.labelCount());
      List<Chart.Series> series = new ArrayList<>();
      syn.forEach((k, c) -> {
        double[] sp = ShapeStatistics.labelPrevalence(c, v.labelCount());
        series.add(new Chart.Series(String.format(java.util.Locale.ROOT, "%s (R² = %.3f)", k, Agreement.r2(realPrev, sp)),
            realPrev, sp));
      });
      r.charts().put("scatter_label_prevalence",
          Chart.scatter("Label prevalence", "real", "synthetic", true, series.toArray(Chart.Series[]::new)));
    }
    return r;
  }

  /** Privacy (paper Table 6): dataset membership attack, NNAA, attribute inference, exact copies. */
  public static Report privacy(Vocabulary v, EncodedCohort train, EncodedCohort test, Map<String, EncodedCohort> synthetic,
      Map<String, ? extends GenerativeModel> models, long seed) {
    Report r = new Report();
    r.tables().put("inputs", inputs(train, "real train", synthetic));
    var mi = new MembershipInference(7_500, seed, new Bootstrap(200, 0.95, seed));
    Table membership = null, nnaa = null, attr = null, copies = null;
    for (var e : synthetic.entrySet()) {
      membership = append(membership, mi.datasetAttack(e.getKey(), train, test, e.getValue(), v.codeCount()));
      nnaa = append(nnaa, new NearestNeighbourAdversarialAccuracy(5_000, seed).of(e.getKey(), train, test, e.getValue(), v.codeCount()));
      attr = append(attr, new AttributeInference(100, 1, seed).of(e.getKey(), train, test, e.getValue(), v.labelCount(), v.codeCount()));
      copies = append(copies, ExactCopyRate.of(e.getKey(), train, e.getValue()));
    }
    for (var e : models.entrySet()) membership = append(membership, mi.modelAttack(e.getKey(), e.getValue(), train, test, 64));
    if (membership != null) r.tables().put("membership_inference", membership);
    if (nnaa != null) r.tables().put("nearest_neighbour_adversarial_accuracy", nnaa);
    if (attr != null) r.tables().put("attribute_inference", attr);
    if (copies != null) r.tables().put("exact_copies", copies);
    return r;
  }

  /** Phenotyping utility (paper Table 4) with a bar chart of AUROC per label and source. */
  public static Report utility(Vocabulary v, EncodedCohort train, EncodedCohort validation, EncodedCohort test,
      Map<String, EncodedCohort> synthetic, List<RecordClassifier> classifiers, long seed) {
    Report r = new Report();
    r.tables().put("inputs", inputs(train, "real train", synthetic));
    var result = new Phenotyping(2_500, 250, 500, seed, new Bootstrap(200, 0.95, seed))
        .of(v, train, validation, test, synthetic, classifiers);
    r.tables().put("phenotyping", result.metrics());
    if (v.definesLabels()) r.tables().put("label_consistency", labelConsistency(v, train, nonEmpty(synthetic)));
    Table skipped = Table.create("Skipped", StringColumn.create("reason", result.skipped().toArray(String[]::new)));
    r.tables().put("phenotyping_skipped", skipped);
    Table m = result.metrics();
    for (RecordClassifier c : classifiers) {
      Table mc = m.where(m.stringColumn("classifier").isEqualTo(c.name()));
      List<String> labels = mc.stringColumn("label_name").unique().asList();
      List<String> sources = mc.stringColumn("source").unique().asList();
      List<double[]> values = new ArrayList<>();
      for (String s : sources) {
        double[] a = new double[labels.size()];
        java.util.Arrays.fill(a, Double.NaN);
        Table ms = mc.where(mc.stringColumn("source").isEqualTo(s));
        for (int i = 0; i < ms.rowCount(); i++) a[labels.indexOf(ms.stringColumn("label_name").get(i))] = ms.doubleColumn("auroc").get(i);
        values.add(a);
      }
      if (!labels.isEmpty()) {
        r.charts().put("auroc_" + c.name(), Chart.bars("Phenotyping AUROC (" + c.name() + ")", "AUROC", labels, sources, values));
      }
    }
    return r;
  }

  /** Rare-disease augmentation (paper Table 5). */
  public static Report rareDisease(Vocabulary v, int label, EncodedCohort train, EncodedCohort validation,
      EncodedCohort test, EncodedCohort syntheticPositives, List<RecordClassifier> classifiers, long seed) {
    Report r = new Report();
    r.tables().put("rare_disease", new RareDiseaseAugmentation(50_000, 50, 250, 500, seed, new Bootstrap(200, 0.95, seed))
        .of(v, label, train, validation, test, syntheticPositives, classifiers));
    return r;
  }

  /** Continuous variables (paper Fig. 4): tables per source and the gap-density chart. */
  public static Report continuous(Vocabulary v, EncodedCohort realTrain, Map<String, EncodedCohort> synthetic, long seed) {
    Report r = new Report();
    Table summary = null, labs = null;
    List<Chart.Series> density = new ArrayList<>();
    List<Chart.Series> byVisit = new ArrayList<>();
    boolean first = true;
    for (var e : synthetic.entrySet()) {
      var res = ContinuousVariables.standard().of(e.getKey(), v, realTrain, e.getValue(), seed);
      summary = append(summary, res.summary());
      Table l = res.perLab().copy();
      l.insertColumn(0, StringColumn.create("source", java.util.Collections.nCopies(l.rowCount(), e.getKey())));
      labs = append(labs, l);
      double[] mid = res.gapDensity().doubleColumn("low").add(res.gapDensity().doubleColumn("high")).divide(2).asDoubleArray();
      if (first) {
        density.add(new Chart.Series("real", mid, res.gapDensity().doubleColumn("real_density").asDoubleArray()));
        byVisit.add(new Chart.Series("real", res.gapByVisit().intColumn("visit_number").asDoubleColumn().asDoubleArray(),
            res.gapByVisit().doubleColumn("real_mean").asDoubleArray()));
        first = false;
      }
      density.add(new Chart.Series(e.getKey(), mid, res.gapDensity().doubleColumn("synthetic_density").asDoubleArray()));
      byVisit.add(new Chart.Series(e.getKey(), res.gapByVisit().intColumn("visit_number").asDoubleColumn().asDoubleArray(),
          res.gapByVisit().doubleColumn("synthetic_mean").asDoubleArray()));
    }
    if (summary != null) {
      r.tables().put("continuous_summary", summary);
      r.tables().put("continuous_labs", labs);
      r.charts().put("gap_density", Chart.lines("Gap density", "days between visits", "density", density.toArray(Chart.Series[]::new)));
      r.charts().put("gap_by_visit", Chart.lines("Mean gap before visit k", "visit number k", "days", byVisit.toArray(Chart.Series[]::new)));
    }
    return r;
  }

  /**
   * Language modelling (paper Table 1) for the given models on one test set; a model without {@link
   * VisitProbabilities} gets a row saying the metrics do not apply to it.
   */
  public static Report languageModelling(Map<String, ? extends GenerativeModel> models, EncodedCohort test, long seed) {
    Report r = new Report();
    r.tables().put("language_modelling", LanguageModelMetrics.ofModels(models, test, 64, halo.data.Dataset.DEFAULT_MAX_VISITS + 2,
        new Bootstrap(200, 0.95, seed)));
    return r;
  }

  /** Label rows of real and each synthetic source: demographic groups exclusive, prevalence and co-occurrence errors. */
  public static Table labelRows(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic) {
    Map<String, List<int[]>> rows = new LinkedHashMap<>();
    rows.put("real", LabelRows.of(real));
    synthetic.forEach((k, c) -> rows.put(k, LabelRows.of(c)));
    return LabelRows.summary(v, LabelRows.of(real), rows);
  }

  /** P(defining code | label) and P(label | defining code), real and each synthetic source (labels defined by codes only). */
  public static Table labelConsistency(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic) {
    Map<String, EncodedCohort> sources = new LinkedHashMap<>();
    sources.put("real", real);
    sources.putAll(synthetic);
    return LabelConsistency.of(v, sources);
  }

  private static Table append(Table acc, Table t) {
    if (acc == null) return t.copy();
    NotApplicable.align(acc, t);
    acc.append(t);
    return acc;
  }
}
