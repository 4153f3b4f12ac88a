package halo.eval.similarity;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Dimension-wise correlation and covariance mean absolute error with group resampling, as in the
 * LLM-generator evaluation the issue cites. Each record becomes a binary vector over the K most
 * frequent codes of the real data (per record: code present in any visit). Each dataset is shuffled
 * (seeded) and cut into G groups; for every pair of groups the K×K Pearson correlation matrices and the
 * K×K covariance matrices are compared by the mean absolute difference over the upper triangle (i &lt; j).
 * Comparisons:
 *
 * <ul>
 *   <li>real-real: the G(G-1)/2 pairs of distinct real groups (the noise floor);
 *   <li>synthetic-synthetic: the same within the synthetic data;
 *   <li>real-synthetic: all G×G pairs of a real and a synthetic group.
 * </ul>
 *
 * A correlation entry with a constant column in a group is undefined and left out of that pair's mean
 * (the count of such entries is reported). Lower is better; real-synthetic near real-real is ideal.
 * K is capped because the matrices are K×K; the top-K choice is recorded in the table.
 */
public record DimensionWiseCorrelation(int topCodes, int groups, long seed) {
  public DimensionWiseCorrelation {
    if (topCodes < 2) throw new IllegalArgumentException("need at least 2 codes, got " + topCodes);
    if (groups < 2) throw new IllegalArgumentException("need at least 2 groups, got " + groups);
  }

  /** K = 100 codes, 10 groups, seed 4. */
  public static DimensionWiseCorrelation standard() {
    return new DimensionWiseCorrelation(100, 10, 4);
  }

  /** The same K and groups with another seed for the grouping. */
  public DimensionWiseCorrelation withSeed(long s) {
    return new DimensionWiseCorrelation(topCodes, groups, s);
  }

  /**
   * Columns: source, comparison, statistic (correlation_mae | covariance_mae), mean, std, pairs,
   * undefined_entries, k, groups, real_per_group, synthetic_per_group (the n mod G records left over
   * after cutting equal groups are not used).
   */
  public Table of(String source, EncodedCohort real, EncodedCohort synthetic, int codeSpace) {
    int[] codes = topCodes(real, codeSpace);
    int k = codes.length;
    if (real.size() < groups || synthetic.size() < groups) {
      throw new IllegalArgumentException("dimension-wise correlation needs at least " + groups
          + " records per dataset; real has " + real.size() + ", " + source + " has " + synthetic.size());
    }
    List<double[][][]> realGroups = groupMatrices(real, codes, codeSpace, seed);
    List<double[][][]> synGroups = groupMatrices(synthetic, codes, codeSpace, seed + 1);
    Table t = Table.create("Dimension-wise correlation/covariance MAE: " + source + " (lower is better)",
        StringColumn.create("source"), StringColumn.create("comparison"), StringColumn.create("statistic"),
        DoubleColumn.create("mean"), DoubleColumn.create("std"), IntColumn.create("pairs"),
        IntColumn.create("undefined_entries"), IntColumn.create("k"), IntColumn.create("groups"),
        IntColumn.create("real_per_group"), IntColumn.create("synthetic_per_group"));
    int rg = real.size() / groups, sg = synthetic.size() / groups;
    compare(t, source, "real-real", realGroups, realGroups, true, k, rg, sg);
    compare(t, source, "synthetic-synthetic", synGroups, synGroups, true, k, rg, sg);
    compare(t, source, "real-synthetic", realGroups, synGroups, false, k, rg, sg);
    return t;
  }

  /**
   * The covariance MAE of every pair of groups, per comparison (real-real, synthetic-synthetic,
   * real-synthetic, in that order): the values whose histograms the LLM-generator paper's Fig. 2 draws.
   */
  public java.util.Map<String, double[]> covarianceMaes(EncodedCohort real, EncodedCohort synthetic, int codeSpace) {
    int[] codes = topCodes(real, codeSpace);
    List<double[][][]> realGroups = groupMatrices(real, codes, codeSpace, seed);
    List<double[][][]> synGroups = groupMatrices(synthetic, codes, codeSpace, seed + 1);
    java.util.Map<String, double[]> out = new java.util.LinkedHashMap<>();
    out.put("real-real", pairMaes(realGroups, realGroups, true, 1, codes.length, new int[1]));
    out.put("synthetic-synthetic", pairMaes(synGroups, synGroups, true, 1, codes.length, new int[1]));
    out.put("real-synthetic", pairMaes(realGroups, synGroups, false, 1, codes.length, new int[1]));
    return out;
  }

