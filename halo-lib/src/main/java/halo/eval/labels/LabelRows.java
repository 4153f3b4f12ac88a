package halo.eval.labels;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Whether synthetic label rows look like real ones: every demographic group (labels named
 * {@code group:value}, e.g. sex, race, ethnicity, birth decade) holds exactly one label per record
 * as in real data; label prevalences and pairwise co-occurrences match the real ones.
 */
public final class LabelRows {
  private LabelRows() {}

  /** The label rows of a cohort (each record's sorted label indices). */
  public static List<int[]> of(EncodedCohort c) {
    return c.patients().stream().map(EncodedPatient::labels).toList();
  }

  /** Demographic label groups: group name (the text before ':') → its label indices, in label order. */
  public static Map<String, int[]> groups(Vocabulary v) {
    Map<String, List<Integer>> g = new LinkedHashMap<>();
    for (int l = v.chronicLabelCount(); l < v.labelCount(); l++) {
      String name = v.label(l);
      int colon = name.indexOf(':');
      if (colon > 0) g.computeIfAbsent(name.substring(0, colon), k -> new ArrayList<>()).add(l);
    }
    Map<String, int[]> out = new LinkedHashMap<>();
    g.forEach((k, ls) -> out.put(k, ls.stream().mapToInt(Integer::intValue).toArray()));
    return out;
  }

  /**
   * One row per source (the first is usually the real one). Columns: source, records, then
   * {@code <group>_exactly_one} for each demographic group (fraction of records with exactly one
   * label of the group), max_prevalence_error (largest |prevalence − real prevalence| over labels),
   * mean_prevalence_error, max_cooccurrence_error and mean_cooccurrence_error (over label pairs, of
   * |P(both) − P_real(both)|).
   */
  public static Table summary(Vocabulary v, List<int[]> real, Map<String, List<int[]>> sources) {
    Map<String, int[]> groups = groups(v);
    Table t = Table.create("Label rows (demographic groups: share of records with exactly one; errors against real, lower is better)",
        StringColumn.create("source"), IntColumn.create("records"));
    groups.keySet().forEach(g -> t.addColumns(DoubleColumn.create(g + "_exactly_one")));
    t.addColumns(DoubleColumn.create("max_prevalence_error"), DoubleColumn.create("mean_prevalence_error"),
        DoubleColumn.create("max_cooccurrence_error"), DoubleColumn.create("mean_cooccurrence_error"));
    int n = v.labelCount();
    double[][] realCo = cooccurrence(real, n);
    for (var e : sources.entrySet()) {
      List<int[]> rows = e.getValue();
      t.stringColumn("source").append(e.getKey());
      t.intColumn("records").append(rows.size());
      for (var g : groups.entrySet()) t.doubleColumn(g.getKey() + "_exactly_one").append(exactlyOne(rows, g.getValue()));
      double[][] co = cooccurrence(rows, n);
      double maxP = 0, sumP = 0, maxC = 0, sumC = 0;
      int pairs = 0;
      for (int a = 0; a < n; a++) {
        double dp = Math.abs(co[a][a] - realCo[a][a]);
        maxP = Math.max(maxP, dp);
        sumP += dp;
        for (int b = a + 1; b < n; b++, pairs++) {
          double dc = Math.abs(co[a][b] - realCo[a][b]);
          maxC = Math.max(maxC, dc);
          sumC += dc;
        }
      }
      t.doubleColumn("max_prevalence_error").append(maxP);
      t.doubleColumn("mean_prevalence_error").append(sumP / n);
      t.doubleColumn("max_cooccurrence_error").append(maxC);
      t.doubleColumn("mean_cooccurrence_error").append(pairs == 0 ? 0 : sumC / pairs);
    }
    return t;
  }

  /** Fraction of rows with exactly one of the sorted labels {@code group} (NaN for no rows). */
  public static double exactlyOne(List<int[]> rows, int[] group) {
    if (rows.isEmpty()) return Double.NaN;
    int ok = 0;
    for (int[] row : rows) {
      int k = 0;
      for (int l : group) if (Arrays.binarySearch(row, l) >= 0) k++;
      if (k == 1) ok++;
    }
    return (double) ok / rows.size();
  }

  /** P(a and b) for every pair (the diagonal is the prevalence), over {@code rows}. */
  static double[][] cooccurrence(List<int[]> rows, int n) {
    double[][] c = new double[n][n];
    for (int[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        for (int j = i; j < row.length; j++) c[row[i]][row[j]]++;
      }
    }
    for (int a = 0; a < n; a++) {
      for (int b = a; b < n; b++) {
        c[a][b] /= Math.max(1, rows.size());
        c[b][a] = c[a][b];
      }
    }
    return c;
  }
}
