/**
 * The generator API and the registry of generators, on DJL (PyTorch engine), with parameters we own
 * as NDArrays and autograd through {@code GradientCollector}. Each generator lives in its own package:
 * {@link halo.model.halo} (HALO and HALO-Coarse), {@link halo.model.lstm}, {@link halo.model.gpt},
 * {@link halo.model.eva}, {@link halo.model.synteg}, {@link halo.model.promptehr}, {@link halo.model.matrix} (the generators of the patient × code matrix); what several share
 * (the visit-model base classes, the transformer, the LSTM) is in {@link halo.model.blocks}. Here: the interface every generator
 * implements and the capability types, the registry ({@link halo.model.ModelKind}), configs, parameters
 * ({@link halo.model.Params}), batches ({@link halo.model.RowBatch}) and the seeded {@link
 * halo.model.Rng}. The generator packages depend on this one, and this one names them in one place
 * only: the registry's entries.
 *
 * <p><b>Configs</b> are validated records per concern, composed by {@link halo.model.HaloConfig}
 * (smoke / cpu / paper presets per model kind): {@link halo.model.ModelShape} (kind and shared sizes,
 * plus the kind's own sizes as one typed extra), {@link halo.model.Training} (with a GAN phase for the
 * kinds that train one) and {@link halo.model.Sampling}; each is copied with a builder ({@code
 * c.withModel(s -> s.layers(4))}). What is particular to a kind (its own sizes, its presets, whether it
 * trains a GAN, what its context counts) is its {@link halo.model.ModelKind.Traits}, declared by the
 * model class. Vocabulary sizes always come from the data. No I/O here.
 *
 * <p><b>Adding a generator</b>: a package with its model class (a {@link halo.model.GenerativeModel}
 * that implements the capability types it can honour, with a public constructor {@code (HaloConfig,
 * Vocabulary)} and its {@code TRAITS}), a package-info, and one entry in {@link halo.model.ModelKind}.
 * Checkpoints, the trainer, the CLI ({@code --model}) and the experiments take it from there; an
 * experiment that should include it lists it ({@code halo.experiment.Models.ALL}).
 *
 * <p><b>Generators by capability.</b> Every model is a {@link halo.model.GenerativeModel}: its training
 * objectives and their losses, its parameters and config (a checkpoint), and whole unconditional
 * records. What only some can do is a capability type the model implements when it can, and callers
 * test with {@code instanceof} ({@link halo.model.Capabilities}); {@link halo.model.ModelKind} is the
 * registry of kinds and their classes.
 *
 * <table>
 *   <caption>Which model has which capability</caption>
 *   <tr><th>capability</th><th>HALO</th><th>Coarse</th><th>LSTM</th><th>GPT</th><th>EVA</th><th>SynTEG</th><th>PromptEHR</th><th>VAE</th><th>medGAN</th><th>CorGAN</th><th>DDPM</th><th>text GPT</th></tr>
 *   <tr><td>{@link halo.model.VisitProbabilities} (language-model metrics)</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link halo.model.RecordLikelihood} (likelihood attack)</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes*</td><td>yes*</td><td>yes</td><td>yes*</td><td>no</td><td>no</td><td>no</td><td>yes*</td></tr>
 *   <tr><td>{@link halo.model.LabelConditioning}</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>yes</td></tr>
 *   <tr><td>{@link halo.model.PrefixContinuation}</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link halo.model.RowSampling}</td><td>yes</td><td>yes</td><td>yes</td><td>no</td><td>no</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link halo.model.Imputation}</td><td>yes (next visit)</td><td>yes</td><td>yes</td><td>yes (next visit)</td><td>no</td><td>yes (next visit)</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link halo.model.ImputationLikelihood} (lpl, mpl)</td><td>no</td><td>no</td><td>no</td><td>yes</td><td>no</td><td>no</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>no</td></tr>
 *   <tr><td>{@link halo.model.TopKSampling} (temperature: every model)</td><td>no</td><td>no</td><td>no</td><td>yes</td><td>no</td><td>no</td><td>yes</td><td>no</td><td>no</td><td>no</td><td>no</td><td>yes</td></tr>
 * </table>
 *
 * <p>Why: GPT's probabilities are over the next token of a flat sequence, not per code of a visit, and
 * its session feeds tokens, not rows. EVA draws whole records from a latent prior, so nothing can be
 * forced before its latent code is drawn, and its decoder reads the whole record through the encoder.
 * SynTEG samples visits from a GAN, whose probabilities depend on the noise. PromptEHR decodes each
 * visit as tokens from a softmax given the labels' prompts and the visits before it: a categorical
 * distribution per position, which its imputation perplexities need, but no per-code visit
 * probabilities and no row-by-row session. The VAE, like EVA, draws a whole record (its one binary
 * vector) from a latent prior, medGAN and CorGAN from GAN noise, which also gives them no likelihood, and the DDPM
 * from its diffusion prior (its likelihood is a bound, not offered). The text GPT writes a record as
 * a sentence: it can be given the label clause, but the paper's sentence has no visits to continue,
 * and its probabilities are over subword tokens. (*) EVA's, SynTEG's and the VAE's record likelihoods
 * are surrogates (the decoder at the posterior mean; the dependency model), the text GPT's a lower
 * bound (the sentence's canonical tokens), see
 * {@link halo.model.RecordLikelihood}. Imputation: every row model samples the next visit given a
 * history exactly; a modality given the rest of its visit is exact only for HALO-Coarse and the LSTM,
 * whose codes within a visit are independent given the history (HALO's head conditions a code on the
 * codes before it in the vocabulary's random order only; SynTEG draws a visit jointly from GAN noise),
 * see {@link halo.model.blocks.RowImputation}. Imputation likelihood (PromptEHR's lpl and mpl) needs a
 * categorical distribution over which code comes, which GPT (a next-token softmax: PromptEHR's GPT-2 baseline) and PromptEHR define. The models share their implementation through the base classes
 * of {@link halo.model.blocks}: {@code VisitModel} (batches, the masked BCE, parameters) and {@code
 * AutoregressiveModel} (sampling after a forced prefix through a session: the six that condition;
 * {@code TokenSequenceModel}: GPT and the text GPT, one token per step).
 *
 * <p>Devices: every model allocates on the engine's default device, which is the GPU when one is
 * present and the CUDA natives are on the class path (build with {@code mvn -Pcuda}, see the parent
 * pom and environment/GPU.md); otherwise the CPU.
 *
 * <p>Where speed comes from: visits stay sparse (multi-hot rows as COO matrices built from the index
 * lists, so embedding a row sums the weight rows of its tokens); the transformer runs over packed
 * records and only over the rows a prediction reads ({@link halo.model.PackedRows}); only the predicted
 * rows go through the head, and HALO's head multiplies only its live, block-triangular weights
 * ({@link halo.model.halo.HeadBlocks}), Adam updating only those. Sampling caches keys and values, lets each
 * record advance to its own next sampled token, drops finished records, and for HALO computes one head
 * pass per row instead of one per sampled token: later draws are decided by a bound on how far the
 * logits moved, an exact logit computed only near the threshold ({@link halo.model.halo.CodeSampler}).
 */
package halo.model;
