package halo.data;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Bucket edges for one numeric variable (a lab, or the gap in days between visits), fitted on the
 * training split only (protocol Part A §8). {@code edges} has one more entry than there are buckets;
 * bucket {@code i} is {@code [edges[i], edges[i+1])} and the last bucket includes its upper edge.
 * Values outside {@code [edges[0], edges[last]]} are clipped into the first or last bucket; callers
 * count them through {@link #isClipped(double)}.
 */
public record Discretizer(double[] edges) {
  public Discretizer {
    if (edges.length < 2) {
      throw new IllegalArgumentException("a discretizer needs at least 2 edges, got " + edges.length);
    }
    for (int i = 1; i < edges.length; i++) {
      if (!(edges[i] > edges[i - 1])) {
        throw new IllegalArgumentException("edges must increase strictly: " + Arrays.toString(edges));
      }
    }
    edges = edges.clone();
  }

  /**
   * Quantile edges for at most {@code buckets} buckets: the minimum, the {@code k/buckets} quantiles
   * and the maximum, with repeated edges merged (so discrete-valued variables get fewer buckets). A
   * variable with a single distinct value gets one bucket {@code [v, v + 1)}.
   */
  public static Discretizer fit(double[] values, int buckets) {
    if (values.length == 0) {
      throw new IllegalArgumentException("cannot fit a discretizer on no values");
    }
    if (buckets < 1) {
      throw new IllegalArgumentException("bucket count must be >= 1, got " + buckets);
    }
    double[] v = values.clone();
    Arrays.sort(v);
    double[] raw = new double[buckets + 1];
    for (int k = 0; k <= buckets; k++) {
      raw[k] = v[(int) Math.min(v.length - 1, Math.round((double) k * (v.length - 1) / buckets))];
    }
    double[] edges = Arrays.stream(raw).distinct().toArray();
    if (edges.length == 1) {
      edges = new double[] {edges[0], edges[0] + 1};
    }
    return new Discretizer(edges);
  }

  public int buckets() {
    return edges.length - 1;
  }

  public double low(int bucket) {
    return edges[bucket];
  }

  public double high(int bucket) {
    return edges[bucket + 1];
  }

  /** The bucket holding {@code value}, clipping values outside the fitted range. */
  public int bucket(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("cannot discretise non-finite value " + value);
    }
    if (value <= edges[0]) {
      return 0;
    }
    if (value >= edges[edges.length - 1]) {
      return buckets() - 1;
    }
    int i = Arrays.binarySearch(edges, value);
    // found: value equals edges[i], which opens bucket i; not found: insertion point - 1
    return i >= 0 ? Math.min(i, buckets() - 1) : -i - 2;
  }

  /** True when {@code value} lies outside the range seen in training (and is clipped). */
  public boolean isClipped(double value) {
    return value < edges[0] || value > edges[edges.length - 1];
  }

  /** A value drawn uniformly inside {@code bucket}. */
  public double sample(int bucket, RandomGenerator random) {
    return edges[bucket] + random.nextDouble() * (edges[bucket + 1] - edges[bucket]);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Discretizer d && Arrays.equals(edges, d.edges);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(edges);
  }

  @Override
  public String toString() {
    return "Discretizer" + Arrays.toString(edges);
  }
}
