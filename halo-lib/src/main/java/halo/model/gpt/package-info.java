/**
 * The GPT baseline (protocol Part B §2.6): {@link halo.model.gpt.GptModel}, a transformer over each
 * record as one flat token sequence ({@link halo.model.gpt.FlatSequence}) with a next-token softmax;
 * its context counts tokens, not rows.
 */
package halo.model.gpt;
