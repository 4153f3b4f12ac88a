package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.Params;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.Training;
import halo.model.blocks.RowDraws;
import halo.model.blocks.Scalars;
import halo.model.blocks.TwoPhaseGan;
import java.util.ArrayList;
import java.util.List;

/**
 * What medGAN ({@link MedGanModel}) and CorGAN ({@link CorGanModel}) share: a GAN of the patient ×
 * code matrix that generates through the decoder of a pretrained autoencoder. The subclass defines the
 * autoencoder ({@link Autoencoder}: dense in medGAN, convolutional in CorGAN); everything else is here.
 *
 * <p><b>Phase 1, the autoencoder</b> ({@code epochs} epochs, objective "autoencoder"): the mean BCE of
 * the reconstruction logits. Validation is this loss.
 *
 * <p><b>Phase 2, the GAN</b> ({@code gan.epochs} epochs, objectives "discriminator" then "generator",
 * one step each per batch). Generator: z ~ N(0, I) of width C through two layers with shortcut
 * connections, h ← h + act(norm(h W + b)) (ReLU, then tanh at the last layer; LayerNorm), then the
 * decoder and a sigmoid: a probability per token. Discriminator: dense layers of the subclass's widths
 * with ReLU, then a logit; with minibatch averaging, each row is read beside its batch's mean row (2D
 * inputs). Losses: the discriminator's BCE of real against generated rows (the generated ones
 * detached), the generator's non-saturating −log D(G(z)); the generator's step also fine-tunes the
 * decoder. Noise is drawn in Java from the step's seed (stream 1 for the discriminator's step, 2 for
 * the generator's), so runs repeat and resume bit-identically. Phase 2 has no validation loss: the
 * trainer keeps the newest parameters.
 *
 * <p><b>Sampling</b>: z ~ N(0, I), the generator and decoder, and every modelled token an independent
 * Bernoulli draw of its probability.
 *
 * <p>Parameters: the autoencoder's under {@code ae.} (its decoder's under {@code ae.dec.}), the
 * generator's {@code gen.0}, {@code gen.norm0}, {@code gen.1}, {@code gen.norm1}, the discriminator's
 * {@code disc.1} … {@code disc.n} and {@code disc.out}, initialised in that order from the config's seed.
 *
 * <p>Legend: B records, D modelled tokens, C autoencoder code (= noise and generator) width.
 */
public abstract class AutoencoderGan extends MatrixModel implements TwoPhaseGan {
  private static final int GENERATOR_LAYERS = 2;

  /** C: the code width, also the noise's and the generator's. */
  protected final int c;
  private final Autoencoder ae;
  private final Params.Dense[] gen = new Params.Dense[GENERATOR_LAYERS];
  private final Params.Norm[] genNorm = new Params.Norm[GENERATOR_LAYERS];
  private final Params.Dense[] disc; // hidden layers, then the logit; weights stored (in, out)
  private final boolean minibatchAveraging;
  private final Objective autoencoder, discriminator, generator;

  /** An autoencoder of the D-wide record vectors through a C-wide code. */
  protected interface Autoencoder {
    /** The code of x [B, D]: [B, C]. */
    NDArray encode(NDArray x);

    /** The reconstruction logits of codes h [B, C]: [B, D]. */
    NDArray decode(NDArray h);

    /** Multiply-accumulates of encoding one record. */
    long encoderMacs();

    /** Multiply-accumulates of decoding one record. */
    long decoderMacs();
  }

  /**
   * Builds the autoencoder ({@link #autoencoder}), then the generator and the discriminator.
   *
   * @param code C, the autoencoder's code width (and the noise's and the generator's)
   * @param discriminatorWidths the discriminator's hidden widths, before its logit
   * @param minibatchAveraging whether the discriminator reads each row beside its batch's mean row
   */
  protected AutoencoderGan(HaloConfig config, Vocabulary vocabulary, String kinds, int code, int[] discriminatorWidths, boolean minibatchAveraging) {
    super(config, vocabulary, kinds);
    c = code;
    this.minibatchAveraging = minibatchAveraging;
    Rng rng = new Rng(config.seed());
    ae = autoencoder(rng);
    for (int l = 0; l < GENERATOR_LAYERS; l++) {
      gen[l] = linear(rng, "gen." + l, c, c);
      genNorm[l] = params.norm("gen.norm" + l, c);
    }
    disc = new Params.Dense[discriminatorWidths.length + 1];
    int in = minibatchAveraging ? 2 * d : d;
    for (int l = 0; l < discriminatorWidths.length; l++) {
      disc[l] = linear(rng, "disc." + (l + 1), in, discriminatorWidths[l]);
      in = discriminatorWidths[l];
    }
    disc[discriminatorWidths.length] = linear(rng, "disc.out", in, 1);
    Training.Gan g = config.training().gan();
    autoencoder = new Objective("autoencoder", params.namesUnder("ae."), config.training().learningRate());
    discriminator = new Objective("discriminator", params.namesUnder("disc."), g.criticLearningRate());
    List<String> generatorParams = new ArrayList<>(params.namesUnder("gen."));
    generatorParams.addAll(params.namesUnder("ae.dec."));
    generator = new Objective("generator", List.copyOf(generatorParams), g.learningRate());
  }

