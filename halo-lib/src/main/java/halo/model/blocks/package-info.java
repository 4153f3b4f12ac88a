/**
 * Building blocks several generators share, public for the generator packages, not an API for users:
 * {@link halo.model.blocks.VisitModel} (the base of the row-layout models: batches, the masked BCE,
 * parameters, sampling whole records), {@link halo.model.blocks.AutoregressiveModel} (sampling after a
 * forced prefix through a session: label conditioning and prefix continuation), {@link
 * halo.model.blocks.TransformerModel} (the pre-LN visit transformer with its key/value-cached sampling
 * session, shared by HALO, HALO-Coarse and GPT), {@link halo.model.blocks.Lstm} and {@link
 * halo.model.blocks.LstmSession} (PyTorch's nn.LSTM and its sampling states: the LSTM baseline, EVA's
 * encoder, SynTEG's dependency model), {@link halo.model.blocks.BernoulliVisits} (per-code
 * probabilities and likelihoods of models with independent per-code Bernoullis), {@link
 * halo.model.blocks.RowDraws}, {@link halo.model.blocks.Losses} and {@link halo.model.blocks.Scalars}.
 */
package halo.model.blocks;
