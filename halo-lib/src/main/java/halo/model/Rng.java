package halo.model;

/**
 * A small seeded random generator (SplitMix64) whose whole state is one {@code long}, so that a
 * checkpoint can store it and a resumed run draws exactly the numbers an uninterrupted run would.
 * Used for parameter initialisation, epoch shuffles and sampling.
 */
public final class Rng {
  private long state;

  public Rng(long seed) {
    this.state = seed;
  }

  /** The complete state (restore with {@link #setState}). */
  public long state() {
    return state;
  }

  public void setState(long s) {
    state = s;
  }

  public long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, 1) with 24 random bits (what a Bernoulli draw against a float probability needs). */
  public float nextFloat() {
    return (nextLong() >>> 40) * 0x1.0p-24f;
  }

  /** Uniform in [0, n). */
  public int nextInt(int n) {
    if (n <= 0) throw new IllegalArgumentException("bound must be positive, got " + n);
    return (int) ((nextLong() >>> 1) % n);
  }

  /** Standard normal by Box–Muller (no cached second value, so the state stays one long). */
  public double nextGaussian() {
    double u1 = nextDouble();
    double u2 = nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Fisher–Yates shuffle of a permutation of 0..n-1. */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) p[i] = i;
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  /** An independent generator derived from this one (advances this one by one draw). */
  public Rng split() {
    return new Rng(nextLong());
  }
}
