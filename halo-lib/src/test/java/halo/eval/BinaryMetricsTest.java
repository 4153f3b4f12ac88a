package halo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {
  @Test
  void givenHandExampleWhenMetricsThenValuesMatchSklearn() {
    double[] s = {0.9, 0.8, 0.5, 0.3, 0.7, 0.1};
    boolean[] y = {true, true, true, false, false, false};
    BinaryMetrics m = BinaryMetrics.of(s, y);
    // predictions at > 0.5 (0.5 rounds to 0): 1,1,0,0,1,0 -> TP 2, FP 1, FN 1, TN 2
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
    assertEquals(2.0 / 3, m.precision(), 1e-12);
    assertEquals(2.0 / 3, m.recall(), 1e-12);
    assertEquals(2.0 / 3, m.f1(), 1e-12);
    // AUROC: positive-negative pairs ranked right: 0.9>all 3, 0.8>all 3, 0.5>{0.3,0.1} = 2 -> 8/9
    assertEquals(8.0 / 9, m.auroc(), 1e-12);
    // PR points (desc): 0.9 (r 1/3, p 1), 0.8 (2/3, 1), 0.7 (2/3, 2/3), 0.5 (1, 3/4) then stop.
    // trapezoids from (0,1): 1/3*1 + 1/3*1 + 0 + 1/3*(2/3+3/4)/2 = 2/3 + 17/72
    assertEquals(2.0 / 3 + 17.0 / 72, m.auprc(), 1e-12);
  }

  @Test
  void givenTiedScoresWhenAurocThenHalfCredit() {
    assertEquals(0.5, BinaryMetrics.auroc(new double[] {0.4, 0.4}, new boolean[] {true, false}), 1e-12);
  }
}
