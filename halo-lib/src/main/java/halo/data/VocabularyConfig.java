package halo.data;

/**
 * How a vocabulary is fitted.
 *
 * @param labBuckets maximum buckets per lab (quantile edges; fewer for discrete-valued labs)
 * @param gapBuckets maximum buckets for the gap in days between consecutive visits (0 = no gap codes)
 * @param minLabCount labs observed fewer times than this in training are left out (and counted)
 * @param seed seed of the within-visit code order (a random permutation, protocol Part A §1)
 */
public record VocabularyConfig(int labBuckets, int gapBuckets, int minLabCount, long seed) {
  public VocabularyConfig {
    if (labBuckets < 1) throw new IllegalArgumentException("labBuckets must be >= 1, got " + labBuckets);
    if (gapBuckets < 0) throw new IllegalArgumentException("gapBuckets must be >= 0, got " + gapBuckets);
    if (minLabCount < 1) throw new IllegalArgumentException("minLabCount must be >= 1, got " + minLabCount);
  }

  /** 8 buckets per lab, 10 gap buckets, labs seen at least 50 times, seed 4 (the authors' seed). */
  public static VocabularyConfig defaults() {
    return new VocabularyConfig(8, 10, 50, 4);
  }

  public VocabularyConfig withSeed(long s) {
    return new VocabularyConfig(labBuckets, gapBuckets, minLabCount, s);
  }

  public VocabularyConfig withLabBuckets(int n) {
    return new VocabularyConfig(n, gapBuckets, minLabCount, seed);
  }

  public VocabularyConfig withGapBuckets(int n) {
    return new VocabularyConfig(labBuckets, n, minLabCount, seed);
  }

  public VocabularyConfig withMinLabCount(int n) {
    return new VocabularyConfig(labBuckets, gapBuckets, n, seed);
  }
}
