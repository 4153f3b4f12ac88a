package halo.model;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import java.util.List;

/**
 * Capability: filling in part of a real record from the rest of it (PromptEHR §3.4; issue 17), the
 * two tasks {@code ./halo generate --impute} runs and the imputation experiment shows.
 *
 * <ul>
 *   <li><b>Longitudinal</b> ({@link #imputeNextVisit}): the visit after a record's last one, given all
 *       its visits and its labels. Any model that samples a visit given the visits before it defines
 *       this exactly.
 *   <li><b>Cross-modality</b> ({@link #imputeModality}): the codes of one modality (diagnoses, say) of
 *       a record's last visit, given that visit's other codes, the earlier visits and the labels. Only
 *       a model that conditions a modality on the rest of its visit offers a modality:
 *       {@link #imputableModalities()} lists those it samples exactly, and only those are accepted.
 * </ul>
 *
 * Imputed codes are sorted code indices; the codes a task is given are never altered.
 */
public interface Imputation {
  /** Each record's next visit (its codes, sorted; an empty visit when the model ends the record there), given the whole record. */
  List<int[]> imputeNextVisit(List<EncodedPatient> histories, Rng rng);

  /** The modalities {@link #imputeModality} samples exactly, in {@link CodeKind} order; may be empty. */
  List<CodeKind> imputableModalities();

  /**
   * Each record's last visit with its codes of {@code modality} replaced by sampled ones, given the
   * visit's other codes (returned unchanged), the earlier visits and the labels. Sorted codes.
   *
   * @throws IllegalArgumentException when {@code modality} is not one of {@link #imputableModalities()}, or a record has no visit
   */
  List<int[]> imputeModality(List<EncodedPatient> records, CodeKind modality, Rng rng);

  /** The refusal of a modality that {@code model} (its kind's id) cannot impute, naming what it can. */
  static IllegalArgumentException refused(String model, CodeKind modality, List<CodeKind> imputable) {
    return new IllegalArgumentException(model + " cannot impute " + modality.prefix() + " codes given the rest of their visit: it imputes "
        + (imputable.isEmpty() ? "no modality exactly, only the next visit" : imputable.stream().map(CodeKind::prefix).toList() + " exactly, and the next visit"));
  }
}
