package halo.model;

import java.util.List;

/**
 * Capability: continuing records after a given prefix (its start row, label row and first visits),
 * as {@code ./halo generate --continue} does. HALO, HALO-Coarse, the LSTM, GPT and SynTEG have it
 * (they sample each row given the rows before it), and PromptEHR (each visit decoded given the
 * visits before it); EVA does not (whole records from its prior).
 */
public interface PrefixContinuation {
  /**
   * Each record's full rows: its prefix (start row first, then optionally the label row and real
   * visits), then sampled rows up to and including the first visit row holding the end token, or
   * until the context is full.
   */
  List<int[][]> continueRecords(List<int[][]> prefixes, Rng rng);
}
