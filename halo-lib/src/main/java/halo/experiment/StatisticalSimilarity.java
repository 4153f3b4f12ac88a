package halo.experiment;

import halo.data.EncodedCohort;
import halo.eval.labels.LabelRows;
import halo.eval.similarity.CodeStatistics;
import halo.eval.similarity.DimensionWiseCorrelation;
import halo.eval.similarity.ShapeStatistics;
import halo.eval.similarity.Similarity;
import halo.eval.similarity.SimilarityFigures;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Paper Fig. 3 and Tables 2–3: how closely each model's synthetic cohort reproduces the real training
 * data's code statistics — per-visit and per-record unigram, same-visit bigram and sequential-visit
 * bigram probabilities (R² as the authors compute it, with Pearson and Spearman), the same broken down
 * by code-frequency decile, record/visit shape and label prevalence, and the dimension-wise
 * correlation / covariance errors of the LLM-generator paper.
 */
public final class StatisticalSimilarity {
  public static final String ID = "03-statistical-similarity";
  public static final List<ModelKind> MODELS = Models.ALL;

  private StatisticalSimilarity() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    EncodedCohort real = wb.dataset().train();
    int space = wb.dataset().vocabulary().codeCount();
    CodeStatistics realStats = CodeStatistics.of(real, space);
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log).nonEmpty());

    var out = new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "synthetic records = train size, seed " + Models.GENERATION_SEED));
    Table similarity = null, deciles = null, dimension = null;
    Map<String, CodeStatistics> stats = new LinkedHashMap<>();
    for (var e : synthetic.entrySet()) {
      CodeStatistics s = CodeStatistics.of(e.getValue(), space);
      stats.put(e.getKey(), s);
      similarity = append(similarity, Similarity.of(e.getKey(), realStats, s));
      deciles = append(deciles, Similarity.byDecile(e.getKey(), realStats, s));
      dimension = append(dimension, DimensionWiseCorrelation.standard().of(e.getKey(), real, e.getValue(), space));
    }
    Map<String, EncodedCohort> withReal = new LinkedHashMap<>();
    withReal.put("real", real);
    withReal.putAll(synthetic);
    out.table("models", Models.summary(wb, MODELS, log))
        .table("similarity", similarity)
        .table("similarity-by-frequency-decile", deciles)
        .table("shape", ShapeStatistics.summary(withReal))
        .table("label-prevalence", ShapeStatistics.labelPrevalence(wb.dataset().vocabulary(), real, synthetic))
        .table("label-rows", labelRows(wb, synthetic, log))
        .table("dimension-wise", dimension);
    for (var s : CodeStatistics.Statistic.values()) {
      out.chart(s.label().replace(' ', '-'), SimilarityFigures.scatter(s, realStats, stats));
    }
    return out.build();
  }

  /** Records whose label rows each model samples itself for the label-rows diagnostic (2,000; 100 at smoke scale). */
  static int ownLabelRows(Scale scale) {
    return scale == Scale.SMOKE ? 100 : 2_000;
  }

  /**
   * Label rows of the real training split, of each synthetic cohort (label rows drawn from the
   * training split for every model that can be conditioned, see {@link Models#LABEL_ROWS}), and the
   * label rows each model samples itself when nothing is given ("own"): exclusivity of demographic
   * groups and errors of prevalence and co-occurrence against real.
   */
  static Table labelRows(Workbench wb, Map<String, EncodedCohort> synthetic, PrintStream log) throws IOException {
    var v = wb.dataset().vocabulary();
    var real = LabelRows.of(wb.dataset().train());
    Map<String, java.util.List<int[]>> sources = new LinkedHashMap<>();
    sources.put("real", real);
    synthetic.forEach((k, c) -> sources.put(k, LabelRows.of(c)));
    for (ModelKind k : MODELS) {
      try (var m = Models.load(wb, k, log)) {
        sources.put(k.id() + " (own)", new halo.sample.Generator(m).modelLabelRows(ownLabelRows(wb.scale()), Models.GENERATION_SEED));
      }
    }
    return LabelRows.summary(v, real, sources);
  }

  static Table append(Table acc, Table t) {
    if (acc == null) return t.copy();
    String first = source(acc);
    halo.eval.NotApplicable.align(acc, t);
    acc.append(t);
    // the caption named the first model; the table now holds several
    String other = source(t);
    if (first != null && other != null && !first.equals(other)) {
      acc.setName(acc.name().replaceAll("\\b" + java.util.regex.Pattern.quote(first) + "\\b", "each model"));
    }
    return acc;
  }

  /** The model a per-model table is about: the first value of its "source" or "model" column, or null. */
  private static String source(Table t) {
    for (String c : List.of("source", "model")) {
      if (t.columnNames().contains(c) && t.rowCount() > 0 && t.column(c) instanceof tech.tablesaw.api.StringColumn sc) {
        return sc.get(0);
      }
    }
    return null;
  }
}
