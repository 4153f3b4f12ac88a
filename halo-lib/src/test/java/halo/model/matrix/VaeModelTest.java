package halo.model.matrix;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.RowBatch;
import halo.sample.Generator;
import halo.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The matrix VAE: what it models, its likelihood against a hand computation, and that it learns a planted correlation. */
class VaeModelTest {
  static final Vocabulary VOC = Fixtures.vocabulary(12, 2);

  static HaloConfig config() {
    return HaloConfig.preset("smoke", ModelKind.VAE).withModel(s -> s.extras(new VaeModel.Sizes(32, 4, "dx")))
        .withTraining(t -> t.batchSize(100).epochs(60).learningRate(3e-3)).withSeed(5);
  }

  /**
   * Records of 1–3 visits whose codes 0 and 1 are always together (each record has both, in some visit,
   * with probability 0.5), codes 2.. independent with probability 0.25, label 0 with probability 0.3.
   * Shuffled: code 1 drawn on its own with the same probability, so 0 and 1 are independent.
   */
  static List<EncodedPatient> planted(int n, long seed, boolean shuffled) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int visits = 1 + r.nextInt(3);
      List<TreeSet<Integer>> vs = new ArrayList<>();
      for (int t = 0; t < visits; t++) vs.add(new TreeSet<>());
      boolean a = r.nextBoolean();
      boolean b = shuffled ? r.nextBoolean() : a;
      if (a) vs.get(r.nextInt(visits)).add(0);
      if (b) vs.get(r.nextInt(visits)).add(1);
      for (int c = 2; c < VOC.codeCount(); c++) if (r.nextDouble() < 0.25) vs.get(r.nextInt(visits)).add(c);
      int[][] v = vs.stream().map(s -> s.stream().mapToInt(Integer::intValue).toArray()).toArray(int[][]::new);
      out.add(new EncodedPatient("p" + i, r.nextDouble() < 0.3 ? new int[] {0} : new int[0], v));
    }
    return out;
  }

  /** Pearson correlation of "code x in the record" and "code y in the record". */
  static double correlation(List<EncodedPatient> records, int x, int y) {
    double n = records.size(), sx = 0, sy = 0, sxy = 0;
    for (EncodedPatient p : records) {
      boolean hx = false, hy = false;
      for (int[] v : p.visits()) {
        hx |= Arrays.binarySearch(v, x) >= 0;
        hy |= Arrays.binarySearch(v, y) >= 0;
      }
      sx += hx ? 1 : 0;
      sy += hy ? 1 : 0;
      sxy += hx && hy ? 1 : 0;
    }
    double cov = sxy / n - sx / n * sy / n;
    return cov / Math.sqrt(sx / n * (1 - sx / n) * sy / n * (1 - sy / n));
  }

  static double share(List<EncodedPatient> records, java.util.function.Predicate<EncodedPatient> p) {
    return records.stream().filter(p).count() / (double) records.size();
  }

  @Test
  void givenARecord_whenScored_thenItsLikelihoodIsTheBernoulliLikelihoodOfItsVectorAtTheMean() {
    try (VaeModel m = (VaeModel) GenerativeModel.create(config(), VOC)) {
      // two visits sharing code 3, a code of another... all codes are diagnoses here: the vector is {0: label 1, codes 3, 5}
      EncodedPatient p = new EncodedPatient("p", new int[] {1}, new int[][] {{3, 5}, {3}});
      double scored = m.logProbabilities(List.of(p))[0];
      double hand;
      try (NDScope scope = new NDScope(); NDManager nm = m.manager().newSubManager()) {
        RowBatch b = m.batch(List.of(p));
        NDArray x = m.layout().vectors(nm, b);
        float[] present = x.toFloatArray();
        assertEquals(3, (int) Arrays.stream(toDouble(present)).sum(), "label 1, code 3 once, code 5");
        float[] logits = m.decode(m.encode(x).get(":, :4")).toFloatArray();
        hand = 0;
        for (int i = 0; i < logits.length; i++) {
          double q = 1 / (1 + Math.exp(-logits[i]));
          hand += present[i] == 1 ? Math.log(q) : Math.log(1 - q);
        }
      }
      assertEquals(hand, scored, 1e-3, "every modelled token in its row; the end token certain; nothing else possible");
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
  }
}
