package halo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AgreementTest {
  @Test
  void givenHandValuesWhenR2ThenSklearnDefinition() {
    // real = [1,2,3], syn = [1,2,4]: mean 2, SS_tot = 1+0+1 = 2, SS_res = 1 -> 1 - 1/2 = 0.5
    assertEquals(0.5, Agreement.r2(new double[] {1, 2, 3}, new double[] {1, 2, 4}), 1e-12);
    // argument order matters: real = [1,2,4] (mean 7/3, SS_tot = 16/9+1/9+25/9 = 42/9), SS_res = 1 -> 1 - 9/42
    assertEquals(1 - 9.0 / 42, Agreement.r2(new double[] {1, 2, 4}, new double[] {1, 2, 3}), 1e-12);
    // can be negative: real [0,1], syn [1,0]: SS_res = 2, SS_tot = 0.5 -> -3
    assertEquals(-3, Agreement.r2(new double[] {0, 1}, new double[] {1, 0}), 1e-12);
  }

  @Test
  void givenTiesWhenSpearmanThenAverageRanks() {
    assertEquals(1.5, Agreement.ranks(new double[] {0, 0, 5})[0], 1e-12);
    assertEquals(3, Agreement.ranks(new double[] {0, 0, 5})[2], 1e-12);
    // monotone but non-linear: spearman 1, pearson < 1
    double[] x = {1, 2, 3, 4}, y = {1, 4, 9, 100};
    assertEquals(1, Agreement.spearman(x, y), 1e-12);
    assertEquals(true, Agreement.pearson(x, y) < 0.95);
    // pearson of x with 2x+1 = 1
    assertEquals(1, Agreement.pearson(x, new double[] {3, 5, 7, 9}), 1e-12);
  }
}
