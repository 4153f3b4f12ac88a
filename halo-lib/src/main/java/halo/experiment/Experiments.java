package halo.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The paper's experiments in notebook order, each runnable without Jupyter ({@code ./halo reproduce}).
 * Notebook 08 (conditional generation) composes several calls and is run by {@link #conditional}.
 */
public final class Experiments {
  private Experiments() {}

  /** An experiment that runs on a workbench. */
  @FunctionalInterface
  public interface Runner {
    ExperimentResult run(Workbench wb, PrintStream log) throws IOException;
  }

  /** An experiment's id (its results folder and notebook name) and how to run it. */
  public record Entry(String id, Runner runner) {}

  public static List<Entry> all() {
    return List.of(
        new Entry(DataOverview.ID, (wb, log) -> DataOverview.run(wb)),
        new Entry(LanguageModeling.ID, LanguageModeling::run),
        new Entry(StatisticalSimilarity.ID, StatisticalSimilarity::run),
        new Entry(Utility.PHENOTYPING, Utility::phenotyping),
        new Entry(Utility.RARE_DISEASE, Utility::rareDisease),
        new Entry(Continuous.ID, Continuous::run),
        new Entry(Privacy.ID, Privacy::run),
        new Entry(ConditionalGeneration.ID, Experiments::conditional));
  }

  /** Notebook 08's tables: a diabetic-women cohort, a continued test record, next-visit probabilities. */
  public static ExperimentResult conditional(Workbench wb, PrintStream log) throws IOException {
    List<String> labels = List.of("diabetes", "sex:f");
    int n = wb.scale() == Scale.SMOKE ? 50 : 500;
    var cohort = ConditionalGeneration.conditioned(wb, labels, n, 4, log);
    String patient = ConditionalGeneration.exampleTestRecord(wb);
    return new ExperimentResult.Builder(ConditionalGeneration.ID,
            Models.provenance(wb, List.of(halo.model.ModelKind.HALO), "labels " + labels + ", " + n + " records, seed 4"))
        .table("profile", ConditionalGeneration.profile(wb, labels, cohort))
        .table("continuation", ConditionalGeneration.continuation(wb, patient, 2, 3, 4, log))
        .table("next-visit", ConditionalGeneration.nextVisit(wb, patient, 3, 15, log))
        .build();
  }
}
