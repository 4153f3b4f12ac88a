package halo.train;

/**
 * Where a training run stands, stored in every checkpoint so that a resumed run continues exactly.
 *
 * @param step optimizer steps done
 * @param epoch current epoch (0-based)
 * @param batchInEpoch batches of the current epoch already done
 * @param epochRng state of the shuffle generator before drawing this epoch's permutation
 * @param bestValidation best validation BCE so far (NaN when none yet)
 * @param badValidations validations since the last improvement
 * @param lastValidationStep step of the last validation (-1 none)
 */
public record TrainState(long step, int epoch, int batchInEpoch, long epochRng, double bestValidation, int badValidations, long lastValidationStep) {
  public static TrainState start(long seed) {
    return new TrainState(0, 0, 0, seed, Double.NaN, 0, -1);
  }
}
