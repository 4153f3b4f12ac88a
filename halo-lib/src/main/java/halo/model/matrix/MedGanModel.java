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
import halo.model.Training;
import halo.model.blocks.RowDraws;
import halo.model.blocks.Scalars;
import java.util.ArrayList;
import java.util.List;

/**
 * medGAN (Choi et al., MLHC 2017), a baseline of the LLM-generator comparison: a GAN of the patient ×
 * code matrix ({@link MatrixLayout}: a record's codes of the chosen kinds, diagnoses by default, as one
 * binary vector, beside its label row) that generates in the latent space of a pretrained autoencoder.
 *
 * <p><b>Phase 1, the autoencoder</b> ({@code epochs} epochs, objective "autoencoder"): encoder D → C
 * with tanh, decoder C → D logits, the BCE of the reconstruction. Validation is this loss.
 *
 * <p><b>Phase 2, the GAN</b> ({@code gan.epochs} epochs, objectives "discriminator" then "generator",
 * one step each per batch). Generator: z ~ N(0, I) of width C through two layers with shortcut
 * connections, h ← h + act(norm(h W + b)) (ReLU, then tanh at the last layer, as the authors' binary
 * variant), then the decoder and a sigmoid: a probability per token. Discriminator with minibatch
 * averaging: each row concatenated with its batch's mean row (2D inputs), dense layers of W and W/2
 * with ReLU, then a logit. Losses: the discriminator's BCE of real against generated rows (the
 * generated ones detached), the generator's non-saturating −log D(G(z)); the generator's step also
 * fine-tunes the decoder, as the authors'. Noise is drawn in Java from the step's seed, so runs repeat
 * and resume bit-identically. Phase 2 has no validation loss: the trainer keeps the newest parameters.
 *
 * <p><b>Sampling</b>: z ~ N(0, I), the generator and decoder, and every modelled token an independent
 * Bernoulli draw of its probability (the authors round at 0.5; a draw is what the model defines, and
 * a trained generator's probabilities are mostly near 0 or 1, where both agree).
 *
 * <p><b>Deliberate differences from the authors' code</b>: LayerNorm instead of BatchNorm in the
 * generator, so a record does not depend on the others generated with it and no running statistics
 * need keeping (as SynTEG's generator here); one discriminator step per generator step (the
 * authors': two); no L2 weight decay (the authors': 1e-3); one batch size for both phases.
 *
 * <p>Legend: B records, D modelled tokens, C autoencoder code (= noise) width, W discriminator width.
 */
public final class MedGanModel extends MatrixModel {
  /**
   * medGAN's sizes ({@link Sizes}) and schedule: the autoencoder for {@code epochs} (the authors: 100),
   * then the GAN ({@link Training.Gan}): at the paper scale the authors' 1,000 epochs, Adam 1e-3 for
   * both networks and batch 1,000; at the cpu scale 300 epochs, Adam 2e-4 and batch 500 (the authors: 100 for the
   * autoencoder, 1,000 for the GAN). On the default cohort's diagnosis matrix, 2e-4 gave a
   * dimension-wise correlation of 0.989 and a real-synthetic covariance MAE of 0.00086 where 1e-3 gave
   * 0.985 and 0.00095 (real-real 0.00074); on the planted test matrix 2e-4 also kept the marginals
   * (mean error 0.036, 1e-3: about 0.07). No early stopping (it would skip the GAN).
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.standard();
    }

    @Override
    public boolean trainsGan() {
      return true;
    }

    @Override
    public Training.Gan ganFor(int embedding) {
      return new Training.Gan(300, 2e-4, 2e-4, 0);
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return switch (name) {
        case "smoke" -> byEpochs(shared, 64, 3).withTraining(t -> t.gan(new Training.Gan(3, 1e-3, 1e-3, 0)));
        case "paper" -> byEpochs(shared, 1_000, 100).withTraining(t -> t.gan(new Training.Gan(1_000, 1e-3, 1e-3, 0)));
        default -> byEpochs(shared, 500, 100).withTraining(t -> t.gan(ganFor(128)));
      };
    }
  };

  /**
   * medGAN's sizes.
   *
   * @param code the autoencoder's code width, also the noise and the generator's width (the authors: 128)
   * @param discriminator the discriminator's first width W; its layers are W, W/2, 1 (the authors: 256)
   * @param kinds the code kinds of the matrix's columns, as {@link PatientMatrix#parseKinds} reads them
   */
  public record Sizes(int code, int discriminator, String kinds) implements ModelShape.Extras {
    public Sizes {
      if (code < 1 || discriminator < 2) throw new IllegalArgumentException("medGAN needs a code width >= 1 and a discriminator width >= 2, got " + code + ", " + discriminator);
      PatientMatrix.parseKinds(kinds);
    }

