package halo.model.halo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Vocabulary;
import halo.model.FastPathTest;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.RowSampling;
import halo.sample.Generator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sampling exactness on a tiny HALO: the empirical frequencies of sampled rows match the model's own
 * probabilities of those rows (Pearson χ², fixed seed). V = 2 codes + 1 label + 3 = 6 tokens, so a row
 * is one of 2⁶ = 64 patterns, each with model probability Π_c p_c^x_c (1 − p_c)^(1 − x_c) where p_c is
 * teacher-forced on the pattern's own earlier tokens.
 */
class SamplingExactnessTest {
  static final Vocabulary VOC = Fixtures.vocabulary(2, 1);
  static final int V = VOC.size();

  @Test
  void givenTinyHalo_whenSamplingLabelRowAndFirstVisit_thenPatternFrequenciesMatchModel() {
    HaloConfig c = HaloConfig.smoke().withModel(s -> s.embedding(4).heads(1).context(3)).withSampleBatch(3000).withSeed(5);
    check(new HaloModel(c, VOC));
    check(new HaloModel(c, VOC, 3)); // the head in 3 token blocks (the default is 1 for V = 6)
  }

  static void check(HaloModel model) {
    try (HaloModel m = model) {
      FastPathTest.perturbParams(m);
      // strong within-row dependence, so that a sampler ignoring earlier tokens of the row would fail
      for (String w : new String[] {"head1.w", "head2.w"}) m.params().get(w).muli(3f);
      // row 1 (labels row, sampled from the start row): unconditional generation
      int n = 6000;
      Generator g = new Generator(m);
      Generator.Result r = g.sample(n, 42, "s");
      long[] counts = new long[1 << V];
      for (int[][] rows : r.rows()) counts[pattern(rows[1])]++;
      double[] expected = patternProbabilities(m, new int[][] {{VOC.startToken()}});
      check(counts, expected, n, "label row");
      // row 2 (first visit) given start + a fixed label row: exercises the cached history
      List<int[]> labels = new ArrayList<>();
      for (int i = 0; i < n; i++) labels.add(new int[] {0});
      Generator.Result r2 = g.sampleWithLabels(labels, 43, "c");
      long[] counts2 = new long[1 << V];
      for (int[][] rows : r2.rows()) counts2[pattern(rows[2])]++;
      double[] expected2 = patternProbabilities(m, new int[][] {{VOC.startToken()}, {VOC.labelToken(0)}});
      check(counts2, expected2, n, "first visit");
    }
  }

  static int pattern(int[] row) {
    int p = 0;
    for (int c : row) p |= 1 << c;
    return p;
  }

  /** P(next row = pattern) for every pattern, from teacher-forced probabilities after feeding {@code prefix}. */
  static double[] patternProbabilities(RowSampling m, int[][] prefix) {
    int np = 1 << V;
    int[][] rows = new int[np][];
    for (int p = 0; p < np; p++) {
      final int q = p;
      rows[p] = java.util.stream.IntStream.range(0, V).filter(c -> ((q >> c) & 1) == 1).toArray();
    }
    double[] out = new double[np];
    try (RowSampling.Session s = m.openSampling(np)) {
      for (int[] row : prefix) {
        int[][] fed = new int[np][];
        java.util.Arrays.fill(fed, row);
        s.feed(fed);
      }
      float[][] probs = s.probabilities(rows);
      for (int p = 0; p < np; p++) {
        double pr = 1;
        for (int c = 0; c < V; c++) pr *= ((p >> c) & 1) == 1 ? probs[p][c] : 1 - probs[p][c];
        out[p] = pr;
      }
    }
    return out;
  }

  /** χ² over patterns with expected count ≥ 5 (the rest pooled); 0.1% critical value for its degrees of freedom. */
  static void check(long[] counts, double[] probs, int n, String what) {
    double sum = 0;
    for (double p : probs) sum += p;
    assertTrue(Math.abs(sum - 1) < 1e-4, what + ": pattern probabilities sum to " + sum);
    double chi = 0, pooledE = 0, pooledO = 0;
    int cells = 0;
    for (int p = 0; p < counts.length; p++) {
      double e = probs[p] * n;
      if (e < 5) {
        pooledE += e;
        pooledO += counts[p];
      } else {
        chi += (counts[p] - e) * (counts[p] - e) / e;
        cells++;
      }
    }
    if (pooledE >= 5) {
      chi += (pooledO - pooledE) * (pooledO - pooledE) / pooledE;
      cells++;
    }
    int df = cells - 1;
    System.out.printf("%s: chi2 %.1f, %d df%n", what, chi, df);
    // Wilson–Hilferty approximation of the 99.9% quantile of χ²(df): df (1 − 2/(9df) + 3.09 √(2/(9df)))³
    double crit = df * Math.pow(1 - 2.0 / (9 * df) + 3.09 * Math.sqrt(2.0 / (9 * df)), 3);
    assertTrue(df >= 6, what + ": too few cells (" + cells + ") for a meaningful test");
    assertTrue(chi < crit, what + ": χ² = " + chi + " with " + df + " df exceeds the 0.1% critical value " + crit);
  }
}
