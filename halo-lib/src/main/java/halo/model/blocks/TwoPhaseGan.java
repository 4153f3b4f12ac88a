package halo.model.blocks;

import halo.model.GenerativeModel;
import java.util.List;

/**
 * A model trained in two phases (SynTEG, medGAN, CorGAN): its first objective alone for {@code
 * config().training().epochs()} epochs, validated (SynTEG's dependency model, the matrix GANs'
 * autoencoder), then a GAN's critic and generator, one step each per batch in that order, for the GAN
 * phase's epochs ({@link halo.model.Training#gan()}), not validated: the trainer keeps the newest
 * parameters as the best there.
 */
public interface TwoPhaseGan extends GenerativeModel {
  /** The objective of the first phase. */
  Objective firstPhase();

  /** The critic's (discriminator's) objective of the GAN phase. */
  Objective critic();

  /** The generator's objective of the GAN phase. */
  Objective generator();

  @Override
  default List<Objective> objectives(int epoch) {
    return epoch < config().training().epochs() ? List.of(firstPhase()) : List.of(critic(), generator());
  }

  @Override
  default int totalEpochs() {
    return config().training().epochs() + config().training().gan().epochs();
  }

  @Override
  default boolean validates(int epoch) {
    return epoch < config().training().epochs();
  }
}
