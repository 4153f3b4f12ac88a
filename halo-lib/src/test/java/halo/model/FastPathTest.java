package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.blocks.VisitModel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every fast path (sparse embedding, masked head with sparse input, output slicing) equals the dense reference. */
public class FastPathTest {
  public static final Vocabulary VOC = Fixtures.vocabulary(9, 2); // V = 9 + 2 + 3 = 14

  public static HaloConfig config(ModelKind k) {
    return HaloConfig.smoke().withKind(k).withModel(s -> s.embedding(8).layers(2).heads(2).context(7)).withSeed(11);
  }

  /**
   * The visit models (the baselines have their own tests), HALO also without its label path
   * ({@link halo.model.halo.HaloModel.Head#labelPath()}, on by default); each config's name says which.
   */
  public static java.util.Map<String, HaloConfig> visitConfigs() {
    java.util.Map<String, HaloConfig> out = new java.util.LinkedHashMap<>();
    for (ModelKind k : Capabilities.having(VisitProbabilities.class)) out.put(k.id(), config(k));
    out.put("halo without the label path", config(ModelKind.HALO).withModel(s -> s.extras(new halo.model.halo.HaloModel.Head(true, false))));
    return out;
  }

  @Test
  void givenRandomRecords_whenFastLogits_thenEqualDenseReference_forEveryModel() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 6, 7, 3); // up to 7 visits: some truncated to 5
    for (var cfg : visitConfigs().entrySet()) {
      String k = cfg.getKey();
      try (VisitModel m = VisitModel.create(cfg.getValue(), VOC)) {
        perturbParams(m);
        List<float[][]> fast = ((VisitProbabilities) m).rowProbabilities(ps);
        List<double[][]> ref = new DenseReference(m).logits(ps);
        double maxErr = 0;
        for (int i = 0; i < ps.size(); i++) {
          assertEquals(ref.get(i).length, fast.get(i).length, k + " rows of patient " + i);
          for (int r = 0; r < ref.get(i).length; r++) {
            for (int c = 0; c < VOC.size(); c++) {
              maxErr = Math.max(maxErr, Math.abs(DenseReference.sig(ref.get(i)[r][c]) - fast.get(i)[r][c]));
            }
          }
        }
        assertTrue(maxErr < 2e-5, k + ": max |p_fast - p_dense| = " + maxErr);
        // log P(record) = Σ log p (present) + log(1-p) (absent), from the reference probabilities
        double[] lp = ((RecordLikelihood) m).logProbabilities(ps);
        for (int i = 0; i < ps.size(); i++) {
          double expect = 0;
          int[][] rows = halo.data.RecordLayout.rows(ps.get(i).lastVisits(m.config().model().maxVisits()), VOC);
          for (int r = 1; r < rows.length; r++) {
            java.util.Set<Integer> on = new java.util.HashSet<>();
            for (int x : rows[r]) on.add(x);
            for (int c = 0; c < VOC.size(); c++) {
              double p = DenseReference.sig(ref.get(i)[r - 1][c]);
              expect += on.contains(c) ? Math.log(p) : Math.log1p(-p);
            }
          }
          assertEquals(expect, lp[i], 1e-3 * Math.max(1, Math.abs(expect)), k + " log P of patient " + i);
        }
        // the training loss (Σ softplus − gathered present logits) is −Σ log P over the batch
        double total = 0;
        for (double x : lp) total += x;
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope(); var bm = m.manager().newSubManager()) {
          RowBatch b = m.batch(ps);
          assertEquals(-total, m.lossSum(bm, b).getFloat(), 1e-4 * Math.abs(total), k + " loss sum");
          assertEquals(-total / (b.predictedRows() * VOC.size()), m.loss(bm, b).getFloat(), 1e-5, k + " mean loss");
        }
      }
    }
  }

  /** Moves LayerNorm and bias parameters away from their 1/0 initial values so they are tested too. */
  public static void perturbParams(VisitModel m) {
    Rng r = new Rng(99);
    for (var e : m.params().all().entrySet()) {
      if (e.getKey().endsWith(".g") || e.getKey().endsWith(".b")) {
        float[] f = e.getValue().toFloatArray();
        for (int i = 0; i < f.length; i++) f[i] += (float) (0.3 * r.nextGaussian());
        e.getValue().set(java.nio.FloatBuffer.wrap(f));
      }
    }
  }
}
