package halo.model.blocks;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.model.Imputation;
import halo.model.Rng;
import java.util.List;

/**
 * {@link Imputation} for the models that sample a record row by row ({@link AutoregressiveModel}):
 * the next visit is the row the session samples after the history, exactly as generation would. A
 * modality of a visit given the visit's other codes is exact only where the model's codes within a
 * visit are independent given the history ({@link Independent}: HALO-Coarse, the LSTM). HALO samples
 * a visit's codes one after another in the vocabulary's seeded random order, so a modality given the
 * rest of its visit would need the codes after it as well, which its head does not condition on; SynTEG
 * draws a visit's codes jointly from its GAN's noise. Both offer no modality.
 */
public interface RowImputation extends Imputation {
  @Override
  default List<int[]> imputeNextVisit(List<EncodedPatient> histories, Rng rng) {
    return ((AutoregressiveModel) this).imputeNextRows(histories, rng);
  }

  @Override
  default List<CodeKind> imputableModalities() {
    return List.of();
  }

  @Override
  default List<int[]> imputeModality(List<EncodedPatient> records, CodeKind modality, Rng rng) {
    AutoregressiveModel m = (AutoregressiveModel) this;
    if (!imputableModalities().contains(modality)) throw Imputation.refused(m.config().kind().id(), modality, imputableModalities());
    return m.imputeIndependentCodes(records, modality, rng);
  }

  /** Codes within a visit independent given the history: every modality of the vocabulary is imputed exactly. */
  interface Independent extends RowImputation {
    @Override
    default List<CodeKind> imputableModalities() {
      return ((AutoregressiveModel) this).vocabulary().kinds();
    }
  }
}
