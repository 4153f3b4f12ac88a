package halo.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.cli.Main;
import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.train.BenchCohort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conditioning, continuation, reproducibility, export, and the train → generate command line. */
class GeneratorTest {
  static final Dataset DS = BenchCohort.of(80, 30, 3, 5, 3, 8, 2);

  static HaloConfig config(ModelKind k) {
    HaloConfig c = HaloConfig.smoke().withKind(k).withModel(s -> s.context(10)).withSampleBatch(7);
    return k.traits().contextCountsRows() ? c : c.withModel(s -> s.context(80)); // GPT's and PromptEHR's context counts tokens
  }

  @Test
  void givenLabelsOrPrefix_whenGenerating_thenTheyAreKept_andSameSeedGivesSameRecords() {
    for (ModelKind k : ModelKind.values()) {
      try (GenerativeModel m = GenerativeModel.create(config(k), DS.vocabulary(), DS.train().patients())) {
        Generator g = new Generator(m);
        List<int[]> labels = new ArrayList<>();
        for (int i = 0; i < 20; i++) labels.add(new int[] {0, 2});
        List<EncodedPatient> real = DS.train().patients().subList(0, 15);
        if (!(m instanceof halo.model.LabelConditioning)) { // EVA, the matrix models: whole records from a latent prior, no prefix can be forced
          var e = assertThrows(IllegalArgumentException.class, () -> g.sampleWithLabels(labels, 1, "c"));
          assertTrue(e.getMessage().contains(k.id() + " cannot be conditioned"), e.getMessage());
        } else {
          Generator.Result r = g.sampleWithLabels(labels, 1, "c");
          for (EncodedPatient p : r.cohort().patients()) assertArrayEquals(new int[] {0, 2}, p.labels(), k + " conditioned labels");
        }
        if (!(m instanceof halo.model.PrefixContinuation)) { // and the text GPT, whose sentence has no visits to continue
          var e = assertThrows(IllegalArgumentException.class, () -> g.continueRecords(real, 2, 3, "x"));
          assertTrue(e.getMessage().contains(k.id() + " cannot continue a record"), e.getMessage());
        } else {
          Generator.Result cont = g.continueRecords(real, 2, 3, "x");
          for (int i = 0; i < real.size(); i++) {
            EncodedPatient p = cont.cohort().patients().get(i), q = real.get(i);
            assertArrayEquals(q.labels(), p.labels());
            for (int t = 0; t < Math.min(2, q.visitCount()); t++) {
              if (q.visits()[t].length > 0) assertArrayEquals(q.visits()[t], p.visits()[t], k + " continued record keeps its prefix");
            }
          }
        }
        Generator.Result a = g.sample(30, 5, "s"), b = g.sample(30, 5, "s");
        assertEquals(a.cohort(), b.cohort(), k + ": same seed, same records");
        assertEquals(30, a.cohort().size());
        for (int[][] rows : a.rows()) assertTrue(rows.length <= m.config().model().context(), "at most context rows");
      }
    }
  }

  @Test
  void givenGeneratedCohort_whenExported_thenEncodedFileRoundTripsAndCsvHasSchema(@TempDir Path dir) throws Exception {
    try (GenerativeModel m = GenerativeModel.create(config(ModelKind.HALO_COARSE), DS.vocabulary())) {
      Generator.Result r = new Generator(m).sample(12, 2, "syn");
      long rows = SyntheticExport.write(dir, r.cohort(), DS.vocabulary(), 2);
      assertEquals(r.cohort(), EncodedCohort.load(dir.resolve("synthetic.halo"), DS.vocabulary()));
      List<String> lines = Files.readAllLines(dir.resolve("synthetic.csv"));
      assertEquals(String.join(",", SyntheticExport.HEADER), lines.get(0));
      assertEquals(rows + 1, lines.size());
      // every code of every visit is one CSV row, plus one per label (this vocabulary has no demographics)
      long expected = r.cohort().codeCount() + r.cohort().patients().stream().mapToLong(p -> p.labels().length).sum();
      assertEquals(expected, rows);
    }
  }

  @Test
  void givenDatasetFolder_whenTrainThenGenerateCommands_thenFilesAreWritten(@TempDir Path dir) throws Exception {
    DS.save(dir.resolve("data"), "bench cohort");
    Path run = dir.resolve("run");
    assertEquals(0, Main.run("train", "--data", dir.resolve("data").toString(), "--preset", "smoke", "--model", "halo",
        "--epochs", "1", "--out", run.toString()));
    assertTrue(Files.isRegularFile(run.resolve("best.ckpt")) && Files.isRegularFile(run.resolve("last.ckpt")));
    assertEquals(0, Main.run("train", "--data", dir.resolve("data").toString(), "--preset", "smoke", "--model", "halo",
        "--epochs", "2", "--out", run.toString(), "--resume"));
    assertTrue(Files.isRegularFile(run.resolve(LabelPrior.FILE)), "train writes the training split's label rows");
    // --labels: label 1 is in every row, the rest of each row is a training row that has label 1
    assertEquals(0, Main.run("generate", "--checkpoint", run.resolve("best.ckpt").toString(), "--count", "40",
        "--labels", DS.vocabulary().label(1), "--out", dir.resolve("syn").toString()));
    EncodedCohort syn = EncodedCohort.load(dir.resolve("syn").resolve("synthetic.halo"), DS.vocabulary());
    assertEquals(40, syn.size());
    java.util.Set<String> trainRows = new java.util.HashSet<>();
    for (EncodedPatient p : DS.train().patients()) if (p.hasLabel(1)) trainRows.add(java.util.Arrays.toString(p.labels()));
    for (EncodedPatient p : syn.patients()) {
      assertTrue(p.hasLabel(1));
      assertTrue(trainRows.contains(java.util.Arrays.toString(p.labels())), "a label row of a training record with label 1");
    }
    // --exact-labels: the label row is exactly the given one
    assertEquals(0, Main.run("generate", "--checkpoint", run.resolve("best.ckpt").toString(), "--count", "5",
        "--labels", DS.vocabulary().label(1), "--exact-labels", "--out", dir.resolve("exact").toString()));
    for (EncodedPatient p : EncodedCohort.load(dir.resolve("exact").resolve("synthetic.halo"), DS.vocabulary()).patients()) {
      assertArrayEquals(new int[] {1}, p.labels());
    }
  }
}
