package halo.model.synteg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.FastPathTest;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Params;
import halo.model.Planted;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.blocks.VisitModel;
import halo.train.Checkpoint;
import halo.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SynTEG: shapes of the dependency logits and the generator, the hand-written critic input gradient
 * against autograd, a finite two-phase training run, learning a planted code distribution, and
 * checkpoint round trip and resume through the GAN phase (two Adams).
 */
class SyntegModelTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> TRAIN = Fixtures.random(VOC, 60, 6, 1);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 12, 6, 2);

  /** Smoke sizes: E 16, 2 heads, code embedding 8, condition 16, noise 8, GAN width 16. */
  static HaloConfig config(int epochs, int ganEpochs) {
    return HaloConfig.smoke().withKind(ModelKind.SYNTEG).withModel(s -> s.context(9))
        .withTraining(t -> t.batchSize(8).epochs(epochs).ganWith(g -> g.epochs(ganEpochs))).withSeed(7);
  }

  @Test
  void givenBatch_whenForward_thenLogitsAreNxVAndGeneratorGivesProbabilities() {
    try (SyntegModel m = new SyntegModel(config(1, 1), VOC); NDScope scope = new NDScope(); NDManager sub = m.manager().newSubManager()) {
      RowBatch b = m.batch(TRAIN.subList(0, 8));
      NDArray logits = m.logits(sub, b);
      assertEquals(new Shape(b.predictedRows(), VOC.size()), logits.getShape());
      NDArray c = m.conditions(sub, b);
      assertEquals(new Shape(b.predictedRows(), m.config().model().extras(SyntegModel.Sizes.class).condition()), c.getShape());
      NDArray z = sub.randomNormal(new Shape(b.predictedRows(), m.config().model().extras(SyntegModel.Sizes.class).noise()));
      NDArray p = m.generate(z, c);
      assertEquals(new Shape(b.predictedRows(), VOC.size()), p.getShape());
      for (float x : p.toFloatArray()) assertTrue(x > 0 && x < 1, "generator output " + x + " is not a probability");
      assertEquals(new Shape(b.predictedRows(), 1), m.criticScore(p, c).getShape());
    }
  }

  @Test
  void givenRowsOfVeryDifferentLengths_whenEncodedTogether_thenEachEqualsItsEncodingAlone() {
    Vocabulary big = Fixtures.vocabulary(120, 2);
    java.util.Random r = new java.util.Random(5);
    int[][] rows = new int[12][];
    for (int i = 0; i < rows.length; i++) { // lengths across every bucket, up to over the 80-code cap
      int len = new int[] {1, 3, 5, 9, 17, 40, 95, 2, 7, 12, 33, 70}[i];
      rows[i] = r.ints(0, 120).distinct().limit(len).sorted().toArray();
    }
    try (SyntegModel m = new SyntegModel(config(1, 1), big); NDScope scope = new NDScope(); NDManager sub = m.manager().newSubManager()) {
      FastPathTest.perturbParams(m);
      float[] together = m.encodeRows(sub, rows).toFloatArray();
      int d = m.config().model().extras(SyntegModel.Sizes.class).codeEmbedding();
      for (int i = 0; i < rows.length; i++) {
        float[] alone = m.encodeRows(sub, new int[][] {rows[i]}).toFloatArray();
        for (int j = 0; j < d; j++) assertEquals(alone[j], together[i * d + j], 1e-5, "row " + i + " (" + rows[i].length + " codes)");
      }
    }
  }

  @Test
  void givenRandomInputs_whenCriticGradientComputedByHand_thenEqualsAutograd() {
    try (SyntegModel m = new SyntegModel(config(1, 1), VOC); NDScope scope = new NDScope(); NDManager sub = m.manager().newSubManager()) {
      Rng r = new Rng(11);
      int pairs = 7;
      float[] xs = new float[pairs * VOC.size()];
      for (int i = 0; i < xs.length; i++) xs[i] = i % 5 == 0 ? (i % 2) : r.nextFloat(); // some exact 0/1 as in real rows
      float[] cs = Params.normal(r, (long) pairs * m.config().model().extras(SyntegModel.Sizes.class).condition(), 1);
      NDArray c = sub.create(cs, new Shape(pairs, m.config().model().extras(SyntegModel.Sizes.class).condition()));
      NDArray analytic = m.criticInputGradient(sub.create(xs, new Shape(pairs, VOC.size())), c);
      NDArray x = sub.create(xs, new Shape(pairs, VOC.size()));
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(m.criticScore(x, c).sum());
      }
      float[] auto = x.getGradient().toFloatArray();
      float[] hand = analytic.toFloatArray();
      double maxDiff = 0, maxAbs = 0;
      for (int i = 0; i < auto.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(auto[i] - hand[i]));
        maxAbs = Math.max(maxAbs, Math.abs(auto[i]));
      }
      assertTrue(maxAbs > 1e-4, "the gradient is not trivially zero: " + maxAbs);
      System.out.printf("critic input gradient: max |autograd| %.4g, max |hand - autograd| %.3g%n", maxAbs, maxDiff);
      assertTrue(maxDiff < 1e-4, "hand-written critic gradient differs from autograd by " + maxDiff);
    }
  }

  @Test
  void givenHandWrittenGradient_whenPenaltyDifferentiated_thenParameterGradientMatchesFiniteDifferences() {
    try (SyntegModel m = new SyntegModel(config(1, 1), VOC); NDScope scope = new NDScope(); NDManager sub = m.manager().newSubManager()) {
      Rng r = new Rng(12);
      int pairs = 5;
      int k = m.config().model().extras(SyntegModel.Sizes.class).condition();
      NDArray x = sub.create(Params.uniform(r, (long) pairs * VOC.size(), 1), new Shape(pairs, VOC.size())).abs();
      NDArray c = sub.create(Params.normal(r, (long) pairs * k, 1), new Shape(pairs, k));
      List<String> names = List.of("crit.1.fc.w", "crit.3.mod.w", "crit.out.w");
      float[][] grads = new float[names.size()][];
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) { // one backward: gradients accumulate across passes
        gc.backward(penalty(m, x, c));
        for (int n = 0; n < names.size(); n++) grads[n] = m.params().get(names.get(n)).getGradient().toFloatArray();
      }
      for (int n = 0; n < names.size(); n++) {
        String name = names.get(n);
        NDArray w = m.params().get(name);
        float[] values = w.toFloatArray();
        int i = values.length / 3;
        float autograd = grads[n][i];
        float h = 1e-3f; // small: the critic is piecewise smooth (LeakyReLU kinks; 1e-2 crossed one here); float32 limits the match to ~2%
        double[] at = new double[2];
        for (int s = 0; s < 2; s++) {
          float[] moved = values.clone();
          moved[i] += s == 0 ? h : -h;
          w.set(java.nio.FloatBuffer.wrap(moved));
          at[s] = penalty(m, x, c).getFloat();
        }
        w.set(java.nio.FloatBuffer.wrap(values));
        double numeric = (at[0] - at[1]) / (2 * h);
        assertTrue(Math.abs(numeric) > 1e-5, name + ": the finite difference is not trivially zero: " + numeric);
        assertEquals(numeric, autograd, 0.03 * Math.abs(numeric) + 5e-7, name + ": d penalty / d parameter through the hand-written gradient");
      }
    }
  }

  /** Σ ‖∇_x D(x)‖², whose parameter gradient needs the second derivative of the critic. */
  private static NDArray penalty(SyntegModel m, NDArray x, NDArray c) {
    NDArray g = m.criticInputGradient(x, c);
    return g.mul(g).sum();
  }

  @Test
  void givenSmokeConfig_whenTrainedThroughBothPhases_thenFiniteAndGanParametersMove() throws IOException {
    try (SyntegModel m = new SyntegModel(config(2, 3), VOC)) {
      float[] critic0 = flat(m, "crit."), gen0 = flat(m, "gen."), dep0 = flat(m, "dep.");
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet());
      assertEquals(5 * 8, r.steps(), "2 dependency + 3 GAN epochs of 8 batches");
      assertTrue(Double.isFinite(r.lastTrainLoss()), "last (generator) loss " + r.lastTrainLoss());
      assertEquals(2, r.validations().size(), "validation only in the dependency phase");
      assertFalse(java.util.Arrays.equals(critic0, flat(m, "crit.")), "critic parameters did not move");
      assertFalse(java.util.Arrays.equals(gen0, flat(m, "gen.")), "generator parameters did not move");
      assertFalse(java.util.Arrays.equals(dep0, flat(m, "dep.")), "dependency parameters did not move");
      for (float x : flat(m, "")) assertTrue(Float.isFinite(x), "a parameter is not finite");
    }
  }

  @Test
  void givenDependencyPhaseOver_whenGanTrains_thenDependencyParametersFrozen() throws IOException {
    HaloConfig c = config(1, 0);
    float[] afterPhase1;
    try (SyntegModel m = new SyntegModel(c, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet());
      afterPhase1 = flat(m, "dep.");
    }
    try (SyntegModel m = new SyntegModel(c.withTraining(t -> t.ganWith(g -> g.epochs(2))), VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet());
      assertArrayEquals(afterPhase1, flat(m, "dep."), 0f, "GAN training changed the dependency model");
    }
  }

  @Test
  void givenPlantedCohort_whenTrained_thenSamplesFollowItBetterThanShuffledTrainedModel() throws IOException {
    List<EncodedPatient> planted = Planted.cohort(300, 1);
    double r2Planted = trainAndScore(planted, planted);
    double r2Shuffled = trainAndScore(Planted.shuffled(300, 1), planted);
    System.out.printf("SynTEG unigram R2: planted-trained %.3f, shuffled-trained %.3f%n", r2Planted, r2Shuffled);
    assertTrue(r2Planted > 0.6, "planted-trained R2 " + r2Planted);
    assertTrue(r2Planted > r2Shuffled + 0.4, "planted " + r2Planted + " vs shuffled " + r2Shuffled);
  }

  /**
   * 3 dependency epochs, then 60 GAN epochs (10 batches of 32 records each) with condition and GAN width
   * 32, critic lr 1e-3 and a 20× slower generator (5e-5; the authors' ratio is 5×). Measured with
   * these settings over seeds 5, 10, 11: planted-trained R² 0.94–0.97, shuffled-trained −0.04 to −0.11;
   * with the generator as fast as the critic the GAN collapsed for some seeds (R² below 0).
   */
  static HaloConfig learningConfig() {
    HaloConfig c = HaloConfig.smoke().withKind(ModelKind.SYNTEG).withModel(s -> s.context(9)).withTraining(t -> t.batchSize(32).epochs(3)).withSeed(5);
    SyntegModel.Sizes b = c.model().extras(SyntegModel.Sizes.class);
    return c.withModel(s -> s.extras(new SyntegModel.Sizes(b.codeEmbedding(), 32, b.noise(), 32)))
        .withTraining(t -> t.ganWith(g -> g.epochs(60).learningRate(5e-5).criticLearningRate(1e-3)));
  }

  private static double trainAndScore(List<EncodedPatient> train, List<EncodedPatient> planted) throws IOException {
    try (SyntegModel m = new SyntegModel(learningConfig(), Planted.VOC)) {
      Trainer.Result r = Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      System.out.printf("last generator loss %.4f after %d steps%n", r.lastTrainLoss(), r.steps());
      var samples = new halo.sample.Generator(m).sample(300, 9, "s").cohort().patients();
      return Planted.unigramR2(planted, samples);
    }
  }

  @Test
  void givenGanTrainedModel_whenSavedLoadedAndResumed_thenIdentical(@TempDir Path dir) throws IOException {
    HaloConfig c = config(1, 2); // 24 steps: 8 dependency, 16 GAN
    float[] straight;
    try (SyntegModel m = new SyntegModel(c, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("a")));
      straight = flat(m, "");
      try (SyntegModel back = assertInstanceOf(SyntegModel.class, Checkpoint.loadModel(dir.resolve("a").resolve(Trainer.LAST), VOC))) {
        assertArrayEquals(m.logProbabilities(VAL), back.logProbabilities(VAL), 0.0, "log-likelihoods");
        var x = new halo.sample.Generator(m).sample(6, 3, "s").cohort().patients();
        var y = new halo.sample.Generator(back).sample(6, 3, "s").cohort().patients();
        assertEquals(x, y, "the reloaded model samples other records from the same seed");
      }
    }
    Path d = dir.resolve("b");
    try (SyntegModel m = new SyntegModel(c, VOC)) {
      Trainer.Result cut = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(d).withStopAfterSteps(13)); // mid GAN epoch 1
      assertTrue(cut.interrupted());
    }
    try (SyntegModel m = new SyntegModel(c, VOC)) {
      Trainer.Result rest = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(d).withResume(true));
      assertEquals(24, rest.steps());
      assertArrayEquals(straight, flat(m, ""), 0f, "resumed parameters differ from the uninterrupted run");
    }
  }

  static float[] flat(VisitModel m, String prefix) {
    return m.params().all().entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(e -> e.getValue().toFloatArray())
        .reduce(new float[0], (x, y) -> {
          float[] z = java.util.Arrays.copyOf(x, x.length + y.length);
          System.arraycopy(y, 0, z, x.length, y.length);
          return z;
        });
  }
}
