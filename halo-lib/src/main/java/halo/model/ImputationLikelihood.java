package halo.model;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import java.util.List;

/**
 * Capability: the terms of PromptEHR's two imputation perplexities (Eq. 6–8 of Wang &amp; Sun 2022),
 * teacher forced on real records: for every visit t and modality k, the summed natural-log
 * probability of the visit's codes of modality k and their number, given
 *
 * <ul>
 *   <li>{@link #longitudinal}: the earlier visits (and the labels) only — lpl's terms;
 *   <li>{@link #crossModality}: the earlier visits, the labels and the visit's codes of the other
 *       modalities — mpl's terms.
 * </ul>
 *
 * Both are probabilities of which code comes, over the modality's codes (a categorical distribution
 * per position, as a decoder with a softmax defines it), so they are defined only for models with such
 * a distribution (PromptEHR). HALO, HALO-Coarse and the LSTM give each code an independent presence
 * probability: the same words would name another quantity, so they do not offer this (their own
 * perplexities are in the language-modelling experiment). A visit without codes of modality k
 * contributes nothing for k.
 */
public interface ImputationLikelihood {
  /** The modalities the terms are indexed by (the model's, in {@link halo.data.CodeKind} order). */
  List<CodeKind> modalities();

  /** Per-visit, per-modality terms of one record: {@code logProbability[t][k]} over {@code tokens[t][k]} codes. */
  record Terms(double[][] logProbability, int[][] tokens) {}

  /** lpl's terms of each record: visit t's codes of each modality given visits before t. */
  List<Terms> longitudinal(List<EncodedPatient> records);

  /** mpl's terms of each record: visit t's codes of modality k given its other modalities and the visits before t. */
  List<Terms> crossModality(List<EncodedPatient> records);
}