    /** The authors' 128 and 256, diagnoses. */
    public static Sizes standard() {
      return new Sizes(128, 256, "dx");
    }
  }

  private static final int GENERATOR_LAYERS = 2;

  private final int c, w;
  private final Params.Dense enc, dec, disc1, disc2, discOut; // weights stored (in, out)
  private final Params.Dense[] gen = new Params.Dense[GENERATOR_LAYERS];
  private final Params.Norm[] genNorm = new Params.Norm[GENERATOR_LAYERS];
  private final Objective autoencoder, discriminator, generator;

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public MedGanModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, config.model().extras(Sizes.class).kinds());
    Sizes s = config.model().extras(Sizes.class);
    c = s.code();
    w = s.discriminator();
    Rng rng = new Rng(config.seed());
    enc = linear(rng, "ae.enc", d, c);
    dec = linear(rng, "ae.dec", c, d);
    for (int l = 0; l < GENERATOR_LAYERS; l++) {
      gen[l] = linear(rng, "gen." + l, c, c);
      genNorm[l] = params.norm("gen.norm" + l, c);
    }
    disc1 = linear(rng, "disc.1", 2 * d, w);
    disc2 = linear(rng, "disc.2", w, w / 2);
    discOut = linear(rng, "disc.out", w / 2, 1);
    Training.Gan g = config.training().gan();
    autoencoder = new Objective("autoencoder", names("ae."), config.training().learningRate());
    discriminator = new Objective("discriminator", names("disc."), g.criticLearningRate());
    List<String> generatorParams = new ArrayList<>(names("gen."));
    generatorParams.addAll(names("ae.dec."));
    generator = new Objective("generator", List.copyOf(generatorParams), g.learningRate());
  }

  @Override
  protected String displayName() {
    return "medGAN";
  }

  private List<String> names(String prefix) {
    return params.all().keySet().stream().filter(n -> n.startsWith(prefix)).toList();
  }

  @Override
  public List<Objective> objectives() {
    return List.of(autoencoder, discriminator, generator);
  }

  @Override
  public List<Objective> objectives(int epoch) {
    return epoch < config.training().epochs() ? List.of(autoencoder) : List.of(discriminator, generator);
  }

  @Override
  public int totalEpochs() {
    return config.training().epochs() + config.training().gan().epochs();
  }

  @Override
  public boolean validates(int epoch) {
    return epoch < config.training().epochs();
  }

  /** The autoencoder's reconstruction logits of D-wide vectors. */
  NDArray reconstruct(NDArray x) {
    return dec.apply(enc.apply(x).tanh());
  }

  /** The generator's D-wide logits (through the decoder) of noise [B, C]. */
  NDArray generate(NDArray z) {
    NDArray h = z;
    for (int l = 0; l < GENERATOR_LAYERS; l++) {
      NDArray t = gen[l].apply(h);
      t = t.getNDArrayInternal().layerNorm(t, new Shape(c), genNorm[l].gain(), genNorm[l].bias(), config.model().layerNormEps()).singletonOrThrow();
      h = h.add(l < GENERATOR_LAYERS - 1 ? Activation.relu(t) : t.tanh());
    }
    return dec.apply(h);
  }

  /** The discriminator's logit of each row of x [B, D], each read beside the batch's mean row (minibatch averaging). */
  NDArray discriminate(NDArray x) {
    NDArray mean = x.mean(new int[] {0}, true).broadcast(x.getShape());
    return discOut.apply(Activation.relu(disc2.apply(Activation.relu(disc1.apply(x.concat(mean, 1)))))).reshape(-1);
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
    throw new IllegalArgumentException("medGAN has no objective '" + objective.name() + "'");
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    long b = batch.size();
    long ae = 2L * d * c;
    long gan = GENERATOR_LAYERS * (long) c * c + (long) c * d + 2L * d * w + (long) w * (w / 2) + w / 2;
    return b * (ae + 2 * gan);
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
