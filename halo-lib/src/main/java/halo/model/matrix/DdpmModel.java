package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.blocks.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * The DDPM of the LLM-generator comparison, for binary data: a <b>Bernoulli (two-class multinomial)
 * diffusion</b> (Hoogeboom et al., NeurIPS 2021) of the patient × code matrix ({@link MatrixLayout}:
 * a record's codes of the chosen kinds, diagnoses by default, and its labels, as one binary vector).
 *
 * <p>Why this formulation: the data are bits. A Gaussian diffusion would model them as reals and
 * round at the end, a step outside the model; a Bernoulli diffusion keeps every state binary, its
 * prior is exact (each bit a fair coin), and its reverse chain defines the distribution sampled.
 *
 * <p><b>Forward process</b>: q(x_t | x_{t−1}) keeps each bit with probability 1 − β_t and otherwise
 * redraws it as a fair coin, so q(x_t = 1 | x_0) = ᾱ_t x_0 + (1 − ᾱ_t)/2 with ᾱ_t = Π_{s ≤ t}(1 − β_s),
 * on the cosine schedule ᾱ_t = f(t)/f(0), f(t) = cos²((t/T + 0.008)/1.008 · π/2), which reaches 0 at
 * t = T: x_T is exactly the prior, Bernoulli(1/2) per bit, whatever x_0.
 *
 * <p><b>Reverse process</b>: a network reads x_t and t (a sinusoidal embedding of t, {@code hidden}
 * wide) through two hidden layers of {@code hidden} with ReLU and gives, per bit, P̂(x_0 = 1 | x_t).
 * Then p(x_{t−1} | x_t) = Σ_{x_0} P̂(x_0) q(x_{t−1} | x_t, x_0), the true posterior averaged over the
 * predicted x_0, bit by bit; at t = 1, p(x_0 | x_1) = P̂(x_0).
 *
 * <p><b>Training</b> minimises the variational bound one term at a time: per record a step t drawn
 * uniformly from 1..T, x_t drawn from q(x_t | x_0), and the loss KL(q(x_{t−1} | x_t, x_0) ‖ p(x_{t−1}
 * | x_t)) summed over bits (t ≥ 2), or −log p(x_0 | x_1) (t = 1), divided by the bits so its scale is a
 * per-output loss. Noise and steps are drawn in Java from the step's seed (validation: from the model's
 * seed, the same draws every time), so runs repeat and resume exactly.
 *
 * <p><b>Sampling</b>: x_T from the prior, then T reverse steps, each bit drawn from p(x_{t−1} | x_t)
 * (a sampling temperature, when set, applies to every one of these draws).
 *
 * <p>Legend: B records, D modelled tokens, H hidden, T diffusion steps.
 */
public final class DdpmModel extends MatrixModel {
  /** The DDPM trains by epochs (500 at the cpu scale, as the VAE), batch 500, keeping the best validation bound. */
  public static final ModelKind.Traits TRAITS = epochTraits(Sizes.standard());

  /**
   * The DDPM's sizes.
   *
   * @param hidden width of the time embedding and of the denoiser's two hidden layers
   * @param steps T, the diffusion steps
   * @param kinds the code kinds of the matrix's columns, as {@link PatientMatrix#parseKinds} reads them
   */
  public record Sizes(int hidden, int steps, String kinds) implements ModelShape.Extras {
    public Sizes {
      if (hidden < 2 || hidden % 2 != 0) throw new IllegalArgumentException("the DDPM's hidden width must be even and >= 2, got " + hidden);
      if (steps < 1) throw new IllegalArgumentException("the DDPM needs at least one diffusion step, got " + steps);
      PatientMatrix.parseKinds(kinds);
    }

    /** Hidden 512, 100 steps, diagnoses. */
    public static Sizes standard() {
      return new Sizes(512, 100, "dx");
    }
  }

