package halo.model.halo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.DenseReference;
import halo.model.FastPathTest;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.RowBatch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * HALO's block-triangular code head (see {@link HeadBlocks}) against the dense definition, for block
 * counts from 1 to V: logits against {@link DenseReference} (plain double loops), and every parameter
 * gradient against autograd through the dense masked D × D products written out in DJL (protocol Part B
 * §2.2 as the authors compute it). The live rectangles Adam updates must hold every weight the dense
 * gradient reaches.
 */
class BlockHeadTest {
  static final Vocabulary VOC = Fixtures.vocabulary(9, 2); // V = 14
  static final int V = VOC.size();
  static final int[] BLOCKS = {1, 2, 3, 5, V};

  static HaloConfig config() {
    return HaloConfig.smoke().withModel(s -> s.embedding(8).layers(1).heads(2).context(7)).withSeed(11);
  }

  static HaloModel model(int blocks) {
    HaloModel m = new HaloModel(config(), VOC, blocks);
    FastPathTest.perturbParams(m);
    return m;
  }

  @Test
  void givenBlockCounts_whenLayout_thenBlocksTileTheTokensAndComputeLessThanDense() {
    for (int k : BLOCKS) {
      HeadBlocks b = HeadBlocks.of(8, V, k);
      assertEquals(k, b.count());
      // E = 8, V = 14, D = 22: useful layer-2 work Σ_c (E + c) = 14·8 + 91 = 203 of V·D = 308
      assertEquals(203, b.layer2Macs());
      assertTrue(b.layer2ComputedMacs() >= b.layer2Macs() && b.layer2ComputedMacs() <= 14 * 21, "K=" + k);
    }
    assertEquals(203, HeadBlocks.of(8, V, V).layer2ComputedMacs(), "one token per block computes only live weights");
    assertEquals(6, HeadBlocks.of(128, 1345).count(), "default blocks on the default cohort's V");
  }

  @Test
  void givenBlockCounts_whenLogits_thenEqualDenseReference() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 6, 7, 3);
    for (int k : BLOCKS) {
      try (HaloModel m = model(k)) {
        List<float[][]> fast = m.rowProbabilities(ps);
        List<double[][]> ref = new DenseReference(m).logits(ps);
        double maxErr = 0;
        for (int i = 0; i < ps.size(); i++) {
          for (int r = 0; r < ref.get(i).length; r++) {
            for (int c = 0; c < V; c++) maxErr = Math.max(maxErr, Math.abs(DenseReference.sig(ref.get(i)[r][c]) - fast.get(i)[r][c]));
          }
        }
        assertTrue(maxErr < 2e-5, "K=" + k + ": max |p_fast - p_dense| = " + maxErr);
      }
    }
  }

  @Test
  void givenBlockCounts_whenBackward_thenGradientsEqualDenseMaskedProducts_andLiveRectanglesHoldThem() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 8, 6, 5);
    Map<String, float[]> dense;
    try (HaloModel m = model(1)) {
      dense = gradients(m, ps, true);
      // the dense gradient is zero outside the live rectangles (which Adam alone updates)
      for (String w : new String[] {"head1.w", "head2.w"}) {
        float[] g = dense.get(w);
        int d = 8 + V;
        boolean[] live = new boolean[d * d];
        for (int[] r : m.params().live(w)) for (int o = r[0]; o < r[1]; o++) for (int i = r[2]; i < r[3]; i++) live[o * d + i] = true;
        int nonzeroLive = 0;
        for (int j = 0; j < g.length; j++) {
          if (!live[j]) assertTrue(g[j] == 0, w + " gradient " + g[j] + " outside the live rectangles at (" + j / d + ", " + j % d + ")");
          else if (g[j] != 0) nonzeroLive++;
        }
        assertTrue(nonzeroLive > 100, w + ": only " + nonzeroLive + " nonzero live gradients, the test would not see a wrong rectangle");
      }
    }
    for (int k : BLOCKS) {
      try (HaloModel m = model(k)) {
        Map<String, float[]> fast = gradients(m, ps, false);
        for (var e : dense.entrySet()) {
          float[] a = e.getValue(), b = fast.get(e.getKey());
          double scale = 0, err = 0;
          for (int j = 0; j < a.length; j++) {
            scale = Math.max(scale, Math.abs(a[j]));
            err = Math.max(err, Math.abs(a[j] - b[j]));
          }
          assertTrue(err <= 1e-5 * Math.max(scale, 1e-3), "K=" + k + " " + e.getKey() + ": max gradient difference " + err + " (scale " + scale + ")");
        }
      }
    }
  }

  /** Gradients of the summed loss: the model's fast path, or the dense masked definition of the head. */
  static Map<String, float[]> gradients(HaloModel m, List<EncodedPatient> ps, boolean denseHead) {
    RowBatch b = m.batch(ps);
    try (NDScope scope = new NDScope(); NDManager mm = m.manager().newSubManager()) {
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss;
        if (denseHead) {
          NDArray logits = denseLogits(m, mm, b);
          NDArray present = logits.reshape(-1).get(new NDIndex("{}", mm.create(b.presentFlat())));
          loss = logits.getNDArrayInternal().softPlus().sum().sub(present.sum());
        } else {
          loss = m.lossSum(mm, b);
        }
        gc.backward(loss);
      }
      Map<String, float[]> out = new java.util.LinkedHashMap<>();
      for (var e : m.params().all().entrySet()) {
        NDArray g = e.getValue().getGradient();
        out.put(e.getKey(), g.toFloatArray());
        g.subi(g);
      }
      return out;
    }
  }

  /** Logits [N, V] from [h_{t−1}; x_t] through two full D × D products with the inclusive lower-triangular mask, outputs E−1 .. E+V−2 (plus h · wte^T when tied). */
  static NDArray denseLogits(HaloModel m, NDManager mm, RowBatch b) {
    int e = m.config().model().embedding(), d = e + V;
    float[] mask = new float[d * d];
    for (int o = 0; o < d; o++) java.util.Arrays.fill(mask, o * d, o * d + o + 1, 1f);
    NDArray mk = mm.create(mask, new Shape(d, d));
    NDArray in = m.previousHidden(mm, b).concat(b.targets(mm).toDense(), 1); // [N, D]
    NDArray w1 = m.params().get("head1.w").mul(mk), w2 = m.params().get("head2.w").mul(mk);
    NDArray hid = ai.djl.nn.Activation.relu(in.matMul(w1.transpose()).add(m.params().get("head1.b")));
    NDArray full = hid.matMul(w2.transpose()).add(m.params().get("head2.b")); // [N, D]
    NDArray logits = full.get(new NDIndex(":, {}:{}", e - 1, e - 1 + V));
    boolean tied = m.config().model().extras(HaloModel.Head.class).tiedLogits();
    return tied ? logits.add(m.previousHidden(mm, b).matMul(m.params().get("wte").transpose())) : logits; // + h · wte^T
  }

  @Test
  void givenDefaultBlocks_whenCheckpointLayout_thenParametersStayDenseDByD() {
    try (HaloModel m = model(3)) {
      int d = 8 + V;
      assertArrayEquals(new long[] {d, d}, m.params().get("head1.w").getShape().getShape());
      assertArrayEquals(new long[] {d, d}, m.params().get("head2.w").getShape().getShape());
    }
  }
}
