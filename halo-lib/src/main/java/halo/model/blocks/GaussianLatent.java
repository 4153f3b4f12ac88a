package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.model.Rng;

/**
 * The diagonal-Gaussian latent of the variational autoencoders (EVA, the matrix VAE): an encoder's
 * output [B, 2Z] read as μ (first Z) and log σ², its KL divergence from N(0, I), and the
 * reparameterised draw z = μ + σ·ε with ε drawn in Java (so a step's noise is fixed by its seed).
 *
 * @param z the latent size Z
 */
public record GaussianLatent(int z) {
  /** μ, [B, Z]. */
  public NDArray mu(NDArray stats) {
    return stats.get(new NDIndex(":, :{}", z));
  }

  /** log σ², [B, Z]. */
  public NDArray logVar(NDArray stats) {
    return stats.get(new NDIndex(":, {}:", z));
  }

  /** Σ over records of KL(N(μ, σ²) ‖ N(0, I)) = ½ Σ (σ² + μ² − 1 − log σ²), a scalar. */
  public static NDArray kl(NDArray mu, NDArray logVar) {
    return Scalars.times(logVar.exp().add(mu.mul(mu)).sub(1f).sub(logVar).sum(), 0.5f);
  }

  /** z = μ + σ·ε, ε ~ N(0, I) drawn from {@code rng} record by record, [B, Z]. */
  public NDArray draw(NDManager m, NDArray mu, NDArray logVar, Rng rng) {
    long b = mu.getShape().get(0);
    float[] eps = new float[(int) b * z];
    for (int i = 0; i < eps.length; i++) eps[i] = (float) rng.nextGaussian();
    return mu.add(Scalars.times(logVar, 0.5f).exp().mul(m.create(eps, new Shape(b, z))));
  }
}
