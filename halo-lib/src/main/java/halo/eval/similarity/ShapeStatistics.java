package halo.eval.similarity;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.Agreement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Aggregate shape statistics (Part B §4.2 {@code shape.pkl}, §4.3): visits per record, codes per
 * visit (mean and population standard deviation, ddof = 0) and label prevalence, plus their
 * distributions. Real data is used as given (empty visits count); synthetic cohorts should be passed
 * through {@link EncodedCohort#nonEmpty()} first, as the authors remove zero-visit records.
 */
public final class ShapeStatistics {
  private ShapeStatistics() {}

  /**
   * One row per source. Columns: source, records, visits, visits_per_record_mean,
   * visits_per_record_std, codes_per_visit_mean, codes_per_visit_std, empty_visit_fraction.
   */
  public static Table summary(Map<String, EncodedCohort> sources) {
    Table t = Table.create("Record shape (closer to real is better)", StringColumn.create("source"),
        IntColumn.create("records"), IntColumn.create("visits"), DoubleColumn.create("visits_per_record_mean"),
        DoubleColumn.create("visits_per_record_std"), DoubleColumn.create("codes_per_visit_mean"),
        DoubleColumn.create("codes_per_visit_std"), DoubleColumn.create("empty_visit_fraction"));
    sources.forEach((name, c) -> {
      double[] vpr = c.patients().stream().mapToDouble(EncodedPatient::visitCount).toArray();
      double[] cpv = c.patients().stream().flatMap(p -> Arrays.stream(p.visits()))
          .mapToDouble(v -> v.length).toArray();
      long empty = Arrays.stream(cpv).filter(x -> x == 0).count();
      t.stringColumn("source").append(name);
      t.intColumn("records").append(c.size());
      t.intColumn("visits").append(cpv.length);
      t.doubleColumn("visits_per_record_mean").append(mean(vpr));
      t.doubleColumn("visits_per_record_std").append(std(vpr));
      t.doubleColumn("codes_per_visit_mean").append(mean(cpv));
      t.doubleColumn("codes_per_visit_std").append(std(cpv));
      t.doubleColumn("empty_visit_fraction").append(cpv.length == 0 ? Double.NaN : (double) empty / cpv.length);
    });
    return t;
  }

  /**
   * Distribution of visits per record ({@code quantity = "visits_per_record"}) and codes per visit
   * ({@code "codes_per_visit"}). Columns: source, quantity, value, count, fraction.
   */
  public static Table distributions(Map<String, EncodedCohort> sources) {
    Table t = Table.create("Visits per record and codes per visit: distributions", StringColumn.create("source"),
        StringColumn.create("quantity"), IntColumn.create("value"), IntColumn.create("count"),
        DoubleColumn.create("fraction"));
    sources.forEach((name, c) -> {
      TreeMap<Integer, Integer> vpr = new TreeMap<>(), cpv = new TreeMap<>();
      for (EncodedPatient p : c.patients()) {
        vpr.merge(p.visitCount(), 1, Integer::sum);
        for (int[] v : p.visits()) cpv.merge(v.length, 1, Integer::sum);
      }
      append(t, name, "visits_per_record", vpr);
      append(t, name, "codes_per_visit", cpv);
    });
    return t;
  }

  private static void append(Table t, String source, String quantity, TreeMap<Integer, Integer> counts) {
    long total = counts.values().stream().mapToLong(Integer::longValue).sum();
    counts.forEach((value, count) -> {
      t.stringColumn("source").append(source);
      t.stringColumn("quantity").append(quantity);
      t.intColumn("value").append(value);
      t.intColumn("count").append(count);
      t.doubleColumn("fraction").append((double) count / total);
    });
  }

  /** Fraction of records carrying each label. */
  public static double[] labelPrevalence(EncodedCohort c, int labelCount) {
    double[] p = new double[labelCount];
    for (EncodedPatient r : c.patients()) {
      for (int l : r.labels()) {
        if (l >= labelCount) {
          throw new IllegalArgumentException("patient " + r.id() + " has label " + l + " but the vocabulary has " + labelCount);
        }
        p[l]++;
      }
    }
    for (int l = 0; l < labelCount; l++) p[l] = c.size() == 0 ? Double.NaN : p[l] / c.size();
    return p;
  }

  /**
   * Label prevalence of each synthetic source beside the real one. Columns: label, name, real, then
   * one column per synthetic source; a final row per source would mix types, so the R² of each source
   * (r2_score(real, synthetic), the order of {@code evaluate_datasets.py}, not the reversed order of
   * {@code plot_label_probs.py}) is in {@link #labelAgreement}.
   */
  public static Table labelPrevalence(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic) {
    Table t = Table.create("Label prevalence (closer to real is better)", IntColumn.create("label"), StringColumn.create("name"),
        DoubleColumn.create("real"));
    double[] r = labelPrevalence(real, v.labelCount());
    Map<String, double[]> s = new LinkedHashMap<>();
    synthetic.forEach((k, c) -> s.put(k, labelPrevalence(c, v.labelCount())));
    s.keySet().forEach(k -> t.addColumns(DoubleColumn.create(k)));
    for (int l = 0; l < v.labelCount(); l++) {
      t.intColumn("label").append(l);
      t.stringColumn("name").append(v.label(l));
      t.doubleColumn("real").append(r[l]);
      for (var e : s.entrySet()) t.doubleColumn(e.getKey()).append(e.getValue()[l]);
    }
    return t;
  }

  /** R², Pearson, Spearman of label prevalence per source. Columns: source, r2, pearson, spearman. */
  public static Table labelAgreement(Vocabulary v, EncodedCohort real, Map<String, EncodedCohort> synthetic) {
    Table t = Table.create("Label prevalence agreement (higher is better)", StringColumn.create("source"),
        DoubleColumn.create("r2"), DoubleColumn.create("pearson"), DoubleColumn.create("spearman"));
    double[] r = labelPrevalence(real, v.labelCount());
    synthetic.forEach((k, c) -> {
      double[] s = labelPrevalence(c, v.labelCount());
      t.stringColumn("source").append(k);
      t.doubleColumn("r2").append(Agreement.r2(r, s));
      t.doubleColumn("pearson").append(Agreement.pearson(r, s));
      t.doubleColumn("spearman").append(Agreement.spearman(r, s));
    });
    return t;
  }

  static double mean(double[] v) {
    if (v.length == 0) return Double.NaN;
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }

  /** Population standard deviation (ddof = 0, numpy's default, as the authors). */
  static double std(double[] v) {
    if (v.length == 0) return Double.NaN;
    double m = mean(v), s = 0;
    for (double x : v) s += (x - m) * (x - m);
    return Math.sqrt(s / v.length);
  }
}
