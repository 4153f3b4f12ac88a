package halo.eval.continuous;

import halo.data.Decoder;
import halo.data.Discretizer;
import halo.data.EncodedCohort;
import halo.data.Lab;
import halo.data.Patient;
import halo.data.Visit;
import halo.data.Vocabulary;
import halo.eval.Agreement;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Continuous variables (paper Fig. 4; protocol Part A §8), between real patients (raw values, or
 * decoded) and synthetic patients decoded by {@link halo.data.Decoder} (values drawn uniformly inside
 * their bucket). The authors' evaluation script is broken by their own account (Part B §4.8), so these
 * follow the paper's figure:
 *
 * <ul>
 *   <li><b>gap density</b>: the histogram density of the day gaps between consecutive visits, over
 *       the given bins (the vocabulary's gap buckets), compared bin by bin;
 *   <li><b>mean gap by visit number</b>: mean gap before visit k (k = 1, 2, ...), compared over the k
 *       where both sides have at least {@code minCount} gaps;
 *   <li><b>lab presence probability</b>: per lab, the fraction of visits that hold it (all visits: our
 *       visits carry codes and labs together, unlike the authors' separate lab visits);
 *   <li><b>mean lab value</b>: per lab present on both sides;
 *   <li><b>Wasserstein-1 distance</b> per lab between the value distributions, also divided by the
 *       real standard deviation so labs in different units compare.
 * </ul>
 *
 * Each comparison reports R² = r2_score(real, synthetic) (higher is better), Pearson and Spearman;
 * lower Wasserstein is better.
 */
public record ContinuousVariables(int minCount) {
  public ContinuousVariables {
    if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1, got " + minCount);
  }

  public static ContinuousVariables standard() {
    return new ContinuousVariables(5);
  }

  /** The four tables of one comparison. */
  public record Result(Table summary, Table perLab, Table gapDensity, Table gapByVisit) {}

  /**
   * Decodes both encoded cohorts with {@link halo.data.Decoder} (seeded; the real values then are
   * bucket draws too, which isolates the generator from the discretisation) and compares them over the
   * vocabulary's gap buckets.
   */
  public Result of(String source, Vocabulary v, EncodedCohort real, EncodedCohort synthetic,
      long seed) {
    if (v.gaps() == null) {
      throw new IllegalArgumentException("the vocabulary " + v.hash() + " has no gap buckets: rebuild the dataset with gapBuckets > 0");
    }
    var decoder = new Decoder(v);
    var random = new SplittableRandom(seed);
    return of(source, decoder.decode(real.patients(), random), decoder.decode(synthetic.nonEmpty().patients(), random), v.gaps());
  }

  public Result of(String source, List<Patient> real, List<Patient> synthetic, Discretizer gapBins) {
    Table density = gapDensity(real, synthetic, gapBins);
    Table byVisit = gapByVisit(real, synthetic);
    Table labs = perLab(real, synthetic);
    Table summary = Table.create("Continuous variables: " + source + " vs real (R2 higher is better)",
        StringColumn.create("source"), StringColumn.create("statistic"), IntColumn.create("keys"),
        DoubleColumn.create("r2"), DoubleColumn.create("pearson"), DoubleColumn.create("spearman"));
    add(summary, source, "gap density", density.doubleColumn("real_density").asDoubleArray(),
        density.doubleColumn("synthetic_density").asDoubleArray());
    add(summary, source, "mean gap by visit number", byVisit.doubleColumn("real_mean").asDoubleArray(),
        byVisit.doubleColumn("synthetic_mean").asDoubleArray());
    add(summary, source, "lab presence probability", labs.doubleColumn("real_presence").asDoubleArray(),
        labs.doubleColumn("synthetic_presence").asDoubleArray());
    Table both = labs.where(labs.intColumn("real_n").isGreaterThan(0).and(labs.intColumn("synthetic_n").isGreaterThan(0)));
    add(summary, source, "mean lab value", both.doubleColumn("real_mean").asDoubleArray(),
        both.doubleColumn("synthetic_mean").asDoubleArray());
    return new Result(summary, labs, density, byVisit);
  }

  private static void add(Table t, String source, String name, double[] r, double[] s) {
    t.stringColumn("source").append(source);
    t.stringColumn("statistic").append(name);
    t.intColumn("keys").append(r.length);
    t.doubleColumn("r2").append(Agreement.r2(r, s));
    t.doubleColumn("pearson").append(Agreement.pearson(r, s));
    t.doubleColumn("spearman").append(Agreement.spearman(r, s));
  }

  /** Gaps in days before visits 1..n-1 of each patient, by visit number (index k holds gaps before visit k). */
  static List<List<Double>> gapsByVisit(List<Patient> patients) {
    List<List<Double>> out = new ArrayList<>();
    for (Patient p : patients) {
      List<Visit> v = p.visits();
      for (int k = 1; k < v.size(); k++) {
        while (out.size() <= k) out.add(new ArrayList<>());
        out.get(k).add((double) ChronoUnit.DAYS.between(v.get(k - 1).date(), v.get(k).date()));
      }
    }
    return out;
  }

  static double[] allGaps(List<Patient> patients) {
    return gapsByVisit(patients).stream().flatMap(List::stream).mapToDouble(Double::doubleValue).toArray();
  }

  /** Columns: bin, low, high, real_density, synthetic_density (fraction of gaps in the bin / width). */
  public static Table gapDensity(List<Patient> real, List<Patient> synthetic, Discretizer bins) {
    double[] r = histogram(allGaps(real), bins), s = histogram(allGaps(synthetic), bins);
    Table t = Table.create("Gap density (days between consecutive visits)", IntColumn.create("bin"),
        DoubleColumn.create("low"), DoubleColumn.create("high"), DoubleColumn.create("real_density"),
        DoubleColumn.create("synthetic_density"));
    for (int b = 0; b < bins.buckets(); b++) {
      t.intColumn("bin").append(b);
      t.doubleColumn("low").append(bins.low(b));
      t.doubleColumn("high").append(bins.high(b));
      t.doubleColumn("real_density").append(r[b]);
      t.doubleColumn("synthetic_density").append(s[b]);
    }
    return t;
  }

  /** Density per bin: fraction of values in the bin divided by its width; values outside are clipped in. */
  static double[] histogram(double[] values, Discretizer bins) {
    double[] h = new double[bins.buckets()];
    for (double v : values) h[bins.bucket(v)]++;
    for (int b = 0; b < h.length; b++) {
      h[b] = values.length == 0 ? 0 : h[b] / values.length / (bins.high(b) - bins.low(b));
    }
    return h;
  }

  /** Columns: visit_number, real_n, synthetic_n, real_mean, synthetic_mean (k with >= minCount gaps on both sides). */
  public Table gapByVisit(List<Patient> real, List<Patient> synthetic) {
    List<List<Double>> r = gapsByVisit(real), s = gapsByVisit(synthetic);
    Table t = Table.create("Mean gap (days) before visit k", IntColumn.create("visit_number"), IntColumn.create("real_n"),
        IntColumn.create("synthetic_n"), DoubleColumn.create("real_mean"), DoubleColumn.create("synthetic_mean"));
    for (int k = 1; k < Math.min(r.size(), s.size()); k++) {
      if (r.get(k).size() < minCount || s.get(k).size() < minCount) continue;
      t.intColumn("visit_number").append(k);
      t.intColumn("real_n").append(r.get(k).size());
      t.intColumn("synthetic_n").append(s.get(k).size());
      t.doubleColumn("real_mean").append(r.get(k).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
      t.doubleColumn("synthetic_mean").append(s.get(k).stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
    }
    return t;
  }

  /**
   * One row per lab seen on either side. Columns: lab, unit, real_presence, synthetic_presence,
   * real_n, synthetic_n, real_mean, synthetic_mean, real_std, wasserstein, wasserstein_per_std.
   */
  public static Table perLab(List<Patient> real, List<Patient> synthetic) {
    Map<String, List<Double>> rv = labValues(real), sv = labValues(synthetic);
    Map<String, Integer> rp = labVisits(real), sp = labVisits(synthetic);
    int rVisits = real.stream().mapToInt(p -> p.visits().size()).sum();
    int sVisits = synthetic.stream().mapToInt(p -> p.visits().size()).sum();
    Map<String, String> units = new TreeMap<>();
    for (List<Patient> side : List.of(real, synthetic)) {
      for (Patient p : side) for (Visit v : p.visits()) for (Lab l : v.labs()) units.putIfAbsent(l.code(), l.unit());
    }
    Table t = Table.create("Labs: presence, mean value, Wasserstein distance (W lower is better)",
        StringColumn.create("lab"), StringColumn.create("unit"), DoubleColumn.create("real_presence"),
        DoubleColumn.create("synthetic_presence"), IntColumn.create("real_n"), IntColumn.create("synthetic_n"),
        DoubleColumn.create("real_mean"), DoubleColumn.create("synthetic_mean"), DoubleColumn.create("real_std"),
        DoubleColumn.create("wasserstein"), DoubleColumn.create("wasserstein_per_std"));
    for (String lab : units.keySet()) {
      double[] a = rv.getOrDefault(lab, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
      double[] b = sv.getOrDefault(lab, List.of()).stream().mapToDouble(Double::doubleValue).toArray();
      double mean = a.length == 0 ? Double.NaN : Arrays.stream(a).average().orElseThrow();
      double std = a.length == 0 ? Double.NaN
          : Math.sqrt(Arrays.stream(a).map(x -> (x - mean) * (x - mean)).sum() / a.length);
      double w = Wasserstein.of(a, b);
      t.stringColumn("lab").append(lab);
      t.stringColumn("unit").append(units.get(lab));
      t.doubleColumn("real_presence").append(rVisits == 0 ? Double.NaN : (double) rp.getOrDefault(lab, 0) / rVisits);
      t.doubleColumn("synthetic_presence").append(sVisits == 0 ? Double.NaN : (double) sp.getOrDefault(lab, 0) / sVisits);
      t.intColumn("real_n").append(a.length);
      t.intColumn("synthetic_n").append(b.length);
      t.doubleColumn("real_mean").append(mean);
      t.doubleColumn("synthetic_mean").append(b.length == 0 ? Double.NaN : Arrays.stream(b).average().orElseThrow());
      t.doubleColumn("real_std").append(std);
      t.doubleColumn("wasserstein").append(w);
      t.doubleColumn("wasserstein_per_std").append(std > 0 ? w / std : Double.NaN);
    }
    return t;
  }

  private static Map<String, List<Double>> labValues(List<Patient> ps) {
    Map<String, List<Double>> m = new TreeMap<>();
    for (Patient p : ps) for (Visit v : p.visits()) for (Lab l : v.labs()) m.computeIfAbsent(l.code(), k -> new ArrayList<>()).add(l.value());
    return m;
  }

  /** Number of visits holding each lab (a lab measured twice in a visit counts once). */
  private static Map<String, Integer> labVisits(List<Patient> ps) {
    Map<String, Integer> m = new TreeMap<>();
    for (Patient p : ps) {
      for (Visit v : p.visits()) {
        Set<String> seen = new HashSet<>();
        for (Lab l : v.labs()) if (seen.add(l.code())) m.merge(l.code(), 1, Integer::sum);
      }
    }
    return m;
  }
}
