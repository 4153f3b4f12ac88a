package halo.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a generator samples. Exact sampling (temperature 1, no top-k) draws from the distribution the
 * model defines, the default and what every likelihood, test and experiment assumes. The two options
 * reshape each draw, never the model:
 * <ul>
 *   <li><b>temperature</b> T: a token drawn from a softmax over the vocabulary (GPT, PromptEHR) has
 *       probability ∝ p<sup>1/T</sup>, i.e. its logits divided by T; a code drawn as its own Bernoulli
 *       (HALO, HALO-Coarse, LSTM, SynTEG, EVA) has probability σ(logit / T), i.e. p<sup>1/T</sup> /
 *       (p<sup>1/T</sup> + (1 − p)<sup>1/T</sup>). Below 1 it sharpens (likely codes more likely,
 *       unlikely ones rarer), above 1 it flattens.
 *   <li><b>top-k</b> k: a softmax draw keeps only the k most probable tokens (after the temperature),
 *       renormalised. Defined only for models that draw one token at a time from a softmax ({@link
 *       TopKSampling}); a Bernoulli code has no competitors to rank, so the other models refuse it.
 * </ul>
 * A model's likelihoods, perplexities and teacher-forced probabilities never depend on these options.
 *
 * @param batch records generated together (more is faster per record and takes more memory)
 * @param temperature T &gt; 0; 1 is exact
 * @param topK k &gt;= 0; 0 keeps every token (exact)
 */
public record Sampling(int batch, double temperature, int topK) {
  /** The range of temperatures accepted: far beyond it every draw is (almost) deterministic or uniform. */
  public static final double MIN_TEMPERATURE = 0.05, MAX_TEMPERATURE = 20;

  public Sampling {
    if (batch < 1) throw new IllegalArgumentException("sampling batch must be >= 1, got " + batch);
    if (!(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE)) {
      throw new IllegalArgumentException("sampling temperature must lie in [" + MIN_TEMPERATURE + ", " + MAX_TEMPERATURE + "] (1 is exact), got " + temperature);
    }
    if (topK < 0) throw new IllegalArgumentException("top-k must be >= 0 (0 keeps every token), got " + topK);
  }

  /** Exact sampling of {@code batch} records at a time. */
  public Sampling(int batch) {
    this(batch, 1, 0);
  }

  /** Reads checkpoints written before temperature and top-k existed (they sampled exactly). */
  @JsonCreator
  static Sampling json(@JsonProperty("batch") int batch, @JsonProperty("temperature") Double temperature, @JsonProperty("topK") Integer topK) {
    return new Sampling(batch, temperature == null ? 1 : temperature, topK == null ? 0 : topK);
  }

  /** A copy with another temperature and top-k. */
  public Sampling with(double t, int k) {
    return new Sampling(batch, t, k);
  }

  /** Whether draws follow the model's own distribution (temperature 1, no top-k). */
  public boolean exact() {
    return temperature == 1 && topK == 0;
  }

  /** The probability a Bernoulli code is drawn with, given the model's {@code p}: σ(logit(p) / T). */
  public float bernoulli(float p) {
    if (temperature == 1 || p <= 0 || p >= 1) return p;
    double a = Math.pow(p, 1 / temperature), b = Math.pow(1 - (double) p, 1 / temperature);
    return (float) (a / (a + b));
  }

  /** {@link #bernoulli(float)} applied to every entry, in place; returns {@code p}. */
  public float[] bernoulli(float[] p) {
    if (temperature != 1) for (int i = 0; i < p.length; i++) p[i] = bernoulli(p[i]);
    return p;
  }

  /**
   * Reshapes one softmax distribution in place, {@code p[offset .. offset + length)} (summing to 1;
   * zeros are tokens that cannot be drawn and stay zero): power 1/T, then the top k kept, renormalised.
   * Ties at the k-th probability are all kept. Exact sampling leaves {@code p} untouched.
   */
  public void categorical(float[] p, int offset, int length) {
    if (exact()) return;
    int end = offset + length;
    if (topK > 0 && topK < length) {
      float[] sorted = java.util.Arrays.copyOfRange(p, offset, end);
      java.util.Arrays.sort(sorted);
      float kth = sorted[length - topK];
      for (int i = offset; i < end; i++) if (p[i] < kth) p[i] = 0;
    }
    double max = 0;
    for (int i = offset; i < end; i++) max = Math.max(max, p[i]);
    if (max == 0) return;
    double sum = 0;
    double[] q = new double[length];
    for (int i = 0; i < length; i++) {
      double x = p[offset + i];
      q[i] = x == 0 ? 0 : Math.pow(x / max, 1 / temperature); // relative to the largest: no underflow of the mode
      sum += q[i];
    }
    for (int i = 0; i < length; i++) p[offset + i] = (float) (q[i] / sum);
  }

  /** Short: exact sampling shows only the batch (so run caches keyed on a config are unchanged by these options). */
  @Override
  public String toString() {
    return exact() ? "Sampling[batch=" + batch + "]" : "Sampling[batch=" + batch + ", temperature=" + temperature + ", topK=" + topK + "]";
  }
}
