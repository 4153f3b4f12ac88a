package halo.model;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.List;

/**
 * Capability: per-code probabilities of each visit, the input of the language-modelling metrics
 * ({@code halo.eval.lm}) and of the teacher-forced likelihood attack. For each record, the probability
 * that each token is present in each predicted row given everything before it (teacher forcing). The
 * predicted rows are those of {@link halo.data.RecordLayout}: the label row, then each visit (the last
 * visit row also predicts the end token).
 *
 * <p>HALO, HALO-Coarse and the LSTM have it (the three models the paper compares on likelihood). GPT
 * does not (its distributions are over the next token of a flat sequence), nor EVA (its decoder reads
 * the whole record through the encoder), nor SynTEG (its visits come from the GAN, whose probabilities
 * depend on the noise; its dependency head's are not those of its samples).
 */
public interface VisitProbabilities {
  Vocabulary vocabulary();

  /**
   * For each patient of the batch, a {@code [1 + visits][V]} array of P(token = 1): row 0 predicts
   * the label row, row t (t ≥ 1) predicts visit t. Implementations batch internally and return Java
   * arrays (no NDArrays escape).
   */
  List<float[][]> rowProbabilities(List<EncodedPatient> batch);

  /**
   * The most visits of a record the model sees (its context): a longer record is scored on its most
   * recent {@code maxVisits()} visits, as training keeps them. Unlimited by default.
   */
  default int maxVisits() {
    return Integer.MAX_VALUE;
  }
}
