package halo.eval.similarity;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.eval.Agreement;
import halo.report.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The LLM-generator comparison's metrics on the patient × code matrix (its Fig. 1 and Fig. 2): every
 * cohort, real and synthetic, longitudinal or not, is projected onto the same matrix ({@link
 * PatientMatrix}: a code of the chosen kinds present in any visit), so a matrix generator and HALO are
 * compared on the same columns.
 *
 * <ul>
 *   <li><b>Dimension-wise probability</b> (Fig. 1): per column the share of patients with the code,
 *       real against synthetic, summarised by Pearson's correlation (the paper's headline figure:
 *       0.789–0.999 on MIMIC-III's 1,071 diagnosis codes), R² about the identity line (which also
 *       penalises a uniform bias that correlation forgives) and the mean absolute difference.
 *   <li><b>Covariance MAE</b> (Fig. 2): {@link DimensionWiseCorrelation} over every column of the
 *       matrix that occurs in the real data, real-real, synthetic-synthetic and real-synthetic.
 * </ul>
 */
public final class MatrixSimilarity {
  private MatrixSimilarity() {}

  /** Columns: source, kinds, codes, records, pearson, r2, mae; one row per synthetic cohort. */
  public static Table probabilities(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic, Set<CodeKind> kinds) {
    double[] r = PatientMatrix.of(real, v, kinds).columnProbabilities();
    Table t = Table.create("Dimension-wise probability on the patient x code matrix (" + PatientMatrix.kindsSpec(kinds)
        + "): real vs synthetic (pearson, r2: higher is better; mae: lower)",
        StringColumn.create("source"), StringColumn.create("kinds"), IntColumn.create("codes"), IntColumn.create("records"),
        DoubleColumn.create("pearson"), DoubleColumn.create("r2"), DoubleColumn.create("mae"));
    for (var e : synthetic.entrySet()) {
      double[] s = PatientMatrix.of(e.getValue(), v, kinds).columnProbabilities();
      double mae = 0;
      for (int j = 0; j < r.length; j++) mae += Math.abs(r[j] - s[j]);
      t.stringColumn("source").append(e.getKey());
      t.stringColumn("kinds").append(PatientMatrix.kindsSpec(kinds));
      t.intColumn("codes").append(r.length);
      t.intColumn("records").append(e.getValue().size());
      t.doubleColumn("pearson").append(Agreement.pearson(r, s));
      t.doubleColumn("r2").append(Agreement.r2(r, s));
      t.doubleColumn("mae").append(mae / r.length);
    }
    return t;
  }

  /** Fig. 1: per synthetic cohort, each column's probability, real (x) against synthetic (y), with its correlation in the legend. */
  public static Chart scatter(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic, Set<CodeKind> kinds) {
    double[] r = PatientMatrix.of(real, v, kinds).columnProbabilities();
    List<Chart.Series> series = new ArrayList<>();
    synthetic.forEach((name, c) -> {
      double[] s = PatientMatrix.of(c, v, kinds).columnProbabilities();
      series.add(new Chart.Series(String.format(Locale.ROOT, "%s (corr = %.3f)", name, Agreement.pearson(r, s)), r, s));
    });
    return Chart.scatter("Dimension-wise probability (" + PatientMatrix.kindsSpec(kinds) + ")", "real", "synthetic", true,
        series.toArray(Chart.Series[]::new));
  }

  /**
   * Fig. 2's summary: the correlation and covariance MAE between groups ({@link DimensionWiseCorrelation},
   * {@code groups} groups, seeded) over every column present in the real matrix, per synthetic cohort
   * with at least {@code groups} records; null when no cohort has (nor the real one).
   */
  public static Table covariance(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic, Set<CodeKind> kinds, int groups,
      long seed) {
    if (real.size() < groups) return null;
    EncodedCohort realMatrix = PatientMatrix.of(real, v, kinds).toCohort(v.hash());
    DimensionWiseCorrelation dw = new DimensionWiseCorrelation(Math.max(2, PatientMatrix.columnsOf(v, kinds).length), groups, seed);
    Table out = null;
    for (var e : synthetic.entrySet()) {
      if (e.getValue().size() < groups) continue; // too few records to cut into groups
      Table t = dw.of(e.getKey(), realMatrix, PatientMatrix.of(e.getValue(), v, kinds).toCohort(v.hash()), v.codeCount());
      if (out == null) {
        out = t.copy();
        out.setName("Covariance and correlation MAE between groups on the patient x code matrix (" + PatientMatrix.kindsSpec(kinds)
            + "; lower is better, real-synthetic near real-real is ideal)");
      } else {
        out.append(t);
      }
    }
    return out;
  }

  /** Bins of the covariance-MAE histograms. */
  static final int BINS = 20;

  /**
   * Fig. 2 for one synthetic cohort: the histograms of the covariance MAE between pairs of groups,
   * real-real (the reference, named "real"), synthetic-synthetic and real-synthetic, as frequency
   * polygons over one set of bins (the share of pairs per bin). Overlapping curves mean synthetic
   * covariances indistinguishable from real ones.
   */
  public static Chart covarianceHistogram(String source, Vocabulary v, EncodedCohort real, EncodedCohort synthetic, Set<CodeKind> kinds,
      int groups, long seed) {
    DimensionWiseCorrelation dw = new DimensionWiseCorrelation(Math.max(2, PatientMatrix.columnsOf(v, kinds).length), groups, seed);
    Map<String, double[]> maes = dw.covarianceMaes(PatientMatrix.of(real, v, kinds).toCohort(v.hash()),
        PatientMatrix.of(synthetic, v, kinds).toCohort(v.hash()), v.codeCount());
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (double[] a : maes.values()) {
      for (double x : a) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    if (!(hi > lo)) hi = lo + 1e-12;
    double width = (hi - lo) / BINS;
    double[] centres = new double[BINS];
    for (int b = 0; b < BINS; b++) centres[b] = lo + (b + 0.5) * width;
    List<Chart.Series> series = new ArrayList<>();
    for (var e : maes.entrySet()) {
      double[] share = new double[BINS];
      for (double x : e.getValue()) share[Math.min(BINS - 1, (int) ((x - lo) / width))] += 1.0 / e.getValue().length;
      // real-real is the reference curve (named as Chart's reference, drawn last and in black)
      series.add(new Chart.Series(e.getKey().equals("real-real") ? Chart.REFERENCE : e.getKey(), centres, share));
    }
    return Chart.lines("Covariance MAE between groups: " + source + " (" + PatientMatrix.kindsSpec(kinds) + ")", "covariance MAE", "share of pairs",
        series.toArray(Chart.Series[]::new));
  }
}
