package halo.eval.similarity;

import static halo.eval.Fixtures.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.eval.Fixtures;
import halo.eval.similarity.CodeStatistics.Statistic;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class CodeStatisticsTest {
  static final int C = 5;

  // P1: visits {0,1,2}, {1,2}, {}   P2: visits {0,1}, {0,1}
  static List<EncodedPatient> hand() {
    return List.of(
        patient("p1", new int[] {0}, new int[] {0, 1, 2}, new int[] {1, 2}, new int[] {}),
        patient("p2", new int[] {}, new int[] {0, 1}, new int[] {0, 1}));
  }

  @Test
  void givenHandCohortWhenCountingThenSixStatisticsMatchHandCounts() {
    CodeStatistics s = CodeStatistics.of(hand(), C);
    assertEquals(2, s.records());
    assertEquals(5, s.visits()); // 3 + 2, the empty visit counts
    assertEquals(3, s.transitions()); // 2 + 1
    var uv = s.probabilities(Statistic.PER_VISIT_UNIGRAM);
    assertEquals(3.0 / 5, uv.get(0), 1e-12); // code 0 in visits p1v0, p2v0, p2v1
    assertEquals(4.0 / 5, uv.get(1), 1e-12);
    var ur = s.probabilities(Statistic.PER_RECORD_UNIGRAM);
    assertEquals(1.0, ur.get(1), 1e-12);
    assertEquals(0.5, ur.get(2), 1e-12);
    var bv = s.probabilities(Statistic.PER_VISIT_SAME_VISIT_BIGRAM);
    // pair {0,1}: p1v0, p2v0, p2v1 = 3/5; pair {1,2}: p1v0, p1v1 = 2/5; pair {0,2}: 1/5
    assertEquals(3.0 / 5, bv.get(0L * C + 1), 1e-12);
    assertEquals(2.0 / 5, bv.get(1L * C + 2), 1e-12);
    assertEquals(1.0 / 5, bv.get(0L * C + 2), 1e-12);
    var br = s.probabilities(Statistic.PER_RECORD_SAME_VISIT_BIGRAM);
    assertEquals(1.0, br.get(0L * C + 1), 1e-12);
    assertEquals(0.5, br.get(1L * C + 2), 1e-12);
    var sv = s.probabilities(Statistic.PER_VISIT_SEQUENTIAL_BIGRAM);
    // transitions: p1 {0,1,2}->{1,2}, p1 {1,2}->{}, p2 {0,1}->{0,1}
    // (1 -> 1): p1 t1 and p2 t1 = 2/3; (0 -> 2): p1 only = 1/3; (1 -> 0): p2 = 1/3; (2 -> 2): 1/3
    assertEquals(2.0 / 3, sv.get(1L * C + 1), 1e-12);
    assertEquals(1.0 / 3, sv.get(0L * C + 2), 1e-12);
    assertEquals(1.0 / 3, sv.get(1L * C + 0), 1e-12);
    assertEquals(8, sv.size()); // 3*2 pairs from p1, plus (0,0),(1,0) new from p2 ((0,1),(1,1) shared) = 6 + 2
    var sr = s.probabilities(Statistic.PER_RECORD_SEQUENTIAL_BIGRAM);
    assertEquals(1.0, sr.get(1L * C + 1), 1e-12);
    assertEquals(0.5, sr.get(0L * C + 0), 1e-12);
  }

  @Test
  void givenManyPatientsWhenCountedInParallelThenEqualToSerialSum() {
    List<EncodedPatient> ps = Fixtures.random("p", 3000, 40, 3, 6, 5, 7);
    CodeStatistics all = CodeStatistics.of(ps, 40);
    long same = 0;
    for (EncodedPatient p : ps) for (int[] v : p.visits()) same += (long) v.length * (v.length - 1) / 2;
    long counted = 0;
    for (long packed : all.sameVisit().values()) counted += CodeStatistics.perVisit(packed);
    assertEquals(same, counted);
    assertEquals(3000, all.records());
  }

  @Test
  void givenRealAgainstItselfWhenSimilarityThenR2IsOneEverywhere() {
    Vocabulary v = Fixtures.vocabulary(40, 3);
    var ps = Fixtures.random("p", 500, 40, 3, 5, 5, 3);
    CodeStatistics real = CodeStatistics.of(ps, v.codeCount());
    Table t = Similarity.of("copy", real, CodeStatistics.of(ps, v.codeCount()));
    assertEquals(6, t.rowCount());
    for (double r2 : t.doubleColumn("r2").asDoubleArray()) assertEquals(1.0, r2, 1e-12);
    for (double s : t.doubleColumn("spearman").asDoubleArray()) assertEquals(1.0, s, 1e-12);
    // an independent sample of the same law is similar but not identical
    CodeStatistics other = CodeStatistics.of(Fixtures.random("q", 500, 40, 3, 5, 5, 99), v.codeCount());
    Table o = Similarity.of("other", real, other);
    double r2 = o.doubleColumn("r2").get(0);
    assertEquals(true, r2 > 0.8 && r2 < 1.0, "unigram R2 of an independent sample was " + r2);
    // the one-pass resampled R² equals the plain one on the identity resample, and the interval holds the estimate
    var a = Similarity.align(real, other, CodeStatistics.Statistic.values()[0]);
    int[] identity = java.util.stream.IntStream.range(0, a.keys().length).toArray();
    assertEquals(halo.eval.Agreement.r2(a.real(), a.synthetic()), Similarity.r2(a.real(), a.synthetic(), identity), 1e-9);
    double lo = o.doubleColumn("r2_lo").get(0), hi = o.doubleColumn("r2_hi").get(0);
    assertTrue(lo < r2 && r2 < hi && hi - lo < 0.2, "R2 " + r2 + " outside or far from its interval [" + lo + ", " + hi + "]");
    for (double x : t.doubleColumn("r2_lo").asDoubleArray()) assertEquals(1.0, x, 1e-12);
    Table dec = Similarity.byDecile("copy", real, real);
    assertEquals(60, dec.rowCount());
  }
}
