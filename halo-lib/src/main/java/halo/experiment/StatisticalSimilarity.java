package halo.experiment;

import halo.data.EncodedCohort;
import halo.eval.EvaluationSuite;
import halo.model.ModelKind;
import halo.sample.Generator;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Fig. 3 and Tables 2–3: how closely each model's synthetic cohort reproduces the real training
 * data's code statistics — per-visit and per-record unigram, same-visit bigram and sequential-visit
 * bigram probabilities (R² as the authors compute it, with Pearson and Spearman), the same broken down
 * by code-frequency decile, record/visit shape and label prevalence, and the dimension-wise
 * correlation / covariance errors of the LLM-generator paper. The metrics are {@link
 * EvaluationSuite#similarity}'s; this adds the models table and the label rows each model samples itself.
 */
public final class StatisticalSimilarity {
  public static final String ID = "03-statistical-similarity";
  public static final List<ModelKind> MODELS = Models.ALL;

  private StatisticalSimilarity() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    EncodedCohort real = wb.dataset().train();
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log).nonEmpty());
    var out = new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "synthetic records = train size, seed " + Models.GENERATION_SEED));
    out.table("models", Models.summary(wb, MODELS, log));
    return out.report(EvaluationSuite.similarity(wb.dataset().vocabulary(), real, synthetic, ownLabelRows(wb, log), Workbench.SEED)).build();
  }

  /** Records whose label rows each model samples itself for the label-rows diagnostic (2,000; 100 at smoke scale). */
  static int ownLabelRows(Scale scale) {
    return scale == Scale.SMOKE ? 100 : 2_000;
  }

  /**
   * The label rows each model samples itself when nothing is given ("halo (own)", ...), beside those
   * of its synthetic cohort (drawn from the training split for every model that can be conditioned,
   * see {@link Models#LABEL_ROWS}) in the label-rows table.
   */
  static Map<String, List<int[]>> ownLabelRows(Workbench wb, PrintStream log) throws IOException {
    Map<String, List<int[]>> sources = new LinkedHashMap<>();
    for (ModelKind k : MODELS) {
      try (var m = Models.load(wb, k, log)) {
        sources.put(k.id() + " (own)", new Generator(m).modelLabelRows(ownLabelRows(wb.scale()), Models.GENERATION_SEED));
      }
    }
    return sources;
  }
}
