package halo.model.eva;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Capabilities;
import halo.model.Fixtures;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Planted;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.blocks.VisitModel;
import halo.sample.Generator;
import halo.train.Checkpoint;
import halo.train.Trainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** EVA: shapes, an encoder blind to padding, a causal decoder, learning, what it refuses, checkpoints and GC safety. */
class EvaModelTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);

  static HaloConfig small() {
    return HaloConfig.smoke().withKind(ModelKind.EVA).withModel(s -> s.embedding(16).context(9)).withTraining(t -> t.batchSize(8).epochs(1)).withSeed(7);
  }

  @Test
  void givenBatch_whenLogits_thenOneRowPerPredictedRowAnd57DecodedPositions() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 5, 6, 3);
    try (EvaModel m = (EvaModel) VisitModel.create(small(), VOC)) {
      RowBatch b = m.batch(ps);
      try (NDScope scope = new NDScope(); NDManager nd = m.manager().newSubManager()) {
        assertEquals(new Shape(b.predictedRows(), VOC.size()), m.logits(nd, b).getShape());
        assertEquals(new Shape(5, 2L * m.config().model().extras(EvaModel.Sizes.class).latent()), m.encode(nd, b).getShape());
        assertEquals(new Shape(5, EvaModel.DECODED, VOC.size()), m.decode(nd.randomNormal(new Shape(5, m.config().model().extras(EvaModel.Sizes.class).latent()))).getShape());
      }
      assertTrue(m.forwardMacs(b) > 0);
    }
  }

  @Test
  void givenRecordsOfDifferentLengths_whenEncodedTogether_thenEachAsIfAlone() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 6, 6, 4);
    try (EvaModel m = (EvaModel) VisitModel.create(small(), VOC)) {
      RowBatch all = m.batch(ps);
      int distinct = (int) java.util.Arrays.stream(all.rows()).mapToInt(r -> r.length).distinct().count();
      assertTrue(distinct > 2, "the fixture needs records of several lengths");
      try (NDScope scope = new NDScope(); NDManager nd = m.manager().newSubManager()) {
        float[] together = m.encode(nd, all).toFloatArray();
        int w = 2 * m.config().model().extras(EvaModel.Sizes.class).latent();
        for (int i = 0; i < ps.size(); i++) {
          float[] alone = m.encode(nd, m.batch(List.of(ps.get(i)))).toFloatArray();
          assertArrayEquals(alone, java.util.Arrays.copyOfRange(together, i * w, (i + 1) * w), 1e-5f, "record " + i + " read padding");
        }
      }
    }
  }

  @Test
  void givenCausalStack_whenLaterInputsChange_thenEarlierOutputsDoNot() {
    int e = small().model().embedding();
    try (EvaModel m = (EvaModel) VisitModel.create(small(), VOC)) {
      try (NDScope scope = new NDScope(); NDManager nd = m.manager().newSubManager()) {
        NDArray h = nd.randomNormal(new Shape(2, e, EvaModel.DECODED));
        float[] base = m.causal(h).toFloatArray();
        for (int t : new int[] {0, 7, 30, 56}) {
          NDArray changed = h.duplicate();
          changed.set(new NDIndex(":, :, {}:", t + 1), 5f); // every position after t
          if (t < EvaModel.DECODED - 1) assertEquals(slice(base, 0, t), slice(m.causal(changed).toFloatArray(), 0, t), "t = " + t);
          NDArray atT = h.duplicate();
          atT.set(new NDIndex(":, :, {}", t), 5f);
          float[] moved = m.causal(atT).toFloatArray();
          assertEquals(slice(base, 0, t - 1), slice(moved, 0, t - 1), "positions before " + t);
          assertNotEquals(slice(base, t, t), slice(moved, t, t), "output " + t + " ignores input " + t);
        }
      }
    }
  }

  /** Outputs at positions from..to of a [2, V, 57] array, as a list for comparisons. */
  private static List<Float> slice(float[] out, int from, int to) {
    List<Float> l = new java.util.ArrayList<>();
    int v = VOC.size();
    for (int b = 0; b < 2; b++) {
      for (int c = 0; c < v; c++) {
        for (int t = from; t <= to; t++) l.add(out[(b * v + c) * EvaModel.DECODED + t]);
      }
    }
    return l;
  }

  @Test
  void givenPlantedCohort_whenTrained_thenSamplesFollowItsCodeDistribution() throws IOException {
    HaloConfig c = HaloConfig.smoke().withKind(ModelKind.EVA).withModel(s -> s.embedding(32).context(9))
        .withTraining(t -> t.batchSize(32).epochs(20).learningRate(3e-3)).withSeed(5);
    List<EncodedPatient> planted = Planted.cohort(300, 1);
    double learned = r2AfterTraining(c, planted, planted);
    double blind = r2AfterTraining(c, Planted.shuffled(300, 1), planted);
    System.out.printf("EVA planted unigram R2: trained on planted %.3f, on shuffled %.3f%n", learned, blind);
    assertTrue(learned > 0.5, "R2 of a model trained on the planted cohort: " + learned);
    assertTrue(learned > blind + 0.3, "planted " + learned + " vs shuffled " + blind);
  }

  private static double r2AfterTraining(HaloConfig c, List<EncodedPatient> train, List<EncodedPatient> reference) throws IOException {
    try (VisitModel m = VisitModel.create(c, Planted.VOC)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      return Planted.unigramR2(reference, new Generator(m).sample(300, 11, "s").cohort().patients());
    }
  }

  @Test
  void givenLabelsOrVisitsToContinue_whenSampling_thenRefusedClearly() {
    try (GenerativeModel m = GenerativeModel.create(small(), VOC)) {
      assertEquals(List.of(RecordLikelihood.class), Capabilities.of(m), "EVA only scores records; it samples them whole");
      var e = assertThrows(IllegalArgumentException.class, () -> new Generator(m).sampleWithLabels(List.of(new int[] {1}), 1, "s"));
      assertTrue(e.getMessage().contains("eva cannot be conditioned on labels: it has no label conditioning"), e.getMessage());
      var real = List.of(new EncodedPatient("p", new int[] {1}, new int[][] {{0, 3}}));
      e = assertThrows(IllegalArgumentException.class, () -> new Generator(m).continueRecords(real, 1, 1, "s"));
      assertTrue(e.getMessage().contains("eva cannot continue a record: it has no prefix continuation"), e.getMessage());
    }
    var e = assertThrows(IllegalArgumentException.class, () -> VisitModel.create(small().withModel(s -> s.context(59)), VOC));
    assertTrue(e.getMessage().contains("57"), e.getMessage());
  }

  @Test
  void givenPriorSamples_thenEachRecordStopsAtItsFirstVisitWithTheEndTokenOrAtTheContext() {
    int end = VOC.endToken();
    try (VisitModel m = VisitModel.create(small(), VOC)) { // untrained: the end token is a coin flip in every row
      int ended = 0;
      for (int[][] r : m.sample(50, new Rng(2))) {
        assertTrue(r.length >= 3 && r.length <= small().model().context(), "rows " + r.length);
        assertArrayEquals(new int[] {VOC.startToken()}, r[0]);
        for (int t = 2; t < r.length - 1; t++) assertTrue(java.util.Arrays.binarySearch(r[t], end) < 0, "end token before the last row");
        boolean last = java.util.Arrays.binarySearch(r[r.length - 1], end) >= 0;
        assertTrue(last || r.length == small().model().context(), "a record stopped without the end token before the context was full");
        if (last) ended++;
      }
      assertTrue(ended > 0, "no record ended early");
    }
  }

  @Test
  void givenKlSchedule_thenAuthorsWeightsThenOne() {
    float[] w = new float[10];
    for (int i = 0; i < w.length; i++) w[i] = EvaModel.klWeight(i);
    assertArrayEquals(new float[] {0.1f, 0.15f, 0.25f, 0.325f, 0.5f, 0.75f, 0.9f, 1f, 1f, 1f}, w);
  }

  @Test
  void givenTrainedModel_whenSavedAndLoaded_thenIdenticalLikelihoodsAndSamples(@TempDir Path dir) throws IOException {
    List<EncodedPatient> train = Fixtures.random(VOC, 60, 6, 1);
    List<EncodedPatient> val = Fixtures.random(VOC, 12, 6, 2);
    try (EvaModel m = (EvaModel) VisitModel.create(small().withTraining(t -> t.validateEvery(5)), VOC)) {
      Trainer.fit(m, train, val, Trainer.Options.quiet().withDir(dir));
      try (EvaModel back = assertInstanceOf(EvaModel.class, Checkpoint.loadModel(dir.resolve(Trainer.LAST), VOC))) {
        assertEquals(m.config(), back.config());
        double[] lp = m.logProbabilities(val);
        assertArrayEquals(lp, back.logProbabilities(val), 0.0);
        for (double x : lp) assertTrue(Double.isFinite(x) && x < 0, "log-likelihood " + x);
        var x = new Generator(m).sample(6, 3, "s").cohort().patients();
        assertEquals(x, new Generator(back).sample(6, 3, "s").cohort().patients());
      }
    }
  }

}
