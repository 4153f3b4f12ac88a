package halo.eval.similarity;

import halo.eval.Agreement;
import halo.eval.Bootstrap;
import halo.eval.similarity.CodeStatistics.Statistic;
import it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.util.Arrays;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Statistical similarity of code probabilities (paper Fig. 3, Tables 2-3; protocol Part A §6, Part B
 * §4.2). For each of the six statistics of {@link CodeStatistics}, the real and synthetic probability
 * maps are aligned over the <b>union</b> of their keys, a key missing on one side counting 0 there,
 * exactly as the authors do; then R² = sklearn {@code r2_score(real, synthetic)}, and beside it Pearson
 * and Spearman (rank correlation tells a different story on long-tailed codes).
 *
 * <p>The breakdown by code-frequency decile ranks all C codes of the code space by their real
 * per-record frequency (ties by index; decile 1 = rarest, 10 = most common, codes never seen in the
 * real data are in the rarest deciles) and puts a pair in the decile of its rarer code.
 */
public final class Similarity {
  private Similarity() {}

  /** Aligned real/synthetic values of one statistic over the union of keys, with the keys. */
  public record Aligned(long[] keys, double[] real, double[] synthetic) {}

  public static Aligned align(CodeStatistics real, CodeStatistics synthetic, Statistic s) {
    Long2DoubleOpenHashMap r = real.probabilities(s), y = synthetic.probabilities(s);
    LongOpenHashSet keys = new LongOpenHashSet(r.size() + y.size()); // pre-sized: see CodeStatistics.mergeInto
    keys.addAll(r.keySet());
    keys.addAll(y.keySet());
    long[] k = keys.toLongArray();
    Arrays.sort(k);
    double[] rv = new double[k.length], sv = new double[k.length];
    for (int i = 0; i < k.length; i++) {
      rv[i] = r.get(k[i]);
      sv[i] = y.get(k[i]);
    }
    return new Aligned(k, rv, sv);
  }

  /**
   * One row per statistic. Columns: source, statistic, keys (union), real_keys, synthetic_keys, r2,
   * r2_lo, r2_hi, pearson, spearman. Higher is better for r2/pearson/spearman (1 = identical).
   * [r2_lo, r2_hi] is a seeded 95% bootstrap interval over the keys (codes or code pairs resampled
   * with replacement, {@link Bootstrap#standard()}): how much R² rests on a few influential codes.
   */
  public static Table of(String source, CodeStatistics real, CodeStatistics synthetic) {
    requireSameSpace(real, synthetic);
    Table t = Table.create("Code-probability similarity: " + source + " vs real (higher is better)",
        StringColumn.create("source"), StringColumn.create("statistic"), IntColumn.create("keys"),
        IntColumn.create("real_keys"), IntColumn.create("synthetic_keys"), DoubleColumn.create("r2"),
        DoubleColumn.create("r2_lo"), DoubleColumn.create("r2_hi"), DoubleColumn.create("pearson"),
        DoubleColumn.create("spearman"));
    for (Statistic s : Statistic.values()) {
      Aligned a = align(real, synthetic, s);
      t.stringColumn("source").append(source);
      t.stringColumn("statistic").append(s.label());
      t.intColumn("keys").append(a.keys().length);
      t.intColumn("real_keys").append(count(a.real()));
      t.intColumn("synthetic_keys").append(count(a.synthetic()));
      t.doubleColumn("r2").append(Agreement.r2(a.real(), a.synthetic()));
      Bootstrap.Interval ci = Bootstrap.standard().of(a.keys().length, idx -> r2(a.real(), a.synthetic(), idx));
      t.doubleColumn("r2_lo").append(ci.low());
      t.doubleColumn("r2_hi").append(ci.high());
      t.doubleColumn("pearson").append(Agreement.pearson(a.real(), a.synthetic()));
      t.doubleColumn("spearman").append(Agreement.spearman(a.real(), a.synthetic()));
    }
    return t;
  }

