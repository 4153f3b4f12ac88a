package halo.experiment;

import halo.data.EncodedCohort;
import halo.eval.EvaluationSuite;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Fig. 4: continuous variables — the density of days between visits, the mean gap by visit
 * number, each lab's presence probability and mean value (each with R²) and a per-lab Wasserstein
 * distance, for each model's synthetic cohort against the real training records ({@link
 * EvaluationSuite#continuous}). Both sides are decoded from bucket codes by a uniform draw inside the
 * bucket (protocol Part A §8).
 */
public final class Continuous {
  public static final String ID = "06-continuous-variables";
  public static final List<ModelKind> MODELS = Models.ALL;

  private Continuous() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log));
    return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "decoding seed " + Workbench.SEED))
        .report(EvaluationSuite.continuous(wb.dataset().vocabulary(), wb.dataset().train(), synthetic, Workbench.SEED))
        .build();
  }
}