  private final int h, steps;
  private final double[] alphaBar; // ᾱ_t, t = 0..T (ᾱ_0 = 1)
  private final Params.Dense in, time, mid, out;

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public DdpmModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, config.model().extras(Sizes.class).kinds());
    Sizes s = config.model().extras(Sizes.class);
    h = s.hidden();
    steps = s.steps();
    alphaBar = cosineSchedule(steps);
    Rng rng = new Rng(config.seed());
    in = linear(rng, "den.in", d, h);
    time = linear(rng, "den.time", h, h);
    mid = linear(rng, "den.mid", h, h);
    out = linear(rng, "den.out", h, d);
  }

  /** ᾱ_t for t = 0..T on the cosine schedule, ᾱ_0 = 1 and ᾱ_T = 0 (each β_t = 1 − ᾱ_t/ᾱ_{t−1} at most 1). */
  static double[] cosineSchedule(int steps) {
    double[] a = new double[steps + 1];
    double f0 = f(0, steps);
    for (int t = 0; t <= steps; t++) a[t] = t == steps ? 0 : Math.min(1, f(t, steps) / f0);
    return a;
  }

  private static double f(int t, int steps) {
    double c = Math.cos(((double) t / steps + 0.008) / 1.008 * Math.PI / 2);
    return c * c;
  }

  /** ᾱ_t. */
  double alphaBar(int t) {
    return alphaBar[t];
  }

  /** T. */
  int steps() {
    return steps;
  }

  @Override
  protected String displayName() {
    return "the DDPM";
  }

  /** Sinusoidal embeddings of steps, [B, H]: sin and cos of t / 10000^(2i/H). */
  private NDArray timeEmbedding(NDManager m, int[] t) {
    float[] e = new float[t.length * h];
    int half = h / 2;
    for (int b = 0; b < t.length; b++) {
      for (int i = 0; i < half; i++) {
        double angle = t[b] / Math.pow(10_000, (double) i / half);
        e[b * h + i] = (float) Math.sin(angle);
        e[b * h + half + i] = (float) Math.cos(angle);
      }
    }
    return m.create(e, new Shape(t.length, h));
  }

  /** Logits of P̂(x_0 = 1 | x_t, t) [B, D] for states x_t [B, D] at steps t. */
  NDArray denoise(NDManager m, NDArray xt, int[] t) {
    NDArray hid = Activation.relu(in.apply(xt).add(time.apply(timeEmbedding(m, t))));
    return out.apply(Activation.relu(mid.apply(hid)));
  }

  /**
   * Per bit, q(x_{t−1} = 1 | x_t, x_0) for both values of x_0 given x_t: [0] for x_0 = 0, [1] for
   * x_0 = 1, as Java arrays of the batch's B·D bits (row-major). With a_t = 1 − β_t = ᾱ_t/ᾱ_{t−1}:
   * q(x_{t−1} = k | x_t, x_0) ∝ (a_t [x_t = k] + (1 − a_t)/2) · (ᾱ_{t−1} [x_0 = k] + (1 − ᾱ_{t−1})/2).
   */
  float[][] posteriors(float[] xt, int[] t) {
    float[][] post = new float[2][xt.length];
    for (int b = 0; b < t.length; b++) {
      double prev = alphaBar[t[b] - 1], a = alphaBar[t[b]] / prev;
      for (int j = 0; j < d; j++) {
        int i = b * d + j;
        boolean one = xt[i] > 0.5f;
        double keep1 = a * (one ? 1 : 0) + (1 - a) / 2, keep0 = a * (one ? 0 : 1) + (1 - a) / 2; // q(x_t | x_{t−1} = 1 or 0)
        for (int x0 = 0; x0 < 2; x0++) {
          double prior1 = prev * x0 + (1 - prev) / 2, prior0 = prev * (1 - x0) + (1 - prev) / 2; // q(x_{t−1} | x_0)
          post[x0][i] = (float) (keep1 * prior1 / (keep1 * prior1 + keep0 * prior0));
        }
      }
    }
    return post;
  }

  /** x_t drawn from q(x_t | x_0) for records x0 [B·D] (0/1) at steps t. */
  float[] noisy(float[] x0, int[] t, Rng rng) {
    float[] xt = new float[x0.length];
    for (int b = 0; b < t.length; b++) {
      double ab = alphaBar[t[b]];
      for (int j = 0; j < d; j++) {
        int i = b * d + j;
        xt[i] = rng.nextDouble() < ab * x0[i] + (1 - ab) / 2 ? 1f : 0f;
      }
    }
    return xt;
  }

  /**
   * The bound's term per record at its step, summed over records and bits: KL(q(x_{t−1} | x_t, x_0) ‖
   * p(x_{t−1} | x_t)) for t ≥ 2, −log p(x_0 | x_1) for t = 1, with steps and states drawn from {@code rng}.
   */
  private NDArray boundSum(NDManager m, RowBatch batch, Rng rng) {
    int b = batch.size();
    float[] x0 = layout.vectorValues(batch);
    int[] t = new int[b];
    for (int r = 0; r < b; r++) t[r] = 1 + rng.nextInt(steps);
    float[] xt = noisy(x0, t, rng);
    float[][] post = posteriors(xt, t);
    float[] truePost = new float[x0.length], first = new float[x0.length];
    for (int i = 0; i < x0.length; i++) {
      int r = i / d;
      truePost[i] = post[x0[i] > 0.5f ? 1 : 0][i];
      first[i] = t[r] == 1 ? 1f : 0f;
    }
    NDArray p0 = Activation.sigmoid(denoise(m, m.create(xt, new Shape(b, d)), t)); // P̂(x_0 = 1)
    NDArray q1 = m.create(truePost, new Shape(b, d));
    // p(x_{t−1} = 1 | x_t) = P̂(x_0 = 0) · post0 + P̂(x_0 = 1) · post1
    NDArray post0 = m.create(post[0], new Shape(b, d)), post1 = m.create(post[1], new Shape(b, d));
    NDArray p1 = p0.mul(post1).add(p0.neg().add(1f).mul(post0));
    float eps = 1e-7f;
    NDArray kl = q1.mul(q1.add(eps).log().sub(p1.add(eps).log()))
        .add(q1.neg().add(1f).mul(q1.neg().add(1f + eps).log().sub(p1.neg().add(1f + eps).log())));
    NDArray x = m.create(x0, new Shape(b, d));
    NDArray nll = x.mul(p0.add(eps).log()).add(x.neg().add(1f).mul(p0.neg().add(1f + eps).log())).neg();
    NDArray isFirst = m.create(first, new Shape(b, d));
    return kl.mul(isFirst.neg().add(1f)).add(nll.mul(isFirst)).sum();
  }

  /** The logits of P̂(x_0 | x_1) from a noiseless state x_1 = x_0 (the denoiser's reconstruction), as V-wide rows. */
  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    int[] t = new int[batch.size()];
    java.util.Arrays.fill(t, 1);
    return layout.rowLogits(m, denoise(m, layout.vectors(m, batch), t), 30f);
  }

  /** The validation bound: the same steps and states at every validation (drawn from the model's seed). */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    return boundSum(m, batch, new Rng(config.seed() ^ 0x5DEECE66DL));
  }

  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    return Scalars.over(boundSum(m, batch, new Rng(step.seed(config.seed(), 1))), (float) lossOutputs(batch));
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    return (long) batch.size() * ((long) d * h + 2L * h * h + (long) h * d);
  }

  /** Records: x_T from the prior (fair coins), then T reverse steps, each bit drawn from p(x_{t−1} | x_t). */
  @Override
  public List<int[][]> sample(int n, Rng rng) {
    if (n == 0) return List.of();
    float[] x = new float[n * d];
    for (int i = 0; i < x.length; i++) x[i] = rng.nextDouble() < 0.5 ? 1f : 0f;
    int[] t = new int[n];
    for (int s = steps; s >= 1; s--) {
      java.util.Arrays.fill(t, s);
      float[] p0;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        p0 = Activation.sigmoid(denoise(m, m.create(x, new Shape(n, d)), t)).toFloatArray();
      }
      if (s == 1) {
        config.sampling().bernoulli(p0);
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat() < p0[i] ? 1f : 0f;
      } else {
        float[][] post = posteriors(x, t);
        float[] p1 = new float[x.length];
        for (int i = 0; i < x.length; i++) p1[i] = (1 - p0[i]) * post[0][i] + p0[i] * post[1][i];
        config.sampling().bernoulli(p1); // the temperature, when one is set
        for (int i = 0; i < x.length; i++) x[i] = rng.nextFloat() < p1[i] ? 1f : 0f;
      }
    }
    int[][] drawn = new int[n][];
    for (int r = 0; r < n; r++) {
      List<Integer> on = new ArrayList<>();
      for (int j = 0; j < d; j++) if (x[r * d + j] > 0.5f) on.add(j);
      drawn[r] = on.stream().mapToInt(Integer::intValue).toArray();
    }
    return layout.records(drawn);
  }
}
