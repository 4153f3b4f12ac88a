package halo.experiment;

import halo.eval.Bootstrap;
import halo.eval.EvaluationSuite;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.ModelKind;
import halo.model.VisitProbabilities;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Table 1: held-out language modelling on the real test set — BCE (per unmasked output and the
 * authors' diluted value), micro precision/recall/F1 at 0.5 and the three perplexities (per visit, per
 * present code, per possible code) with bootstrap intervals — of every model with per-code visit
 * probabilities ({@link VisitProbabilities}: HALO, HALO-Coarse and the LSTM, the paper's three); the
 * table lists the other generators with the reason the metrics do not apply to them.
 */
public final class LanguageModeling {
  public static final String ID = "02-language-modeling";
  /** Every generator: those without per-code visit probabilities get a "not applicable" row. */
  public static final List<ModelKind> MODELS = Models.ALL;

  private LanguageModeling() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    return run(wb, MODELS, log);
  }

  /** The experiment over {@code kinds}: one row each, "not applicable" for those without per-code visit probabilities. */
  public static ExperimentResult run(Workbench wb, List<ModelKind> kinds, PrintStream log) throws IOException {
    List<ModelKind> scored = kinds.stream().filter(Capabilities.having(VisitProbabilities.class)::contains).toList();
    Map<String, String> notApplicable = new LinkedHashMap<>();
    for (ModelKind k : kinds) { // decided by the model's class: no need to train a model the metrics do not apply to
      if (!scored.contains(k)) notApplicable.put(k.id(), Capabilities.notApplicable(k.id(), VisitProbabilities.class));
    }
    List<GenerativeModel> open = new ArrayList<>();
    try {
      Map<String, VisitProbabilities> models = new LinkedHashMap<>();
      for (ModelKind k : scored) {
        GenerativeModel m = Models.load(wb, k, log);
        open.add(m);
        models.put(k.id(), (VisitProbabilities) m);
      }
      var report = EvaluationSuite.languageModelling(models, notApplicable, wb.dataset().test());
      return new ExperimentResult.Builder(ID, Models.provenance(wb, scored, "batch " + EvaluationSuite.SCORING_BATCH + ", bootstrap "
          + Bootstrap.standard())).report(report).build();
    } finally {
      for (GenerativeModel m : open) m.close();
    }
  }
}
