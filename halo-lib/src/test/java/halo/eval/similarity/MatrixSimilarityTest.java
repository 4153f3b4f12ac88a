package halo.eval.similarity;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

/** The matrix metrics against values computed by hand. */
class MatrixSimilarityTest {
  // tokens 0 dx:a, 1 px:b, 2 dx:c, 3 dx:e
  static final Vocabulary VOC = new Vocabulary(List.of(Token.clinical(CodeKind.DIAGNOSIS, "a", ""), Token.clinical(CodeKind.PROCEDURE, "b", ""),
      Token.clinical(CodeKind.DIAGNOSIS, "c", ""), Token.clinical(CodeKind.DIAGNOSIS, "e", "")), List.of("l"), 1, 1);

  static EncodedCohort cohort(int[][]... records) {
    List<EncodedPatient> ps = new java.util.ArrayList<>();
    for (int i = 0; i < records.length; i++) ps.add(new EncodedPatient("p" + i, new int[0], records[i]));
    return new EncodedCohort(VOC.hash(), ps);
  }

  @Test
  void givenHandMadeCohorts_whenComparingDiagnosisMatrices_thenCorrelationR2AndMaeAreTheHandComputedOnes() {
    // real, over visits: {a,c} | {a} then {a} | {a,b,e} | {} -> P(a, c, e) = 3/4, 1/4, 1/4 (b is a procedure: no column)
    EncodedCohort real = cohort(new int[][] {{0, 2}}, new int[][] {{0}, {0}}, new int[][] {{0, 1, 3}}, new int[][] {});
    // synthetic, one visit each: {a} | {c} | {a,c} | {b} -> 2/4, 2/4, 0
    EncodedCohort syn = cohort(new int[][] {{0}}, new int[][] {{2}}, new int[][] {{0, 2}}, new int[][] {{1}});
    Map<String, EncodedCohort> s = new LinkedHashMap<>();
    s.put("syn", syn);
    s.put("copy", real);
    Table t = MatrixSimilarity.probabilities(VOC, real, s, EnumSet.of(CodeKind.DIAGNOSIS));
    assertEquals(3, t.intColumn("codes").get(0));
    // deviations from the means 5/12 and 1/3: (1/3, -1/6, -1/6) and (1/6, 1/6, -1/3): covariance 1/12, variances 1/6 -> 0.5
    assertEquals(0.5, t.doubleColumn("pearson").get(0), 1e-12);
    // residuals 1/4 each: 3/16 against 1/6 about the real mean -> 1 - 9/8
    assertEquals(-0.125, t.doubleColumn("r2").get(0), 1e-12);
    assertEquals(0.25, t.doubleColumn("mae").get(0), 1e-12);
    assertEquals(1.0, t.doubleColumn("pearson").get(1), 1e-12, "the real cohort against itself");
    assertEquals(0.0, t.doubleColumn("mae").get(1), 1e-12);
    // with procedures too: b's probabilities 1/4 vs 1/4 join the columns
    Table all = MatrixSimilarity.probabilities(VOC, real, Map.of("syn", syn), EnumSet.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE));
    assertEquals(4, all.intColumn("codes").get(0));
    assertEquals(0.75 / 4, all.doubleColumn("mae").get(0), 1e-12);
  }

  @Test
  void givenTwoCohorts_whenDrawingTheCovarianceHistograms_thenEachCurveIsADistributionOverSharedBins() {
    java.util.Random r = new java.util.Random(3);
    int[][][] a = new int[200][][], b = new int[200][][];
    for (int i = 0; i < 200; i++) {
      a[i] = new int[][] {r.nextBoolean() ? new int[] {0, 2} : new int[] {3}};
      b[i] = new int[][] {r.nextBoolean() ? new int[] {0} : new int[] {2, 3}};
    }
    var chart = MatrixSimilarity.covarianceHistogram("syn", VOC, cohort(a), cohort(b), EnumSet.of(CodeKind.DIAGNOSIS), 10, 4);
    assertEquals(List.of("real", "synthetic-synthetic", "real-synthetic"), chart.series().stream().map(s -> s.name()).toList(),
        "real-real is the reference curve");
    double[] x = chart.series().get(0).x();
    assertEquals(MatrixSimilarity.BINS, x.length);
    for (var s : chart.series()) {
      assertArrayEquals(x, s.x(), "one set of bins");
      assertEquals(1.0, java.util.Arrays.stream(s.y()).sum(), 1e-9, s.name() + ": shares of pairs");
    }
    // the real groups agree with each other far better than with the other cohort: real-real's mass sits in lower bins
    double meanReal = 0, meanCross = 0;
    for (int i = 0; i < x.length; i++) {
      meanReal += x[i] * chart.series().get(0).y()[i];
      meanCross += x[i] * chart.series().get(2).y()[i];
    }
    assertTrue(meanReal < meanCross, meanReal + " vs " + meanCross);
  }
}
