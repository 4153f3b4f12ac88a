package halo.model.promptehr;

/**
 * How strongly {@link Corruptions#corrupt} perturbs an encoder input (paper §3.3, X̃ ∼ q(X) in Eq. (3)).
 *
 * <p>The paper names the corruptions — "token mask, infill, and deletion" with span lengths ∼ Poisson(3),
 * and "span shuffle and permutation": shuffling the codes within a visit and the modality order within
 * a visit — but gives no rates. The defaults ({@link #paper()}) are the authors' released code's
 * (RyanWangZf/PromptEHR, {@code MimicDataCollator}): {@code mlm_prob = 0.15}, {@code lambda_poisson =
 * 3.0}, {@code del_prob = 0.15}, codes of every modality block drawn in random order. Where that code
 * differs from the paper or from this layout, we follow the paper and say so:
 *
 * <ul>
 *   <li>{@code infill}: the authors pick one modality per batch and infill one span in each of its
 *       blocks, so about 1/K of blocks with their K = 3; here each block is infilled independently with
 *       probability 1/3, the same expected share, whatever the number of modalities;
 *   <li>{@code mask}: 0.15 is their {@code mlm_prob} (BERT's rate); their training path defines it but
 *       only infills, so token masking here is an addition the paper's "token mask" asks for;
 *   <li>{@code delete}: 0.15 per code, their {@code del_prob} (they delete or replace, half each, in the
 *       blocks not infilled; random replacement is not in the paper and is not done here);
 *   <li>{@code shuffleModalities}: 1, as the paper says (their code shuffles a copy of the modality list
 *       but iterates the original, so it never took effect there).
 * </ul>
 *
 * @param mask probability that a code token becomes {@code <mask>} (one for one)
 * @param infill probability that a modality block gets one infilled span
 * @param lambda mean of the Poisson span length of infilling
 * @param delete probability that a code token is deleted
 * @param shuffleCodes probability that the codes of a modality block are put in random order
 * @param shuffleModalities probability that the modality blocks of a visit are put in random order
 */
public record CorruptionRates(double mask, double infill, double lambda, double delete, double shuffleCodes, double shuffleModalities) {
  public CorruptionRates {
    probability("mask", mask);
    probability("infill", infill);
    probability("delete", delete);
    probability("shuffleCodes", shuffleCodes);
    probability("shuffleModalities", shuffleModalities);
    // Knuth's sampler multiplies uniforms down to e^-lambda: fine for span lengths, not for lambda in the hundreds
    if (!(lambda > 0 && lambda <= 30)) {
      throw new IllegalArgumentException("span length mean lambda must be in (0, 30], got " + lambda + " (the paper uses 3)");
    }
  }

  private static void probability(String name, double p) {
    if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(name + " rate must be in [0, 1], got " + p);
  }

  /** The paper's corruptions at the authors' rates (see the class comment). */
  public static CorruptionRates paper() {
    return new CorruptionRates(0.15, 1.0 / 3, 3.0, 0.15, 1, 1);
  }

  /** No corruption: the encoder input is the target. */
  public static CorruptionRates none() {
    return new CorruptionRates(0, 0, 3.0, 0, 0, 0);
  }

  public CorruptionRates withMask(double p) {
    return new CorruptionRates(p, infill, lambda, delete, shuffleCodes, shuffleModalities);
  }

  public CorruptionRates withInfill(double p) {
    return new CorruptionRates(mask, p, lambda, delete, shuffleCodes, shuffleModalities);
  }

  public CorruptionRates withLambda(double l) {
    return new CorruptionRates(mask, infill, l, delete, shuffleCodes, shuffleModalities);
  }

  public CorruptionRates withDelete(double p) {
    return new CorruptionRates(mask, infill, lambda, p, shuffleCodes, shuffleModalities);
  }

  public CorruptionRates withShuffleCodes(double p) {
    return new CorruptionRates(mask, infill, lambda, delete, p, shuffleModalities);
  }

  public CorruptionRates withShuffleModalities(double p) {
    return new CorruptionRates(mask, infill, lambda, delete, shuffleCodes, p);
  }
}
