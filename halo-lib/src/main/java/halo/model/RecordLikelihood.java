package halo.model;

import halo.data.EncodedPatient;
import java.util.List;

/**
 * Capability: a log-likelihood score of whole records, the input of the membership attack on models
 * without per-code visit probabilities ({@code MembershipInference.modelAttack}).
 *
 * <p>Exact log P(record) for HALO, HALO-Coarse and the LSTM (the sum over predicted rows of log p
 * for present tokens and log(1 − p) for absent ones) and for GPT (the sum of its flat tokens'
 * log-probabilities; a record over the token cap is scored on the part that fits) and PromptEHR (its
 * label row's, each visit's given the visits before it and the end's, per the softmaxes of its
 * grammar; each visit's history is the part that fits its encoder). For the two models
 * without a tractable likelihood it is the score the attack uses in their place: EVA's decoder
 * log-likelihood of the record at the posterior mean z = μ(record) (the ELBO's reconstruction term,
 * without the KL), and SynTEG's dependency model's visit probabilities (its visits are sampled by
 * the GAN).
 */
public interface RecordLikelihood {
  /** The score of each record; records longer than the context are scored on their most recent visits. */
  double[] logProbabilities(List<EncodedPatient> patients);
}
