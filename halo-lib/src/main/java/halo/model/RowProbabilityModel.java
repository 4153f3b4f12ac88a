package halo.model;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.List;

/**
 * What every visit-level model (HALO, HALO-Coarse, LSTM, ...) offers evaluation: for each record, the
 * probability that each token is present in each predicted row, given everything before it (teacher
 * forcing). The predicted rows are those of {@link halo.data.RecordLayout}: the label row, then each
 * visit (the last visit row also predicts the end token).
 */
public interface RowProbabilityModel {
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
