package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.RecordLikelihood;
import halo.sample.Generator;
import halo.train.Checkpoint;
import halo.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PromptEHR under the one trainer: loss goes down, checkpoints round-trip, resumed runs equal uninterrupted ones. */
class PromptEhrTrainingTest {
  static final Vocabulary VOC = PromptFixtures.vocabulary();
  static final List<EncodedPatient> TRAIN = cohort(48, 1);
  static final List<EncodedPatient> VAL = cohort(10, 2);

  /** Records of 0–4 visits of 1–5 codes of every modality, with a chronic label and one value of each demographic field. */
  static List<EncodedPatient> cohort(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[][] visits = new int[r.nextInt(5)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int size = 1 + r.nextInt(5);
        while (s.size() < size) s.add(r.nextInt(10));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      TreeSet<Integer> labels = new TreeSet<>();
      if (r.nextBoolean()) labels.add(r.nextInt(2));
      labels.add(2 + r.nextInt(2));
      labels.add(4 + r.nextInt(2));
      labels.add(6 + r.nextInt(2));
      out.add(new EncodedPatient("p" + i, labels.stream().mapToInt(Integer::intValue).toArray(), visits));
    }
    return out;
  }

  static HaloConfig config() {
    return HaloConfig.smoke().withKind(ModelKind.PROMPTEHR).withModel(s -> s.embedding(16).layers(1).heads(2).context(48).positions(48))
        .withTraining(t -> t.batchSize(8).epochs(3).validateEvery(5).learningRate(3e-3)).withSampleBatch(4).withSeed(7);
  }

  @Test
  void givenTrainer_whenFittedSavedAndLoaded_thenLossFell_andTheLoadedModelGivesIdenticalLossesLikelihoodsAndSamples(@TempDir Path dir) throws Exception {
    try (GenerativeModel m = GenerativeModel.create(config(), VOC)) {
      double before = Trainer.validationLoss(m, VAL);
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir));
      assertEquals(18, r.steps(), "3 epochs of 6 batches");
      double after = Trainer.validationLoss(m, VAL);
      // per target token over the tokens the grammar allows (an untrained model is already far below log T)
      assertTrue(after < before - 0.02, "validation loss per target token fell: " + before + " -> " + after);
      try (GenerativeModel back = Checkpoint.loadModel(dir.resolve(Trainer.LAST), VOC)) {
        assertEquals(m.config(), back.config());
        assertEquals(after, Trainer.validationLoss(back, VAL), 0.0);
        assertArrayEquals(((RecordLikelihood) m).logProbabilities(VAL), ((RecordLikelihood) back).logProbabilities(VAL), 0.0);
        var x = new Generator(m).sample(6, 3, "s").cohort().patients();
        var y = new Generator(back).sample(6, 3, "s").cohort().patients();
        assertEquals(x, y, "the reloaded model samples the same records from the same seed");
      }
    }
  }

  @Test
  void givenInterruptedRun_whenResumed_thenEndsWithTheParametersOfTheUninterruptedRun(@TempDir Path dir) throws Exception {
    float[] straight;
    Trainer.Result full;
    try (GenerativeModel m = GenerativeModel.create(config(), VOC)) {
      full = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("a")));
      straight = flat(m);
    }
    try (GenerativeModel m = GenerativeModel.create(config(), VOC)) {
      Trainer.Result cut = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("b")).withStopAfterSteps(8)); // mid-epoch 2
      assertTrue(cut.interrupted());
      assertTrue(maxDiff(straight, flat(m)) > 0, "the cut run stopped before the end");
    }
    try (GenerativeModel m = GenerativeModel.create(config(), VOC)) {
      Trainer.Result rest = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("b")).withResume(true));
      assertEquals(full.steps(), rest.steps());
      assertEquals(full.bestValidation(), rest.bestValidation(), 0.0);
      assertEquals(0, maxDiff(straight, flat(m)), 0.0, "resumed parameters equal the uninterrupted run's");
    }
  }

  static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }

  static float[] flat(GenerativeModel m) {
    List<float[]> parts = m.params().all().values().stream().map(a -> a.toFloatArray()).toList();
    float[] out = new float[parts.stream().mapToInt(p -> p.length).sum()];
    int k = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, out, k, p.length);
      k += p.length;
    }
    return out;
  }
}
