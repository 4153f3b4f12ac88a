package halo.model;

/**
 * Capability: a generation session that samples a record one row of the record layout at a time
 * (start row, label row, visits), keeping the recurrent state of a batch of records: a key/value
 * cache (HALO, HALO-Coarse) or LSTM states (the LSTM, SynTEG's dependency model). For exactness tests
 * (the sampled rows against the session's own probabilities) and step-wise generation. GPT has a
 * session over flat tokens, not rows, so it does not offer this; EVA has none (whole records at once).
 */
public interface RowSampling {
  /** Opens a session for {@code n} records (one transformer/LSTM step per fed row); the caller closes it. */
  Session openSampling(int n);

  /**
   * A generation session: the recurrent state of a batch of records that all sit at the same row
   * position.
   */
  interface Session extends AutoCloseable {
    /** Feeds the next row of every record still in the session (sorted token arrays). */
    void feed(int[][] rows);

    /** Samples the next row of the given records (indices into the session), exactly, from the model. */
    int[][] sample(int[] records, Rng rng);

    /**
     * Teacher-forced probabilities [records][V] that the next row of each record equals {@code rows}
     * token by token (P(token = 1 | history, earlier tokens of the row)); for tests and scoring.
     */
    float[][] probabilities(int[][] rows);

    /** Keeps only these records (finished ones leave the batch). */
    void keep(int[] records);

    @Override
    void close();
  }
}
