/**
 * PromptEHR (Wang &amp; Sun, EMNLP 2022): the generator {@link halo.model.promptehr.PromptEhrModel}
 * (an encoder–decoder transformer with conditional prompts, its network in {@code Seq2Seq}) and its
 * data layer: how a record becomes the token sequence a sequence-to-sequence model reads and writes,
 * the baseline features its prompt featurizers take, and the training corruptions of the paper's §3.3.
 *
 * <ul>
 *   <li>{@link halo.model.promptehr.PromptVocabulary}: the token ids — special tokens, one marker pair
 *       per visit and per modality, then the record vocabulary's codes.
 *   <li>{@link halo.model.promptehr.PromptSequence}: an {@link halo.data.EncodedPatient}'s visits as a
 *       token sequence and back (strict: a malformed sequence is a
 *       {@link halo.model.promptehr.MalformedSequenceException} naming the position), with a length
 *       cap that reports what it drops.
 *   <li>{@link halo.model.promptehr.BaselineFeatures} and {@link halo.model.promptehr.NumericBaseline}:
 *       the categorical and numerical baseline features of Eq. (1)–(2), their schema fitted on the
 *       training split.
 *   <li>{@link halo.model.promptehr.Corruptions} with {@link halo.model.promptehr.CorruptionRates}: token
 *       masking, span infilling (Poisson(3) spans), token deletion and the two shuffles of §3.3, driven
 *       by a seeded {@link halo.model.Rng}, never touching the visit and modality markers.
 * </ul>
 *
 * <p>The data layer is Java types only (no NDArrays, no I/O) and depends on {@code halo.data} and
 * {@link halo.model.Rng}; the model adds the network on DJL and the generator API of {@link halo.model}.
 *
 * <p>References: Z. Wang and J. Sun, "PromptEHR: Conditional Electronic Healthcare Records Generation
 * with Prompt Learning", EMNLP 2022 (§3.2 encoding, §3.3 training); M. Lewis et al., "BART", ACL 2020
 * (text infilling, token deletion).
 */
package halo.model.promptehr;
