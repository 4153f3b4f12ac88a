package halo.eval.similarity;

import static halo.eval.Fixtures.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.Fixtures;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ShapeAndCorrelationTest {
  @Test
  void givenHandCohortWhenShapeThenMeansStdsAndPrevalence() {
    Vocabulary v = Fixtures.vocabulary(5, 2);
    EncodedCohort c = Fixtures.cohort(v, CodeStatisticsTest.hand());
    Map<String, EncodedCohort> m = new LinkedHashMap<>();
    m.put("real", c);
    Table t = ShapeStatistics.summary(m);
    // visits per record 3, 2: mean 2.5, std 0.5; codes per visit 3,2,0,2,2: mean 9/5, var (1.44+.04+3.24+.04+.04)/5 = 0.96
    assertEquals(2.5, t.doubleColumn("visits_per_record_mean").get(0), 1e-12);
    assertEquals(0.5, t.doubleColumn("visits_per_record_std").get(0), 1e-12);
    assertEquals(1.8, t.doubleColumn("codes_per_visit_mean").get(0), 1e-12);
    assertEquals(Math.sqrt(0.96), t.doubleColumn("codes_per_visit_std").get(0), 1e-12);
    assertEquals(0.2, t.doubleColumn("empty_visit_fraction").get(0), 1e-12);
    double[] prev = ShapeStatistics.labelPrevalence(c, 2);
    assertEquals(0.5, prev[0], 1e-12); // p1 has label 0, p2 none
    assertEquals(0.0, prev[1], 1e-12);
    assertEquals(1.0, ShapeStatistics.labelAgreement(v, c, m).doubleColumn("r2").get(0), 1e-12);
    Table d = ShapeStatistics.distributions(m);
    assertEquals(2 + 3, d.rowCount()); // visits per record {2,3}; codes per visit {0,2,3}
  }

  /** Records where codes 0 and 1 always co-occur (strong correlation), other codes random. */
  static List<EncodedPatient> correlated(String prefix, int n, long seed, boolean keepLink) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      java.util.TreeSet<Integer> s = new java.util.TreeSet<>();
      boolean a = r.nextBoolean();
      if (a) s.add(0);
      if (keepLink ? a : r.nextBoolean()) s.add(1);
      for (int c = 2; c < 8; c++) if (r.nextDouble() < 0.3) s.add(c);
      out.add(new EncodedPatient(prefix + i, new int[0], new int[][] {s.stream().mapToInt(Integer::intValue).toArray()}));
    }
    return out;
  }

  @Test
  void givenBrokenCorrelationWhenDimensionWiseThenRealSyntheticMaeAboveNoiseFloor() {
    Vocabulary v = Fixtures.vocabulary(8, 1);
    EncodedCohort real = Fixtures.cohort(v, correlated("r", 1000, 1, true));
    EncodedCohort same = Fixtures.cohort(v, correlated("s", 1000, 2, true));
    EncodedCohort broken = Fixtures.cohort(v, correlated("b", 1000, 3, false));
    var dw = new DimensionWiseCorrelation(8, 10, 4);
    Table good = dw.of("same law", real, same, 8);
    Table bad = dw.of("broken", real, broken, 8);
    // rows: real-real, syn-syn, real-syn, each with correlation then covariance
    double floor = good.doubleColumn("mean").get(0);
    double goodRs = good.doubleColumn("mean").get(4), badRs = bad.doubleColumn("mean").get(4);
    assertEquals("real-synthetic", good.stringColumn("comparison").get(4));
    assertTrue(goodRs < 1.5 * floor, good.print());
    // one of 28 pairs loses a correlation of 1: MAE rises by about 1/28
    assertTrue(badRs > goodRs + 0.02, bad.print());
    assertEquals(45, good.intColumn("pairs").get(0)); // 10 groups: 45 distinct pairs
    assertEquals(100, good.intColumn("pairs").get(4));
  }
}
