package halo.experiment;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The paper's experiments in notebook order, each runnable without Jupyter ({@code ./halo reproduce}).
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
        new Entry(ConditionalGeneration.ID, ConditionalGeneration::run),
        new Entry(ImputationStudy.ID, ImputationStudy::run),
        new Entry(MatrixComparison.ID, MatrixComparison::run));
  }

}
