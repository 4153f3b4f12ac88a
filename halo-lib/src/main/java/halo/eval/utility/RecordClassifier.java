package halo.eval.utility;

import java.util.List;
import halo.data.EncodedPatient;

/**
 * A binary classifier of records from their codes (labels and special tokens are never inputs).
 * Trained on one set, selected on a validation set, then scores test records with P(positive).
 */
public interface RecordClassifier {
  /** A short name for tables, e.g. "bilstm" or "logistic". */
  String name();

  /**
   * Whether several instances of {@link #fitAndScore} may run at once on different data (true for a
   * pure-Java classifier; false for one that drives a native engine with its own threads).
   */
  default boolean concurrent() {
    return false;
  }

  /** Trains on {@code train} (using {@code validation} for model selection) and scores {@code test}. */
  double[] fitAndScore(LabelledRecords train, LabelledRecords validation, List<EncodedPatient> test, long seed);
}
