package halo.model;

import java.util.List;

/**
 * Capability: sampling records whose label row is given (protocol Part B §3.4: conditional
 * generation, rare-disease augmentation). HALO, HALO-Coarse, the LSTM, GPT and SynTEG have it: they
 * sample a record row by row (GPT token by token), so a label row can be forced before the visits;
 * PromptEHR too, its labels entering as the prompts of every visit it decodes.
 * EVA does not: it draws whole records, label row included, from its latent prior.
 */
public interface LabelConditioning {
  /**
   * One record per given label row (label tokens, sorted): its rows, the start row first, then the
   * given label row, then the sampled visits up to the one holding the end token or the context.
   */
  List<int[][]> sampleWithLabelRows(List<int[]> labelRows, Rng rng);
}
