package halo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.model.RecordLikelihood;
import halo.model.VisitProbabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint round trip, resume equality, corrupt-file errors, and flat native memory over many steps. */
class CheckpointTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> TRAIN = Fixtures.random(VOC, 60, 6, 1);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 12, 6, 2);

  static HaloConfig config(ModelKind k) {
    HaloConfig c = HaloConfig.smoke().withKind(k).withModel(s -> s.embedding(16).layers(2).heads(2).context(k.traits().contextCountsRows() ? 9 : 80))
        .withTraining(t -> t.batchSize(8).epochs(3).validateEvery(5)).withSeed(7);
    return c.training().gan() == null ? c : c.withTraining(t -> t.ganWith(g -> g.epochs(2))); // a short GAN phase for the kinds with one
  }

  @Test
  void givenTrainedModel_whenSavedAndLoaded_thenIdenticalOutputs(@TempDir Path dir) throws IOException {
    for (ModelKind k : ModelKind.values()) {
      try (GenerativeModel m = GenerativeModel.create(config(k).withTraining(t -> t.epochs(1)), VOC, TRAIN)) {
        Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve(k.id())));
        Path file = dir.resolve(k.id()).resolve(Trainer.LAST);
        try (GenerativeModel back = Checkpoint.loadModel(file, VOC)) {
          assertEquals(m.config(), back.config());
          assertArrayEquals(flat(m), flat(back), 0f, k + " parameters");
          if (m instanceof RecordLikelihood lm) {
            assertArrayEquals(lm.logProbabilities(VAL), ((RecordLikelihood) back).logProbabilities(VAL), 0.0, k + " log-likelihoods");
          }
          if (m instanceof VisitProbabilities pm && back instanceof VisitProbabilities pb) {
            List<float[][]> a = pm.rowProbabilities(VAL), b = pb.rowProbabilities(VAL);
            for (int i = 0; i < a.size(); i++) {
              for (int r = 0; r < a.get(i).length; r++) assertArrayEquals(a.get(i)[r], b.get(i)[r], 0f, k + " patient " + i);
            }
          }
          var x = new halo.sample.Generator(m).sample(6, 3, "s").cohort().patients();
          var y = new halo.sample.Generator(back).sample(6, 3, "s").cohort().patients();
          assertEquals(x, y, k + ": the reloaded model samples other records from the same seed");
        }
      }
    }
  }

  @Test
  void givenInterruptedRun_whenResumed_thenEndsIdenticalToUninterruptedRun(@TempDir Path dir) throws IOException {
    for (ModelKind k : List.of(ModelKind.HALO, ModelKind.LSTM)) {
      HaloConfig c = config(k);
      float[] straight;
      Trainer.Result full;
      try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
        full = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve(k.id() + "-a")));
        straight = flat(m);
      }
      Path d = dir.resolve(k.id() + "-b");
      try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
        Trainer.Result cut = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(d).withStopAfterSteps(11)); // mid-epoch 2 (8 batches per epoch)
        assertTrue(cut.interrupted());
        assertEquals(11, cut.steps());
      }
      try (GenerativeModel m = GenerativeModel.create(c, VOC)) { // a fresh process: new model, state from disk
        Trainer.Result rest = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(d).withResume(true));
        assertEquals(full.steps(), rest.steps());
        assertEquals(full.bestValidation(), rest.bestValidation(), 0.0, k + " best validation");
        assertArrayEquals(straight, flat(m), 0f, k + ": resumed parameters differ from the uninterrupted run");
      }
      assertTrue(full.steps() == 24 && full.validations().size() >= 6, "3 epochs x 8 batches, validation every 5 steps and at epoch ends");
    }
  }

  @Test
  void givenValidationAndPatience_whenFitting_thenBestParametersRestoredAndEarlyStop(@TempDir Path dir) throws IOException {
    // lr 1.0 makes Adam overshoot after the first improvements, so validation stops improving
    HaloConfig c = config(ModelKind.HALO_COARSE).withTraining(t -> t.epochs(20).validateEvery(2).patience(3).learningRate(1.0));
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir).withRestoreBest(true));
      double best = r.validations().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      assertEquals(best, r.bestValidation(), 0.0);
      assertEquals(best, Trainer.validationLoss(m, VAL), 1e-6, "the model holds the best-validation parameters");
      assertTrue(r.stoppedEarly() && r.steps() < 20 * 8, "stopped early after 3 validations without improvement: " + r.validations());
    }
  }

  @Test
  void givenTruncatedOrForeignFile_whenLoaded_thenClearError(@TempDir Path dir) throws IOException {
    try (GenerativeModel m = GenerativeModel.create(config(ModelKind.HALO_COARSE).withTraining(t -> t.epochs(1)), VOC)) {
      Trainer.fit(m, TRAIN, List.of(), Trainer.Options.quiet().withDir(dir));
    }
    Path file = dir.resolve(Trainer.LAST);
    byte[] bytes = Files.readAllBytes(file);
    Path cut = dir.resolve("cut.ckpt");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    IOException e = assertThrows(IOException.class, () -> Checkpoint.loadModel(cut, VOC));
    assertTrue(e.getMessage().contains("is damaged") && e.getMessage().contains("cut short"), e.getMessage());
    Vocabulary other = Fixtures.vocabulary(21, 2);
    var e2 = assertThrows(IllegalArgumentException.class, () -> Checkpoint.loadModel(file, other));
    assertTrue(e2.getMessage().contains("vocabulary"), e2.getMessage());
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file is left behind");
    }
  }

  static float[] flat(GenerativeModel m) {
    return m.params().all().values().stream().map(a -> a.toFloatArray()).reduce(new float[0], (x, y) -> {
      float[] z = java.util.Arrays.copyOf(x, x.length + y.length);
      System.arraycopy(y, 0, z, x.length, y.length);
      return z;
    });
  }
}
