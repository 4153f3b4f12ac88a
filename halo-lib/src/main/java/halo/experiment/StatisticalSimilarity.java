package halo.experiment;

import halo.data.EncodedCohort;
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
        .table("dimension-wise", dimension);
    for (var s : CodeStatistics.Statistic.values()) {
      out.chart(s.label().replace(' ', '-'), SimilarityFigures.scatter(s, realStats, stats));
    }
    return out.build();
  }

  static Table append(Table acc, Table t) {
    if (acc == null) return t.copy();
    String first = source(acc);
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