  /** The MAE over the upper triangle of matrix {@code m} (0 correlation, 1 covariance) for every pair of groups; undefined entries counted in {@code undefined[0]}. */
  private static double[] pairMaes(List<double[][][]> a, List<double[][][]> b, boolean within, int m, int k, int[] undefined) {
    List<Double> maes = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      for (int j = within ? i + 1 : 0; j < b.size(); j++) {
        double s = 0;
        int n = 0;
        for (int x = 0; x < k; x++) {
          for (int y = x + 1; y < k; y++) {
            double d = a.get(i)[m][x][y] - b.get(j)[m][x][y];
            if (Double.isNaN(d)) undefined[0]++;
            else {
              s += Math.abs(d);
              n++;
            }
          }
        }
        if (n > 0) maes.add(s / n);
      }
    }
    return maes.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private void compare(Table t, String source, String name, List<double[][][]> a, List<double[][][]> b, boolean within,
      int k, int realPerGroup, int synPerGroup) {
    for (int m = 0; m < 2; m++) {
      int[] count = new int[1];
      double[] v = pairMaes(a, b, within, m, k, count);
      int undefined = count[0];
      t.stringColumn("source").append(source);
      t.stringColumn("comparison").append(name);
      t.stringColumn("statistic").append(m == 0 ? "correlation_mae" : "covariance_mae");
      t.doubleColumn("mean").append(ShapeStatistics.mean(v));
      t.doubleColumn("std").append(ShapeStatistics.std(v));
      t.intColumn("pairs").append(v.length);
      t.intColumn("undefined_entries").append(undefined);
      t.intColumn("k").append(k);
      t.intColumn("groups").append(groups);
      t.intColumn("real_per_group").append(realPerGroup);
      t.intColumn("synthetic_per_group").append(synPerGroup);
    }
  }

  /** The K codes most often present per record in the real data (ties by lower index). */
  int[] topCodes(EncodedCohort real, int codeSpace) {
    long[] freq = new long[codeSpace];
    for (EncodedPatient p : real.patients()) {
      for (int c : flatten(p)) freq[c]++;
    }
    return IntStream.range(0, codeSpace).boxed().filter(c -> freq[c] > 0)
        .sorted((a, b) -> freq[a] != freq[b] ? Long.compare(freq[b], freq[a]) : Integer.compare(a, b))
        .limit(topCodes).mapToInt(Integer::intValue).sorted().toArray();
  }

  /** Per group: [0] = correlation matrix, [1] = covariance matrix (population, ddof = 0). */
  private List<double[][][]> groupMatrices(EncodedCohort c, int[] codes, int codeSpace, long groupSeed) {
    int[] position = new int[codeSpace];
    Arrays.fill(position, -1);
    for (int i = 0; i < codes.length; i++) position[codes[i]] = i;
    int n = c.size();
    int[] order = IntStream.range(0, n).toArray();
    SplittableRandom r = new SplittableRandom(groupSeed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    int k = codes.length;
    int perGroup = n / groups; // the remainder n mod G records are left out so groups are equal
    List<double[][][]> out = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      double[] sum = new double[k];
      double[][] co = new double[k][k];
      int[] present = new int[k];
      for (int q = g * perGroup; q < (g + 1) * perGroup; q++) {
        int m = 0;
        for (int code : flatten(c.patients().get(order[q]))) {
          if (position[code] >= 0) present[m++] = position[code];
        }
        for (int a = 0; a < m; a++) {
          sum[present[a]]++;
          for (int b = 0; b < m; b++) co[present[a]][present[b]]++;
        }
      }
      double[][] cov = new double[k][k], cor = new double[k][k];
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double ma = sum[a] / perGroup, mb = sum[b] / perGroup;
          cov[a][b] = co[a][b] / perGroup - ma * mb;
        }
      }
      for (int a = 0; a < k; a++) {
        for (int b = 0; b < k; b++) {
          double d = Math.sqrt(cov[a][a] * cov[b][b]);
          cor[a][b] = d == 0 ? Double.NaN : cov[a][b] / d;
        }
      }
      out.add(new double[][][] {cor, cov});
    }
    return out;
  }

  /** The distinct codes of a record (union over visits), sorted. */
  static int[] flatten(EncodedPatient p) {
    return Arrays.stream(p.visits()).flatMapToInt(Arrays::stream).sorted().distinct().toArray();
  }
}
