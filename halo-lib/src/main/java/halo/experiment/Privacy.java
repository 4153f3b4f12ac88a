package halo.experiment;

import halo.data.EncodedCohort;
import halo.eval.EvaluationSuite;
import halo.model.GenerativeModel;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Table 6 and its supplement: does a synthetic cohort leak its training records? Membership
 * inference (the likelihood attack on each model and the nearest-record attack on each synthetic cohort),
 * attribute inference against the real-test baseline, nearest-neighbour adversarial accuracy, and
 * the exact-copy rate the authors' metrics cannot see ({@link EvaluationSuite#privacy}).
 */
public final class Privacy {
  public static final String ID = "07-privacy";
  public static final List<ModelKind> MODELS = Models.ALL;

  private Privacy() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    Map<String, GenerativeModel> models = new LinkedHashMap<>();
    try {
      for (ModelKind k : MODELS) {
        synthetic.put(k.id(), Models.synthetic(wb, k, log));
        models.put(k.id(), Models.load(wb, k, log));
      }
      var report = EvaluationSuite.privacy(wb.dataset().vocabulary(), wb.dataset().train(), wb.dataset().test(), synthetic, models,
          Workbench.SEED);
      return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "attacks: standard sizes, seed " + Workbench.SEED))
          .report(report).build();
    } finally {
      for (GenerativeModel m : models.values()) m.close();
    }
  }
}
