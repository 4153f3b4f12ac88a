package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.blocks.GaussianLatent;
import halo.model.blocks.RowDraws;
import halo.model.blocks.Scalars;
import java.util.List;

/**
 * The VAE of the LLM-generator comparison (../shared/papers/llm-ehr-generators.md §II-B): a
 * variational autoencoder of the patient × code matrix ({@link MatrixLayout}: a record's codes of the
 * chosen kinds, diagnoses by default, as one binary vector, beside its label row, which is modelled
 * too so that label-conditioned experiments can read it).
 *
 * <p>Encoder: the D-wide binary vector → {@code hidden} → {@code hidden} (ReLU) → μ and log σ² of a
 * {@code latent}-wide Gaussian; decoder: z → {@code hidden} → {@code hidden} (ReLU) → D Bernoulli
 * logits. Training maximises the ELBO with a reparameterised z (BCE summed over the D outputs plus
 * the KL, divided by the outputs so its scale is the other models' mean BCE); validation, {@link
 * #logits} and the likelihood decode z = μ and validation adds the KL (the negative ELBO). Sampling
 * draws z ~ N(0, I) and every token as an independent Bernoulli.
 *
 * <p>Against the paper: it says "1D convolutional neural networks ... each having two hidden layers
 * of size 128", Adam, 500 epochs, batch 500. The code axis of a patient × code matrix has no order,
 * so a 1-D convolution along it has no locality to exploit; its layers here are dense (a 1-D
 * convolution whose kernel spans the whole axis), with the paper's two hidden layers of 128, Adam, batch
 * 500 and 500 epochs at every scale (the model is small). The paper gives no latent size: 32.
 *
 * <p>Legend: B records, D modelled tokens, H hidden, Z latent.
 */
public final class VaeModel extends MatrixModel implements RecordLikelihood {
  /** The VAE trains by epochs as the paper (500, batch 500), keeping the best validation ELBO; its sizes are {@link Sizes}. */
  public static final ModelKind.Traits TRAITS = epochTraits(Sizes.standard());

  /**
   * The VAE's own sizes.
   *
   * @param hidden width of each of the two hidden layers of the encoder and of the decoder (paper: 128)
   * @param latent the latent size (the paper gives none)
   * @param kinds the code kinds of the matrix's columns, as {@link PatientMatrix#parseKinds} reads them ("dx", "dx,px,rx", "all")
   */
  public record Sizes(int hidden, int latent, String kinds) implements ModelShape.Extras {
    public Sizes {
      if (hidden < 1) throw new IllegalArgumentException("the VAE's hidden width must be >= 1, got " + hidden);
      if (latent < 1) throw new IllegalArgumentException("the VAE's latent size must be >= 1, got " + latent);
      PatientMatrix.parseKinds(kinds); // fails on an unknown kind
    }

    /** Two hidden layers of 128, latent 32, diagnoses. */
    public static Sizes standard() {
      return new Sizes(128, 32, "dx");
    }
  }

  private final int h, z;
  private final GaussianLatent gaussian;
  private final Params.Dense enc1, enc2, encOut, dec1, dec2, decOut; // weights stored (in, out)

  @Override
  protected String displayName() {
    return "the VAE";
  }

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public VaeModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, config.model().extras(Sizes.class).kinds());
    Sizes s = config.model().extras(Sizes.class);
    h = s.hidden();
    z = s.latent();
    gaussian = new GaussianLatent(z);
    Rng rng = new Rng(config.seed());
    enc1 = linear(rng, "enc.1", d, h);
    enc2 = linear(rng, "enc.2", h, h);
    encOut = linear(rng, "enc.out", h, 2 * z);
    dec1 = linear(rng, "dec.1", z, h);
    dec2 = linear(rng, "dec.2", h, h);
    decOut = linear(rng, "dec.out", h, d);
  }

  /** μ and log σ², [B, 2Z]. */
  NDArray encode(NDArray x) {
    return encOut.apply(Activation.relu(enc2.apply(Activation.relu(enc1.apply(x)))));
  }

  /** D-wide logits of latent codes [B, Z]. */
  NDArray decode(NDArray latent) {
    return decOut.apply(Activation.relu(dec2.apply(Activation.relu(dec1.apply(latent)))));
  }

  /** The decoder at z = μ, as V-wide logits of the label row and the visit row ({@link MatrixLayout#rowLogits}). */
  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return layout.rowLogits(m, decode(gaussian.mu(encode(layout.vectors(m, batch)))), 30f);
  }

  /** The negative ELBO at z = μ: BCE over the D outputs plus the KL, summed over records. */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    NDArray x = layout.vectors(m, batch);
    NDArray stats = encode(x);
    NDArray mu = gaussian.mu(stats);
    return MatrixLayout.bceSum(decode(mu), x).add(GaussianLatent.kl(mu, gaussian.logVar(stats)));
  }

  /** The reparameterised negative ELBO per output; ε drawn in Java from the step's seed, so runs repeat and resume exactly. */
  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    NDArray x = layout.vectors(m, batch);
    NDArray stats = encode(x);
    NDArray mu = gaussian.mu(stats);
    NDArray logVar = gaussian.logVar(stats);
    NDArray latent = gaussian.draw(m, mu, logVar, new Rng(step.seed(config.seed(), 1)));
    return Scalars.over(MatrixLayout.bceSum(decode(latent), x).add(GaussianLatent.kl(mu, logVar)), (float) lossOutputs(batch));
  }

  /** The decoder's Bernoulli log-likelihood of each record (its label row and codes) at z = μ(record). */
  @Override
  public double[] logProbabilities(List<EncodedPatient> patients) {
    return bernoulliLogProbabilities(patients);
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    return (long) batch.size() * ((long) d * h + (long) h * h + (long) h * 2 * z + (long) z * h + (long) h * h + (long) h * d);
  }

  /** Records from the prior: z ~ N(0, I), one decoder pass, every modelled token an independent Bernoulli draw. */
  @Override
  public List<int[][]> sample(int n, Rng rng) {
    if (n == 0) return List.of();
    float[] eps = new float[n * z];
    for (int i = 0; i < eps.length; i++) eps[i] = (float) rng.nextGaussian();
    float[] p;
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      p = Activation.sigmoid(decode(m.create(eps, new Shape(n, z)))).toFloatArray();
    }
    return layout.records(RowDraws.bernoulli(p, n, d, config.sampling(), rng));
  }
}
