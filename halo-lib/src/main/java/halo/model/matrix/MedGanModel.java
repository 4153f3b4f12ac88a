package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.Rng;
import halo.model.Training;

/**
 * medGAN (Choi et al., MLHC 2017), a baseline of the LLM-generator comparison: a GAN of the patient ×
 * code matrix ({@link MatrixLayout}: a record's codes of the chosen kinds, diagnoses by default, as one
 * binary vector, beside its label row) that generates in the latent space of a pretrained autoencoder.
 *
 * <p>The phases, losses, noise and sampling are {@link AutoencoderGan}'s, shared with CorGAN; medGAN's own
 * parts are its dense autoencoder and its discriminator.
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
public final class MedGanModel extends AutoencoderGan {
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

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public MedGanModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, config.model().extras(Sizes.class).kinds(), config.model().extras(Sizes.class).code(),
        discriminatorWidths(config.model().extras(Sizes.class).discriminator()), true);
  }

  /** The discriminator's hidden widths W and W/2. */
  private static int[] discriminatorWidths(int w) {
    return new int[] {w, w / 2};
  }

  @Override
  protected String displayName() {
    return "medGAN";
  }

  /** Encoder D → C with tanh ({@code ae.enc}), decoder C → D logits ({@code ae.dec}). */
  @Override
  protected Autoencoder autoencoder(Rng rng) {
    Params.Dense enc = linear(rng, "ae.enc", d, c);
    Params.Dense dec = linear(rng, "ae.dec", c, d);
    return new Autoencoder() {
      @Override
      public NDArray encode(NDArray x) {
        return enc.apply(x).tanh();
      }

      @Override
      public NDArray decode(NDArray h) {
        return dec.apply(h);
      }

      @Override
      public long encoderMacs() {
        return (long) d * c;
      }

      @Override
      public long decoderMacs() {
        return (long) c * d;
      }
    };
  }
}
