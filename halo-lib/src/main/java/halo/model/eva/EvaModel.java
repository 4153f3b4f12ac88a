package halo.model.eva;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv1d;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.LabelConditioning;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.PrefixContinuation;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.blocks.Convolutions;
import halo.model.blocks.GaussianLatent;
import halo.model.blocks.Lstm;
import halo.model.blocks.RowDraws;
import halo.model.blocks.Scalars;
import halo.model.blocks.TransformerModel;
import halo.model.blocks.VisitModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The EVA baseline (protocol Part B §2.5–§2.6, §3.7): a variational autoencoder of whole records.
 *
 * <p>Encoder: visit embedding V→E without bias (the sparse multi-hot rows times a weight, as the
 * LSTM's), a one-layer bidirectional LSTM with E units over every real row of the record (start row,
 * label row, visits), the forward state at the record's last row concatenated with the backward state
 * at row 0, and a linear 2E → 2·latent giving μ and log σ². The backward direction is a second
 * unidirectional LSTM run over each record's rows reversed (real rows first, padding after), so that
 * neither direction ever reads padding before real rows.
 *
 * <p>Decoder: z (latent channels, length 1) goes through four transposed 1-D convolutions with the
 * authors' kernels and strides (k4 s2, k3 s2, k3 s2, k3 s3: lengths 1 → 4 → 9 → 19 → 57), then four
 * causal dilated 1-D convolutions (k5, dilation 2, eight positions of left padding, so output t sees
 * inputs ≤ t only). Output position t holds the logits of row t+1 (position 0 the label row, 1.. the
 * visits); a record uses the first context−1 positions. Channels are scaled from E: transposed
 * latent → E/2 → E/2 → E/2 → E, causal E → E → 2E → 2E → V (the paper's 768-wide model has
 * 32 → 64 → 64 → 64 → 128 and 128 → 256 → 512 → 4096 → V). Weights and biases start as PyTorch's
 * defaults, U(±1/√fan_in) with fan_in = weight.size(1)·kernel. DJL's PyTorch engine has no
 * transposed convolution, so {@link Convolutions#transposedConv} computes it as the ordinary convolution it is the adjoint of.
 *
 * <p>Training maximises the ELBO: a reparameterised z = μ + σ·ε, the masked BCE of every predicted
 * row, plus klWeight(epoch)·KL with the authors' schedule 0.1, 0.15, 0.25, 0.325, 0.5, 0.75, 0.9,
 * then 1. Validation, {@link #logits} and the log-likelihoods decode z = μ (no noise); validation
 * adds the full KL, so it is the negative ELBO per output.
 *
 * <p>Deliberate differences from the authors' {@code eva.py}:
 * <ul>
 *   <li>ReLU between all decoder layers: the authors' stack has no non-linearity, so it collapses to
 *       a single linear map of z.
 *   <li>The encoder reads every row of the record: the authors pack with lengths = number of visits,
 *       so their encoder never sees the last two visits.
 *   <li>The loss is the ELBO's sum (BCE summed over rows and tokens plus KL summed over records),
 *       divided by the number of outputs so its scale matches the other models' mean BCE. The authors
 *       add the batch-mean KL to a BCE averaged over all B·57·V outputs, which weighs the KL
 *       thousands of times more than the ELBO does.
 *   <li>Sampling stops each record after the first visit row holding the end token, or after
 *       context−1 generated rows, as every model here does.
 * </ul>
 *
 * <p>Legend: B records, T rows, N predicted rows, E embedding, V vocabulary, Z latent.
 */
public final class EvaModel extends VisitModel implements RecordLikelihood {
  /**
   * EVA's own size is its latent ({@link Sizes}). It trains by epochs (its KL weight follows them): at
   * the cpu scale 8, the epoch at which the KL weight reaches 1, without a step budget or validation
   * stops.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.forEmbedding(embedding);
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return name.equals("cpu") || name.equals("default") ? shared.withTraining(t -> t.epochs(8).steps(0, 0).validateEvery(0)) : shared;
    }
  };

  /**
   * EVA's own size (protocol Part B §2.5).
   *
   * @param latent the VAE's latent size (the authors: 32)
   */
  public record Sizes(int latent) implements ModelShape.Extras {
    public Sizes {
      if (latent < 1) throw new IllegalArgumentException("EVA's latent size must be >= 1, got " + latent);
    }

    /** The authors' 32 at E 768 and above; E/4 (4 to 32) below. */
    public static Sizes forEmbedding(int e) {
      return new Sizes(e >= 768 ? 32 : Math.max(4, Math.min(32, e / 4)));
    }
  }

  /** Positions the decoder produces: 1 → 4 → 9 → 19 → 57. */
  static final int DECODED = 57;

  private static final int[] DECONV_KERNEL = {4, 3, 3, 3};
  private static final int[] DECONV_STRIDE = {2, 2, 2, 3};
  private static final int CAUSAL_KERNEL = 5;
  private static final int DILATION = 2;
  private static final int CAUSAL_PAD = (CAUSAL_KERNEL - 1) * DILATION;
  private static final float[] KL_SCHEDULE = {0.1f, 0.15f, 0.25f, 0.325f, 0.5f, 0.75f, 0.9f};

  private final int e;
  private final int v;
  private final int z;
  private final GaussianLatent gaussian;
  private final int[] deconvChannels;
  private final int[] causalChannels;
  private final NDArray wte; // [V, E]
  private final Lstm encFwd, encBwd; // the BiLSTM encoder's two directions
  private final Params.Dense enc; // [2Z, 2E] stored as nn.Linear (out, in)
  private final Params.Dense[] deconv = new Params.Dense[4]; // ConvTranspose1d weight [in, out, k]
  private final Params.Dense[] conv = new Params.Dense[4]; // Conv1d weight [out, in, k]

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public EvaModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary);
    if (config.model().context() - 1 > DECODED) {
      throw new IllegalArgumentException("EVA's decoder produces " + DECODED + " rows, so the context can be at most " + (DECODED + 1)
          + " rows (start row + " + DECODED + "), got " + config.model().context());
    }
    Rng rng = new Rng(config.seed());
    e = config.model().embedding();
    v = vocabulary.size();
    z = config.model().extras(Sizes.class).latent();
    gaussian = new GaussianLatent(z);
    int half = Math.max(1, e / 2);
    deconvChannels = new int[] {z, half, half, half, e};
    causalChannels = new int[] {e, e, 2 * e, 2 * e, v};
    wte = params.add("wte", new Shape(v, e), Params.uniform(rng, (long) v * e, 1 / Math.sqrt(v)));
    encFwd = Lstm.register(params, rng, "enc.fwd", 1, e);
    encBwd = Lstm.register(params, rng, "enc.bwd", 1, e);
    double kEnc = 1 / Math.sqrt(2.0 * e);
    enc = params.dense("enc", new Shape(2L * z, 2L * e), Params.uniform(rng, 4L * z * e, kEnc), new Shape(2L * z), Params.uniform(rng, 2L * z, kEnc));
    for (int l = 0; l < 4; l++) { // ConvTranspose1d weight [in, out, k]; PyTorch's fan_in = out·k
      int in = deconvChannels[l], out = deconvChannels[l + 1], ker = DECONV_KERNEL[l];
      double b = 1 / Math.sqrt((double) out * ker);
      deconv[l] = params.dense("dec.t" + l, new Shape(in, out, ker), Params.uniform(rng, (long) in * out * ker, b), new Shape(out), Params.uniform(rng, out, b));
    }
    for (int l = 0; l < 4; l++) { // Conv1d weight [out, in, k]; fan_in = in·k
      int in = causalChannels[l], out = causalChannels[l + 1];
      double b = 1 / Math.sqrt((double) in * CAUSAL_KERNEL);
      conv[l] = params.dense("dec.c" + l, new Shape(out, in, CAUSAL_KERNEL), Params.uniform(rng, (long) out * in * CAUSAL_KERNEL, b), new Shape(out),
          Params.uniform(rng, out, b));
    }
  }

  /** The KL term's weight in epoch {@code epoch} (0-based): 0.1, 0.15, 0.25, 0.325, 0.5, 0.75, 0.9, then 1. */
  static float klWeight(int epoch) {
    return epoch < KL_SCHEDULE.length ? KL_SCHEDULE[Math.max(0, epoch)] : 1f;
  }

  private NDArray lstm(NDManager m, NDArray x, Lstm direction) {
    NDArray zeros = m.zeros(new Shape(1, x.getShape().get(0), e));
    return direction.run(x, zeros, zeros).get(0);
  }

  /** μ and log σ² of every record of the batch, [B, 2Z] (μ first). */
  NDArray encode(NDManager m, RowBatch batch) {
    int b = batch.size();
    int t = batch.rowCount();
    NDArray x = batch.inputs(m).matMul(wte); // [B*T, E]
    long[] last = new long[b];
    long[] reversed = new long[b * t];
    for (int r = 0; r < b; r++) {
      int len = batch.rows()[r].length;
      last[r] = (long) r * t + len - 1;
      for (int s = 0; s < t; s++) reversed[r * t + s] = (long) r * t + (s < len ? len - 1 - s : s);
    }
    NDArray lastIdx = m.create(last);
    NDArray fwd = lstm(m, x.reshape(b, t, e), encFwd).reshape(-1, e).get(new NDIndex("{}", lastIdx)); // state after the last row
    NDArray xr = x.get(new NDIndex("{}", m.create(reversed))).reshape(b, t, e);
    NDArray bwd = lstm(m, xr, encBwd).reshape(-1, e).get(new NDIndex("{}", lastIdx)); // state after reading back to row 0
    return fwd.concat(bwd, 1).matMul(enc.w().transpose()).add(enc.b());
  }

  /** The transposed convolutions with ReLUs: z [B, Z] → [B, E, 57]. */
  NDArray upsample(NDArray latent) {
    NDArray h = latent.reshape(latent.getShape().get(0), z, 1);
    for (int l = 0; l < 4; l++) {
      h = Activation.relu(Convolutions.transposedConv(h, deconv[l].w(), deconv[l].b(), DECONV_STRIDE[l]));
    }
    return h;
  }

  /**
   * The causal dilated stack: [B, E, L] → logits [B, V, L], output t a function of inputs ≤ t
   * (padding 8 on both sides, then only the first L outputs are kept, which is left padding).
   */
  NDArray causal(NDArray h) {
    long len = h.getShape().get(2);
    for (int l = 0; l < 4; l++) {
      h = Conv1d.conv1d(h, conv[l].w(), conv[l].b(), new Shape(1), new Shape(CAUSAL_PAD),
          new Shape(DILATION), 1).get(0);
      h = h.get(new NDIndex(":, :, :{}", len));
      if (l < 3) h = Activation.relu(h);
    }
    return h;
  }

  /** Logits of every decoded position, [B, 57, V]. */
  NDArray decode(NDArray latent) {
    return decode(latent, DECODED);
  }

  /**
   * Logits of the first {@code positions} decoded positions, [B, positions, V]: the upsampled
   * sequence is cut before the causal stack, which changes nothing at the kept positions (each sees
   * only earlier ones) and spares the V-wide last layer the positions no record uses.
   */
  NDArray decode(NDArray latent, int positions) {
    NDArray h = upsample(latent);
    if (positions < DECODED) h = h.get(new NDIndex(":, :, :{}", positions));
    return causal(h).transpose(0, 2, 1);
  }

  /** Decoder logits of the predicted rows of {@code batch} from latent codes [B, Z], [N, V]. */
  private NDArray rowLogits(NDManager m, RowBatch batch, NDArray latent) {
    int positions = config.model().context() - 1;
    long[] idx = new long[batch.predictedRows()];
    for (int n = 0; n < idx.length; n++) idx[n] = (long) batch.target()[n][0] * positions + batch.target()[n][1] - 1;
    return decode(latent, positions).reshape(-1, v).get(new NDIndex("{}", m.create(idx)));
  }

  /** Σ softplus(l) − Σ_present l over the predicted rows. */
  private static NDArray bceSum(NDManager m, RowBatch batch, NDArray logits) {
    NDArray present = logits.reshape(-1).get(new NDIndex("{}", m.create(batch.presentFlat())));
    return logits.getNDArrayInternal().softPlus().sum().sub(present.sum());
  }

  /** Deterministic reconstruction: the decoder at z = μ. */
  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return rowLogits(m, batch, gaussian.mu(encode(m, batch)));
  }

  /** The negative ELBO at z = μ: reconstruction BCE plus the full KL, summed. */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    NDArray stats = encode(m, batch);
    NDArray mu = gaussian.mu(stats);
    return bceSum(m, batch, rowLogits(m, batch, mu)).add(GaussianLatent.kl(mu, gaussian.logVar(stats)));
  }

  /** The reparameterised ELBO with the epoch's KL weight, per output; ε drawn in Java from the step's seed. */
  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    NDArray stats = encode(m, batch);
    NDArray mu = gaussian.mu(stats);
    NDArray logVar = gaussian.logVar(stats);
    NDArray latent = gaussian.draw(m, mu, logVar, new Rng(step.seed(config.seed(), 1)));
    NDArray total = bceSum(m, batch, rowLogits(m, batch, latent)).add(Scalars.times(GaussianLatent.kl(mu, logVar), klWeight(step.epoch())));
    return Scalars.over(total, (float) lossOutputs(batch));
  }

  /** The decoder's Bernoulli log-likelihood of each record at z = μ(record) (see {@link RecordLikelihood}). */
  @Override
  public double[] logProbabilities(List<EncodedPatient> patients) {
    return bernoulliLogProbabilities(patients);
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    long b = batch.size();
    long rows = b * batch.rowCount();
    long macs = 2 * rows * 8L * e * e + b * 2L * e * 2L * z; // two LSTM directions, μ / log σ² layer
    int len = 1;
    for (int l = 0; l < 4; l++) { // a transposed convolution: every input position times every weight
      macs += b * len * deconvChannels[l] * (long) deconvChannels[l + 1] * DECONV_KERNEL[l];
      len = (len - 1) * DECONV_STRIDE[l] + DECONV_KERNEL[l];
    }
    int positions = config.model().context() - 1; // the causal stack runs over the positions records use
    for (int l = 0; l < 4; l++) macs += b * positions * (long) causalChannels[l] * causalChannels[l + 1] * CAUSAL_KERNEL;
    return macs;
  }

  /**
   * Whole records from the prior: z ~ N(0, I), one decoder pass, independent Bernoulli draws of every
   * token of every position; row 1 = position 0 (labels), rows 2.. = positions 1.., up to the first
   * visit row holding the end token or context−1 generated rows. This is EVA's only way to sample: it
   * has no {@link LabelConditioning}, {@link PrefixContinuation} or {@link RowSampling}, as no row
   * can be forced before the latent code is drawn.
   */
  @Override
  public List<int[][]> sample(int n, Rng rng) {
    if (n == 0) return List.of();
    int steps = config.model().context() - 1;
    float[] eps = new float[n * z];
    for (int i = 0; i < eps.length; i++) eps[i] = (float) rng.nextGaussian();
    float[] p;
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      NDArray logits = decode(m.create(eps, new Shape(n, z)), steps);
      p = Activation.sigmoid(logits).toFloatArray(); // [n, steps, V]
    }
    int[][] drawn = RowDraws.bernoulli(p, n * steps, v, config.sampling(), rng);
    int end = vocabulary.endToken();
    List<int[][]> out = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      List<int[]> rows = new ArrayList<>();
      rows.add(new int[] {vocabulary.startToken()});
      for (int s = 0; s < steps; s++) {
        int[] row = drawn[r * steps + s];
        rows.add(row);
        if (rows.size() > 2 && Arrays.binarySearch(row, end) >= 0) break;
      }
      out.add(rows.toArray(int[][]::new));
    }
    return out;
  }
}