  /**
   * Registers the autoencoder's parameters (names under {@code ae.}, the decoder's under {@code
   * ae.dec.}), drawing their initial values from {@code rng}. Called by the constructor, before the
   * GAN's layers, so it may read {@link #config}, {@link #params}, {@link #d} and {@link #c} but no
   * field of the subclass.
   */
  protected abstract Autoencoder autoencoder(Rng rng);

  @Override
  public List<Objective> objectives() {
    return List.of(autoencoder, discriminator, generator);
  }

  @Override
  public Objective firstPhase() {
    return autoencoder;
  }

  @Override
  public Objective critic() {
    return discriminator;
  }

  @Override
  public Objective generator() {
    return generator;
  }

  /** The autoencoder's reconstruction logits of D-wide vectors. */
  NDArray reconstruct(NDArray x) {
    return ae.decode(ae.encode(x));
  }

  /** The generator's D-wide logits (through the decoder) of noise [B, C]. */
  NDArray generate(NDArray z) {
    NDArray h = z;
    for (int l = 0; l < GENERATOR_LAYERS; l++) {
      NDArray t = gen[l].apply(h);
      t = t.getNDArrayInternal().layerNorm(t, new Shape(c), genNorm[l].gain(), genNorm[l].bias(), config.model().layerNormEps()).singletonOrThrow();
      h = h.add(l < GENERATOR_LAYERS - 1 ? Activation.relu(t) : t.tanh());
    }
    return ae.decode(h);
  }

  /** The discriminator's logit of each row of x [B, D] (with minibatch averaging, each read beside the batch's mean row). */
  NDArray discriminate(NDArray x) {
    NDArray h = minibatchAveraging ? x.concat(x.mean(new int[] {0}, true).broadcast(x.getShape()), 1) : x;
    for (int l = 0; l < disc.length - 1; l++) h = Activation.relu(disc[l].apply(h));
    return disc[disc.length - 1].apply(h).reshape(-1);
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return layout.rowLogits(m, reconstruct(layout.vectors(m, batch)), 30f);
  }

  /** The autoencoder's reconstruction BCE, summed (the validation loss of phase 1). */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    NDArray x = layout.vectors(m, batch);
    return MatrixLayout.bceSum(reconstruct(x), x);
  }

  private NDArray noise(NDManager m, Step step, int stream, int rows) {
    Rng rng = new Rng(step.seed(config.seed(), stream));
    float[] z = new float[rows * c];
    for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
    return m.create(z, new Shape(rows, c));
  }

  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    if (objective == autoencoder) return Scalars.over(lossSum(m, batch), (float) lossOutputs(batch));
    int b = batch.size();
    if (objective == discriminator) {
      NDArray fake = Activation.sigmoid(generate(noise(m, step, 1, b))).stopGradient();
      NDArray real = layout.vectors(m, batch);
      // −log σ(D(real)) − log(1 − σ(D(fake))) = softplus(−D(real)) + softplus(D(fake)), batch means
      return discriminate(real).neg().getNDArrayInternal().softPlus().mean().add(discriminate(fake).getNDArrayInternal().softPlus().mean());
    }
    if (objective == generator) {
      NDArray fake = Activation.sigmoid(generate(noise(m, step, 2, b)));
      return discriminate(fake).neg().getNDArrayInternal().softPlus().mean();
    }
    throw new IllegalArgumentException(displayName() + " has no objective '" + objective.name() + "'");
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    long b = batch.size();
    long discriminatorMacs = 0;
    for (Params.Dense l : disc) discriminatorMacs += l.w().getShape().get(0) * l.w().getShape().get(1);
    long gan = GENERATOR_LAYERS * (long) c * c + ae.decoderMacs() + discriminatorMacs;
    return b * (ae.encoderMacs() + ae.decoderMacs() + 2 * gan);
  }

  /** Records: z ~ N(0, I), the generator and decoder, each modelled token an independent Bernoulli draw. */
  @Override
  public List<int[][]> sample(int n, Rng rng) {
    if (n == 0) return List.of();
    float[] z = new float[n * c];
    for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
    float[] p;
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      p = Activation.sigmoid(generate(m.create(z, new Shape(n, c)))).toFloatArray();
    }
    return layout.records(RowDraws.bernoulli(p, n, d, config.sampling(), rng));
  }
}