  /** R² (sklearn's r2_score(real, synthetic)) over the resampled positions {@code idx}, in one pass without copies. */
  static double r2(double[] real, double[] synthetic, int[] idx) {
    double sum = 0, sumSq = 0, res = 0;
    for (int i : idx) {
      double r = real[i], d = r - synthetic[i];
      sum += r;
      sumSq += r * r;
      res += d * d;
    }
    double tot = sumSq - sum * sum / idx.length;
    return tot <= 0 ? Double.NaN : 1 - res / tot;
  }

  /** Decile (1..10) of every code by real per-record frequency; rarest first. */
  public static int[] codeDeciles(CodeStatistics real) {
    int c = real.codeSpace();
    Integer[] order = new Integer[c];
    long[] freq = new long[c];
    for (var e : real.unigrams().int2LongEntrySet()) freq[e.getIntKey()] = CodeStatistics.perRecord(e.getLongValue());
    for (int i = 0; i < c; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> freq[a] != freq[b] ? Long.compare(freq[a], freq[b]) : Integer.compare(a, b));
    int[] decile = new int[c];
    for (int rank = 0; rank < c; rank++) decile[order[rank]] = (int) ((long) rank * 10 / c) + 1;
    return decile;
  }

  /**
   * The same agreement per code-frequency decile. Columns: source, statistic, decile (1 = rarest),
   * keys, real_mean, synthetic_mean, r2, pearson, spearman.
   */
  public static Table byDecile(String source, CodeStatistics real, CodeStatistics synthetic) {
    requireSameSpace(real, synthetic);
    int[] decile = codeDeciles(real);
    int space = real.codeSpace();
    Table t = Table.create("Code-probability similarity by code-frequency decile: " + source + " (higher is better)",
        StringColumn.create("source"), StringColumn.create("statistic"), IntColumn.create("decile"),
        IntColumn.create("keys"), DoubleColumn.create("real_mean"), DoubleColumn.create("synthetic_mean"),
        DoubleColumn.create("r2"), DoubleColumn.create("pearson"), DoubleColumn.create("spearman"));
    for (Statistic s : Statistic.values()) {
      Aligned a = align(real, synthetic, s);
      int[] counts = new int[11];
      int[] of = new int[a.keys().length];
      for (int i = 0; i < of.length; i++) {
        long k = a.keys()[i];
        of[i] = s.unigram() ? decile[(int) k] : Math.min(decile[(int) (k / space)], decile[(int) (k % space)]);
        counts[of[i]]++;
      }
      for (int d = 1; d <= 10; d++) {
        double[] r = new double[counts[d]], y = new double[counts[d]];
        int n = 0;
        for (int i = 0; i < of.length; i++) {
          if (of[i] == d) {
            r[n] = a.real()[i];
            y[n++] = a.synthetic()[i];
          }
        }
        t.stringColumn("source").append(source);
        t.stringColumn("statistic").append(s.label());
        t.intColumn("decile").append(d);
        t.intColumn("keys").append(n);
        t.doubleColumn("real_mean").append(mean(r));
        t.doubleColumn("synthetic_mean").append(mean(y));
        t.doubleColumn("r2").append(Agreement.r2(r, y));
        t.doubleColumn("pearson").append(Agreement.pearson(r, y));
        t.doubleColumn("spearman").append(Agreement.spearman(r, y));
      }
    }
    return t;
  }

  private static void requireSameSpace(CodeStatistics a, CodeStatistics b) {
    if (a.codeSpace() != b.codeSpace()) {
      throw new IllegalArgumentException("real and synthetic statistics were counted over different code spaces ("
          + a.codeSpace() + " vs " + b.codeSpace() + "): encode both with the same vocabulary");
    }
  }

  private static int count(double[] v) {
    int n = 0;
    for (double x : v) if (x != 0) n++;
    return n;
  }

  private static double mean(double[] v) {
    if (v.length == 0) return Double.NaN;
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
