package halo.model.matrix;

import static org.junit.jupiter.api.Assertions.*;

import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Bernoulli diffusion's forward process and posteriors against their definitions. */
class DdpmModelTest {
  static DdpmModel model() {
    return (DdpmModel) GenerativeModel.create(HaloConfig.preset("smoke", ModelKind.DDPM).withModel(s -> s.extras(new DdpmModel.Sizes(8, 20, "dx"))),
        VaeModelTest.VOC);
  }

  /** Pearson's χ² of counts of ones against a fair coin, over {@code bits} columns of n draws each (bits degrees of freedom). */
  static double chiSquare(float[] x, int n, int bits, int[] columns) {
    double chi = 0;
    for (int j : columns) {
      double ones = 0;
      for (int r = 0; r < n; r++) ones += x[r * bits + j];
      chi += 2 * Math.pow(ones - n / 2.0, 2) / (n / 2.0); // (o1 − e)²/e + (o0 − e)²/e with e = n/2
    }
    return chi;
  }

  @Test
  void givenPlantedRecords_whenNoisedToTheLastStep_thenTheStateIsTheFairCoinPriorAndHalfwayItIsNot() {
    try (DdpmModel m = model()) {
      int steps = m.steps(), d = m.layout().width(), n = 4_000;
      assertEquals(1.0, m.alphaBar(0), 0.0);
      assertEquals(0.0, m.alphaBar(steps), 0.0, "the cosine schedule ends at the prior");
      for (int t = 1; t <= steps; t++) assertTrue(m.alphaBar(t) < m.alphaBar(t - 1), "ᾱ decreases at " + t);
      // every record the same: all codes and labels present, so x_0 = 1 everywhere (far from a fair coin)
      float[] x0 = new float[n * d];
      java.util.Arrays.fill(x0, 1f);
      int[] last = new int[n], half = new int[n];
      java.util.Arrays.fill(last, steps);
      java.util.Arrays.fill(half, steps / 2);
      int[] columns = java.util.stream.IntStream.range(0, d).toArray();
      double atEnd = chiSquare(m.noisy(x0, last, new Rng(1)), n, d, columns);
      double halfway = chiSquare(m.noisy(x0, half, new Rng(1)), n, d, columns);
      // χ² with d = 14 degrees of freedom: the 0.999 quantile is 36.1
      assertTrue(atEnd < 36.1, "x_T should be indistinguishable from fair coins: chi2 " + atEnd + " on " + d + " df");
      assertTrue(halfway > 36.1, "halfway the state still depends on x_0: chi2 " + halfway);
    }
  }

  @Test
  void givenEveryStepAndState_whenComputingThePosterior_thenItIsBayesRuleOnTheForwardProcess() {
    try (DdpmModel m = model()) {
      int d = m.layout().width();
      for (int t = 1; t <= m.steps(); t++) {
        double a = m.alphaBar(t) / m.alphaBar(t - 1), prev = m.alphaBar(t - 1);
        for (int xt = 0; xt < 2; xt++) {
          float[] state = new float[d];
          java.util.Arrays.fill(state, xt);
          float[][] post = m.posteriors(state, new int[] {t});
          for (int x0 = 0; x0 < 2; x0++) {
            // P(x_{t−1} = 1 | x_t, x_0) = q(x_t | x_{t−1} = 1) q(x_{t−1} = 1 | x_0) / Σ_k q(x_t | k) q(k | x_0)
            double[] num = new double[2];
            for (int k = 0; k < 2; k++) {
              double step = k == xt ? a + (1 - a) / 2 : (1 - a) / 2;
              double fromX0 = k == x0 ? prev + (1 - prev) / 2 : (1 - prev) / 2;
              num[k] = step * fromX0;
            }
            assertEquals(num[1] / (num[0] + num[1]), post[x0][0], 1e-6, "t " + t + ", x_t " + xt + ", x_0 " + x0);
          }
        }
      }
    }
  }

  @Test
  void givenASeed_whenSampledTwice_thenTheSameRecords() {
    try (DdpmModel m = model()) {
      List<int[][]> a = m.sample(5, new Rng(3)), b = m.sample(5, new Rng(3));
      for (int i = 0; i < 5; i++) assertArrayEquals(a.get(i)[2], b.get(i)[2]);
      for (int[][] r : a) assertEquals(VaeModelTest.VOC.endToken(), r[2][r[2].length - 1], "the visit row ends with the end token");
    }
  }
}
