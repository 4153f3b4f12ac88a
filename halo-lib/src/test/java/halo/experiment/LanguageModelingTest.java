package halo.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.eval.NotApplicable;
import halo.model.ModelKind;
import halo.report.Results;
import halo.train.BenchCohort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The language-modelling experiment lists every model it is given, with the reason for those it does not apply to. */
class LanguageModelingTest {
  @Test
  void givenModelsWithoutPerCodeProbabilities_whenTheExperimentRuns_thenEachGetsANotApplicableRowAndNoneIsTrained(@TempDir Path dir)
      throws Exception {
    Workbench wb = new Workbench(Scale.SMOKE, BenchCohort.of(60, 20, 3, 3, 3, 6, 1), new RunCache(dir.resolve("runs")), dir.resolve("results"));
    ExperimentResult r = LanguageModeling.run(wb, List.of(ModelKind.GPT, ModelKind.EVA, ModelKind.SYNTEG), null);
    Table t = r.table("language-modeling");
    assertEquals(List.of("gpt", "eva", "synteg"), t.stringColumn("model").asList());
    assertEquals(List.of("not applicable: gpt has no per-code visit probabilities", "not applicable: eva has no per-code visit probabilities",
        "not applicable: synteg has no per-code visit probabilities"), t.stringColumn(NotApplicable.COLUMN).asList());
    for (int i = 0; i < t.rowCount(); i++) assertTrue(t.doubleColumn("bce").isMissing(i), "no value for " + t.stringColumn("model").get(i));
    assertTrue(!Files.exists(dir.resolve("runs").resolve("models")), "no model trained for a metric that does not apply");
    r.export(new Results(dir.resolve("out"), r.provenance())); // CSV, Markdown and LaTeX of a table with missing values
    for (String ext : List.of("csv", "md", "tex")) {
      String written = Files.readString(dir.resolve("out").resolve("language-modeling." + ext));
      assertTrue(written.contains("not applicable: eva has no per-code visit probabilities"), ext + ":\n" + written);
    }
  }
}
