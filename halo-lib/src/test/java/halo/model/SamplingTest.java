package halo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import halo.model.gpt.GptModel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Temperature and top-k: the reshaped probabilities against hand computations, what a stored config means, and who refuses top-k. */
class SamplingTest {
  @Test
  void givenTemperature_whenBernoulli_thenLogitIsDividedByT() {
    assertEquals(1.0 / 3, new Sampling(1, 2, 0).bernoulli(0.2f), 1e-7, "T 2: √.2 / (√.2 + √.8) = 1/3");
    assertEquals(0.04 / 0.68, new Sampling(1, 0.5, 0).bernoulli(0.2f), 1e-7, "T 0.5: .2² / (.2² + .8²)");
    assertEquals(0.2f, new Sampling(1).bernoulli(0.2f), "exact: unchanged");
    Sampling s = new Sampling(1, 0.5, 0);
    assertEquals(0f, s.bernoulli(0f));
    assertEquals(1f, s.bernoulli(1f));
    assertEquals(0.5f, s.bernoulli(0.5f), 1e-7, "½ is a fixed point at any T");
  }

  @Test
  void givenTemperatureAndTopK_whenCategorical_thenPowerThenTopKRenormalised_andZerosStayZero() {
    float[] p = {9, 0.5f, 0.3f, 0.2f, 0, 9}; // a distribution at offset 1, length 4, between two values it must not touch
    new Sampling(1, 0.5, 0).categorical(p, 1, 4);
    assertArrayEquals(new float[] {9, 0.25f / 0.38f, 0.09f / 0.38f, 0.04f / 0.38f, 0, 9}, p, 1e-6f);
    float[] q = {0.5f, 0.3f, 0.2f, 0};
    new Sampling(1, 1, 2).categorical(q, 0, 4);
    assertArrayEquals(new float[] {0.625f, 0.375f, 0, 0}, q, 1e-6f);
    float[] ties = {0.4f, 0.3f, 0.3f};
    new Sampling(1, 1, 2).categorical(ties, 0, 3);
    assertArrayEquals(new float[] {0.4f, 0.3f, 0.3f}, ties, 1e-6f, "ties at the k-th probability are all kept");
    float[] tiny = {1 - 2e-30f, 1e-30f, 1e-30f};
    new Sampling(1, 0.05, 0).categorical(tiny, 0, 3);
    assertEquals(1f, tiny[0], 0f, "T 0.05 relative to the mode: no underflow to an all-zero row");
    float[] same = {0.5f, 0.3f, 0.2f};
    new Sampling(7).categorical(same, 0, 3);
    assertArrayEquals(new float[] {0.5f, 0.3f, 0.2f}, same, 0f, "exact: untouched, bit for bit");
  }

  @Test
  void givenStoredConfigs_whenRead_thenOldOnesSampleExactly_andNewOnesRoundTrip() throws Exception {
    ObjectMapper json = new ObjectMapper();
    assertEquals(new Sampling(256), json.readValue("{\"batch\":256}", Sampling.class), "a checkpoint from before the options");
    Sampling s = new Sampling(256, 0.7, 5);
    assertEquals(s, json.readValue(json.writeValueAsString(s), Sampling.class));
    HaloConfig c = HaloConfig.cpu();
    assertEquals(c, json.readValue(json.writeValueAsString(c), HaloConfig.class));
    assertEquals("Sampling[batch=256]", c.sampling().toString(), "exact sampling keeps the run caches' keys");
    assertEquals("Sampling[batch=256, temperature=0.7, topK=5]", s.toString());
  }

  @Test
  void givenBadValues_whenBuilt_thenRefusedNamingTheValue() {
    for (double t : new double[] {0, -1, Double.NaN, 0.01, 100}) {
      var e = assertThrows(IllegalArgumentException.class, () -> new Sampling(1, t, 0));
      assertTrue(e.getMessage().contains("temperature") && e.getMessage().contains(String.valueOf(t)), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Sampling(1, 1, -1));
  }

  @Test
  void givenTopK_whenABernoulliModelIsBuilt_thenRefusedNamingTheModelsThatCan() {
    HaloConfig c = HaloConfig.smoke();
    var e = assertThrows(IllegalArgumentException.class, () -> GenerativeModel.create(c.withSampling(c.sampling().with(1, 3)), Fixtures.vocabulary(20, 3)));
    assertTrue(e.getMessage().contains("halo cannot sample with top-k 3") && e.getMessage().contains("gpt") && e.getMessage().contains("promptehr"),
        e.getMessage());
    try (GenerativeModel m = GenerativeModel.create(c.withSampling(c.sampling().with(0.5, 0)), Fixtures.vocabulary(20, 3))) {
      assertEquals(0.5, m.config().sampling().temperature(), "temperature alone: every model");
    }
  }

  /** Top-1 is greedy decoding: whatever the seed, GPT draws the same records. Exact sampling does not. */
  @Test
  void givenTopOne_whenGptSamples_thenRecordsDoNotDependOnTheSeed() {
    HaloConfig c = HaloConfig.smoke().withKind(ModelKind.GPT).withModel(s -> s.embedding(16).layers(2).heads(2).context(40)).withSeed(3);
    for (int k : new int[] {1, 0}) {
      try (GptModel m = (GptModel) GenerativeModel.create(c.withSampling(c.sampling().with(1, k)), Planted.VOC)) {
        FastPathTest.perturbParams(m);
        Set<String> distinct = new HashSet<>();
        for (long seed = 1; seed <= 4; seed++) {
          List<int[][]> r = m.sample(8, new Rng(seed));
          StringBuilder b = new StringBuilder();
          for (int[][] rec : r) for (int[] row : rec) b.append(java.util.Arrays.toString(row));
          distinct.add(b.toString());
        }
        assertEquals(k == 1 ? 1 : 4, distinct.size(), "top-" + k + ": distinct samples over 4 seeds");
      }
    }
  }
}
