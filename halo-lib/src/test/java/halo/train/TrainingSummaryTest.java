package halo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.sample.GenerationSummary;
import halo.sample.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run summaries are written once as JSON, read back as the same records, and shown to people from those records. */
class TrainingSummaryTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> TRAIN = Fixtures.random(VOC, 40, 6, 1);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 10, 6, 2);

  @Test
  void givenATrainingRunInAFolder_whenItEnds_thenTheFolderHoldsItsSummaryAsTheTrainerReturnedIt(@TempDir Path dir) throws IOException {
    HaloConfig c = HaloConfig.smoke().withModel(s -> s.context(9)).withTraining(t -> t.batchSize(8).epochs(2).validateEvery(3)).withSeed(7);
    Trainer.Result r;
    String cuts;
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir));
      cuts = m.truncationReport(TRAIN);
    }
    TrainingSummary s = TrainingSummary.read(dir);
    assertEquals(TrainingSummary.of(c.toString(), r, cuts), s);
    // 40 records in batches of 8: 5 steps an epoch, 2 epochs
    assertEquals(10, s.steps());
    assertEquals(2, s.epochs());
    assertEquals(s.text(), Files.readString(dir.resolve(TrainingSummary.TEXT)));
    assertTrue(s.text().contains("steps 10, epochs 2") && s.text().contains("stopped: " + r.stopReason()), s.text());
  }

  @Test
  void givenSummariesWithAwkwardValues_whenWrittenAndRead_thenTheSameRecordsComeBack(@TempDir Path dir) throws IOException {
    var t = new TrainingSummary("HaloConfig[kind=HALO, \"quoted\"]", 3_000, 12, Double.NaN, 123.456, "the step budget (3000 steps) was reached", null);
    t.write(dir);
    assertEquals(t, TrainingSummary.read(dir));
    var g = new GenerationSummary(8_497, 61.25, 138.7, 3, 17, "2 sentences unreadable", "drawn from the training split's label rows", null);
    g.write(dir);
    assertEquals(g, GenerationSummary.read(dir));
    assertEquals("8497 records in 61.3 s (138.7 records/s), 3 empty visits dropped, 17 out-of-place tokens ignored (2 sentences unreadable);"
        + " label rows drawn from the training split's label rows\n", Files.readString(dir.resolve(GenerationSummary.TEXT)));
    var source = new GenerationSummary.Source("/runs/a \"b\"/best.ckpt", "0123456789abcdef", "HaloConfig[kind=GPT, seed=4]", -3,
        "records conditioned on {diabetes, not cancer}", null);
    var h = new GenerationSummary(5, 0.5, 10, 0, 0, null, "given by --exact-labels", source);
    h.write(dir);
    assertEquals(h, GenerationSummary.read(dir));
    assertEquals("""
        5 records in 0.5 s (10.0 records/s), 0 empty visits dropped; label rows given by --exact-labels
        records conditioned on {diabetes, not cancer}, seed -3, from /runs/a "b"/best.ckpt (SHA-256 0123456789abcdef)
        HaloConfig[kind=GPT, seed=4]
        """, Files.readString(dir.resolve(GenerationSummary.TEXT)));
  }

  @Test
  void givenAGenerationSummaryWrittenBeforeSourcesWereRecorded_whenRead_thenItReadsWithANullSource(@TempDir Path dir) throws IOException {
    // generation.json as written before the source was recorded (the experiments' cached cohorts made until then): no "source"
    Files.writeString(dir.resolve(GenerationSummary.JSON), """
        {
          "records" : 8497,
          "seconds" : 61.25,
          "recordsPerSecond" : 138.7,
          "emptyVisitsDropped" : 3,
          "ignoredTokens" : 17,
          "labelRows" : "drawn from the training split's label rows"
        }""");
    assertEquals(new GenerationSummary(8_497, 61.25, 138.7, 3, 17, null, "drawn from the training split's label rows", null),
        GenerationSummary.read(dir));
  }

  @Test
  void givenASummaryWrittenByTheEarlierRunSummary_whenRead_thenItIsTheSameRecord(@TempDir Path dir) throws IOException {
    // run caches made since run summaries began (experiment.RunSummary) hold these fields: they stay readable
    Files.writeString(dir.resolve(TrainingSummary.JSON), """
        {
          "config" : "c",
          "steps" : 1100,
          "epochs" : 3,
          "bestValidationLoss" : 0.0123,
          "recordsPerSecond" : 99.5,
          "stopReason" : "early",
          "truncation" : null
        }""");
    assertEquals(new TrainingSummary("c", 1100, 3, 0.0123, 99.5, "early", null), TrainingSummary.read(dir));
  }

  @Test
  void givenAFolderWithoutSummary_whenRead_thenTheMessageNamesTheFileAndTheFix(@TempDir Path dir) {
    IOException e = assertThrows(IOException.class, () -> TrainingSummary.read(dir));
    assertTrue(e.getMessage().contains(dir.resolve(TrainingSummary.JSON) + " is missing") && e.getMessage().contains("delete the folder"),
        e.getMessage());
  }

  @Test
  void givenAGeneration_whenSummarised_thenTheRecordHoldsItsCountsAndSpeed(@TempDir Path dir) throws IOException {
    try (GenerativeModel m = GenerativeModel.create(HaloConfig.smoke().withModel(s -> s.context(9)).withSeed(7), VOC)) {
      Generator.Result r = new Generator(m).sample(5, 4, "g-");
      GenerationSummary s = GenerationSummary.of(r, m, "sampled by the model");
      s.write(dir);
      assertEquals(5, GenerationSummary.read(dir).records());
      assertEquals(r.emptyVisitsDropped(), GenerationSummary.read(dir).emptyVisitsDropped());
      EncodedCohort unusedCheck = r.cohort();
      assertEquals(5, unusedCheck.size());
    }
  }
}
