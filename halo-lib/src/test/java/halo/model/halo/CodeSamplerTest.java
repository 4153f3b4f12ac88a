package halo.model.halo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import halo.data.Vocabulary;
import halo.model.FastPathTest;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.Params;
import halo.model.Rng;
import halo.model.Sampling;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * HALO's session head ({@link CodeSampler}) against the dense definition: the logits it keeps after
 * tokens are set equal the dense teacher-forced head's, its bounds hold, and its draws are the draws
 * of a sampler that recomputes every probability with the dense head before every draw, in the same
 * order from the same generator (so seeded samples do not depend on the shortcut).
 */
class CodeSamplerTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 3); // V = 26
  static final int V = VOC.size();

  /** A small HALO with large head weights (strong dependence within a row, so the bounds are tested where they matter). */
  static HaloModel model(int blocks) {
    return model(blocks, 1);
  }

  /** The same model sampling at {@code temperature}. */
  static HaloModel model(int blocks, double temperature) {
    HaloConfig c = HaloConfig.smoke().withModel(s -> s.embedding(8).layers(1).heads(2).context(6)).withSeed(3);
    HaloModel m = new HaloModel(c.withSampling(c.sampling().with(temperature, 0)), VOC, blocks);
    FastPathTest.perturbParams(m);
    for (String w : new String[] {"head1.w", "head2.w"}) m.params().get(w).muli(4f);
    m.params().get("head2.b").subi(2f); // sparse rows, as trained models give
    return m;
  }

  static NDArray histories(NDManager m, int n, long seed) {
    Rng r = new Rng(seed);
    return m.create(Params.normal(r, (long) n * 8, 1), new Shape(n, 8));
  }

  @Test
  void givenTokensSet_whenLogits_thenEqualDenseTeacherForcedHead_andWithinTheirBounds() {
    for (int k : new int[] {1, 3, V}) {
      try (HaloModel model = model(k); NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        CodeSampler head = (CodeSampler) model.rowHead(m);
        int n = 12;
        NDArray h = histories(m, n, 7 + k);
        CodeSampler.Row[] rows = head.start(h), fresh = head.start(h);
        Rng r = new Rng(11);
        int[][] set = new int[n][];
        double maxErr = 0, maxRatio = 0;
        for (int i = 0; i < n; i++) {
          // a random increasing set of tokens: 0..5 of them
          java.util.TreeSet<Integer> t = new java.util.TreeSet<>();
          int count = r.nextInt(6);
          while (t.size() < count) t.add(r.nextInt(V - 1));
          set[i] = t.stream().mapToInt(Integer::intValue).toArray();
          for (int j : set[i]) rows[i].set(j);
        }
        float[] dense = head.probabilities(m, h, set); // [n, V], teacher-forced on the set tokens
        for (int i = 0; i < n; i++) {
          int last = set[i].length == 0 ? -1 : set[i][set[i].length - 1];
          for (int c = last + 1; c < V; c++) {
            double p = CodeSampler.sigmoid(rows[i].logit(c));
            maxErr = Math.max(maxErr, Math.abs(p - dense[i * V + c]));
            double moved = Math.abs(rows[i].logit(c) - fresh[i].logit(c)); // fresh: the row's first pass, nothing set
            assertTrue(moved <= rows[i].bound(c) * (1 + 1e-9) + 1e-9,
                "K=" + k + " record " + i + " token " + c + ": logit moved by " + moved + ", more than its bound " + rows[i].bound(c));
            if (rows[i].bound(c) > 0) maxRatio = Math.max(maxRatio, moved / rows[i].bound(c));
          }
        }
        assertTrue(maxErr < 1e-5, "K=" + k + ": max |p_session - p_dense| = " + maxErr);
        assertTrue(maxRatio > 0.05, "K=" + k + ": the bounds were never approached (max ratio " + maxRatio + "): the test does not exercise them");
      }
    }
  }

  @Test
  void givenSeed_whenSampling_thenSameRowsAsRecomputingEveryProbabilityBeforeEveryDraw() {
    for (int k : new int[] {1, 4}) {
      try (HaloModel model = model(k); NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        CodeSampler head = (CodeSampler) model.rowHead(m);
        int n = 64;
        NDArray h = histories(m, n, 5);
        int[][] fast = head.sample(m, h, new Rng(99));
        int[][] slow = recomputing(head, m, h, new Sampling(1), new Rng(99));
        for (int i = 0; i < n; i++) assertArrayEquals(slow[i], fast[i], "K=" + k + " record " + i);
        long tokens = Arrays.stream(fast).mapToLong(x -> x.length).sum();
        assertTrue(tokens > 2L * n, "K=" + k + ": only " + tokens + " tokens sampled; the rows are too sparse to test the updates");
        assertTrue(head.exact > 0 && head.bounded + head.exact < head.draws, "K=" + k + ": every path should be used (draws " + head.draws
            + ", by the tight bound " + head.bounded + ", exact " + head.exact + ")");
        assertEquals(0, Arrays.stream(fast).filter(x -> !isIncreasing(x)).count());
      }
    }
  }

  /**
   * A temperature reshapes the draws, bounds included: the session's rows are the plain sampler's at
   * σ(logit / T) from the dense probabilities, and sharpening (T &lt; 1) makes the sparse rows sparser
   * while flattening (T &gt; 1) fills them.
   */
  @Test
  void givenTemperature_whenSampling_thenSameRowsAsRecomputingAtLogitsOverT() {
    long[] tokens = new long[3];
    double[] ts = {0.6, 1, 1.7};
    for (int i = 0; i < ts.length; i++) {
      try (HaloModel model = model(4, ts[i]); NDScope scope = new NDScope(); NDManager m = model.manager().newSubManager()) {
        CodeSampler head = (CodeSampler) model.rowHead(m);
        int n = 64;
        NDArray h = histories(m, n, 5);
        int[][] fast = head.sample(m, h, new Rng(99));
        int[][] slow = recomputing(head, m, h, model.config().sampling(), new Rng(99));
        for (int r = 0; r < n; r++) assertArrayEquals(slow[r], fast[r], "T=" + ts[i] + " record " + r);
        assertTrue(head.exact > 0 && head.bounded + head.exact < head.draws, "T=" + ts[i] + ": every path should be used");
        tokens[i] = Arrays.stream(fast).mapToLong(x -> x.length).sum();
      }
    }
    assertTrue(tokens[0] < tokens[1] && tokens[1] < tokens[2], "tokens sampled at T 0.6, 1, 1.7: " + Arrays.toString(tokens));
  }

  /** The plain sampler: before every draw, the dense teacher-forced probability given the tokens set so far (reshaped by the sampling's temperature). */
  static int[][] recomputing(CodeSampler head, NDManager m, NDArray h, Sampling sampling, Rng rng) {
    int n = Math.toIntExact(h.getShape().get(0));
    int[][] rows = new int[n][0];
    int[] pos = new int[n];
    boolean[] done = new boolean[n];
    boolean any = true;
    while (any) {
      any = false;
      float[] p = sampling.bernoulli(head.probabilities(m, h, rows)); // one pass for the state at the start of this round
      for (int i = 0; i < n; i++) {
        if (done[i]) continue;
        int j = -1;
        for (int c = pos[i]; c < V; c++) {
          if (rng.nextFloat() < p[i * V + c]) {
            j = c;
            break;
          }
        }
        if (j < 0) {
          done[i] = true;
          continue;
        }
        rows[i] = Arrays.copyOf(rows[i], rows[i].length + 1);
        rows[i][rows[i].length - 1] = j;
        pos[i] = j + 1;
        if (j + 1 >= V) done[i] = true;
        else any = true;
      }
    }
    return rows;
  }

  static boolean isIncreasing(int[] x) {
    for (int i = 1; i < x.length; i++) if (x[i] <= x[i - 1]) return false;
    return true;
  }
}
