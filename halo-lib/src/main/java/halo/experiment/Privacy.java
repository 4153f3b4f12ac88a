package halo.experiment;

import halo.eval.EvaluationSuite;
import halo.model.GenerativeModel;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Paper Table 6 and its supplement: does a synthetic cohort leak its training records? Membership
 * inference (the likelihood attack on each model and the nearest-record attack on each synthetic cohort),
 * attribute inference against the real-test baseline, nearest-neighbour adversarial accuracy, and
 * the exact-copy rate the authors' metrics cannot see ({@link EvaluationSuite#privacy}, one model at a
 * time so that only one is in memory).
 */
public final class Privacy {
  public static final String ID = "07-privacy";
  public static final List<ModelKind> MODELS = Models.ALL;

  private Privacy() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    var d = wb.dataset();
    EvaluationSuite.Report report = new EvaluationSuite.Report();
    for (ModelKind k : MODELS) {
      var synthetic = Map.of(k.id(), Models.synthetic(wb, k, log));
      try (GenerativeModel m = Models.load(wb, k, log)) {
        report.append(EvaluationSuite.privacy(d.vocabulary(), d.train(), d.test(), synthetic, Map.of(k.id(), m), Workbench.SEED));
      }
    }
    return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "attacks: standard sizes, seed " + Workbench.SEED))
        .report(report).build();
  }
}
