package halo.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.cli.Main;
import halo.eval.utility.Phenotyping;
import halo.model.ModelKind;
import halo.sample.GenerationSummary;
import halo.train.BenchCohort;
import halo.train.TrainingSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * The notebooks' experiments and {@code ./halo evaluate} go one way to the metrics: on the same real
 * splits and the same synthetic cohort they give the same rows; and the models table reads what the
 * trainer and the generator wrote as records. One smoke HALO on a small bench cohort, trained once.
 */
class OnePathTest {
  @TempDir static Path dir;
  static Workbench wb;

  @BeforeAll
  static void open() {
    wb = new Workbench(Scale.SMOKE, BenchCohort.of(400, 20, 3, 3, 3, 6, 1), new RunCache(dir.resolve("runs")), dir.resolve("results"));
  }

  @Test
  void givenTheSameCohorts_whenTheExperimentAndTheEvaluateCommandRunPhenotyping_thenTheFirstSeedsRowsAreIdentical() throws Exception {
    ExperimentResult r = Utility.phenotyping(wb, List.of(ModelKind.HALO), null);
    Table all = r.table("per-label-seeds");
    Table experiment = all.where(all.intColumn("seed").isEqualTo(0));
    assertEquals(List.of("auroc-logistic"), List.copyOf(r.charts().keySet()), "the family's chart comes with it");

    Path data = dir.resolve("data");
    wb.dataset().save(data, "test fixture");
    Path syn = dir.resolve("halo.halo");
    Models.synthetic(wb, ModelKind.HALO, null).save(syn);
    Path out = dir.resolve("cli");
    assertEquals(0, Main.run("evaluate", "--family", "utility", "--data", data.toString(), "--synthetic", "halo=" + syn, "--out", out.toString()));
    List<String> csv = Files.readAllLines(out.resolve("per-label-seeds.csv")).stream().filter(l -> !l.startsWith("#")).toList();
    List<String> header = Arrays.asList(csv.get(0).split(","));

    List<String> fromCli = new ArrayList<>(), fromExperiment = new ArrayList<>();
    for (String line : csv.subList(1, csv.size())) {
      String[] f = line.split(",");
      fromCli.add(row(f[header.indexOf("label")], f[header.indexOf("source")], f[header.indexOf("classifier")], f[header.indexOf("n_train")],
          f[header.indexOf("n_val")], f[header.indexOf("n_test")], Double.parseDouble(f[header.indexOf("auroc")])));
    }
    for (int i = 0; i < experiment.rowCount(); i++) {
      fromExperiment.add(row("" + experiment.intColumn("label").get(i), experiment.stringColumn("source").get(i),
          experiment.stringColumn("classifier").get(i), "" + experiment.intColumn("n_train").get(i), "" + experiment.intColumn("n_val").get(i),
          "" + experiment.intColumn("n_test").get(i), experiment.doubleColumn("auroc").get(i)));
    }
    assertFalse(fromExperiment.isEmpty());
    assertEquals(fromExperiment, fromCli, "label, source, classifier, n_train, n_val, n_test, auroc");
    // the paper's sizes bound every set (the bench cohort has fewer records than they ask for)
    Phenotyping paper = Phenotyping.paper();
    for (int i = 0; i < experiment.rowCount(); i++) {
      assertTrue(experiment.intColumn("n_test").get(i) <= 2 * paper.testPerClass());
      assertTrue(experiment.intColumn("n_val").get(i) <= 2 * paper.validationPerClass());
    }
  }

  private static String row(String label, String source, String classifier, String nTrain, String nVal, String nTest, double auroc) {
    return String.join(",", label, source, classifier, nTrain, nVal, nTest, String.format(Locale.ROOT, "%.6f", auroc));
  }

  @Test
  void givenAModelTrainedAndSampledThroughTheCache_whenTheModelsTableIsMade_thenItShowsTheTrainersAndGeneratorsRecords() throws Exception {
    Table t = Models.summary(wb, List.of(ModelKind.HALO), null);
    Path run = Models.checkpoint(wb, ModelKind.HALO, null).getParent();
    TrainingSummary training = TrainingSummary.read(run);
    GenerationSummary generation = GenerationSummary.read(Models.syntheticFolder(wb, ModelKind.HALO, Models.GENERATION_SEED, null));
    assertEquals(1, t.rowCount());
    assertEquals(Models.config(wb, ModelKind.HALO).toString(), training.config());
    // the smoke preset trains 3 epochs without early stopping
    assertEquals(Models.config(wb, ModelKind.HALO).training().epochs(), training.epochs());
    assertTrue(training.steps() > 0 && Double.isFinite(training.bestValidationLoss()), training.toString());
    assertEquals(training.steps(), t.longColumn("steps").get(0));
    assertEquals(training.epochs(), t.intColumn("epochs").get(0));
    assertEquals(training.bestValidationLoss(), t.doubleColumn("best_validation_loss").get(0));
    assertEquals(training.stopReason(), t.stringColumn("stopped").get(0));
    assertEquals(generation.recordsPerSecond(), t.doubleColumn("generation_records_per_s").get(0));
    assertEquals(wb.dataset().splits().train().size(), generation.records());
    // the text files for people are made from the same records
    assertEquals(training.text(), Files.readString(run.resolve(TrainingSummary.TEXT)));
  }
}
