package halo.experiment;

import halo.eval.Bootstrap;
import halo.eval.lm.LanguageModelMetrics;
import halo.model.ModelKind;
import halo.model.RowProbabilityModel;
import halo.model.VisitModel;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Paper Table 1: held-out language modelling of HALO, HALO-Coarse and the LSTM on the real test set —
 * BCE (per unmasked output and the authors' diluted value), micro precision/recall/F1 at 0.5 and the
 * three perplexities (per visit, per present code, per possible code) with bootstrap intervals.
 */
public final class LanguageModeling {
  public static final String ID = "02-language-modeling";
  /** The models the paper compares on likelihood (those that give per-code probabilities). */
  public static final List<ModelKind> MODELS = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM);

  private LanguageModeling() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    List<VisitModel> open = new ArrayList<>();
    try {
      Map<String, RowProbabilityModel> models = new LinkedHashMap<>();
      for (ModelKind k : MODELS) {
        VisitModel m = Models.load(wb, k, log);
        open.add(m);
        models.put(k.id(), m);
      }
      var table = LanguageModelMetrics.of(models, wb.dataset().test(), 64, halo.data.Dataset.DEFAULT_MAX_VISITS + 2, Bootstrap.standard());
      return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "batch 64, bootstrap " + Bootstrap.standard()))
          .table("language-modeling", table).build();
    } finally {
      for (VisitModel m : open) m.close();
    }
  }

}
