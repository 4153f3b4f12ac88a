package halo.model;

/**
 * Capability: the model draws each token from a softmax over its vocabulary (GPT's next token,
 * PromptEHR's next token under its grammar), so {@link Sampling#topK()} — keep the k most probable
 * tokens of each draw — is defined. A model that draws every code as its own Bernoulli (HALO and the
 * other row models, EVA) has no competing tokens to rank and refuses top-k; temperature applies to
 * every model. A marker: the model reads {@link HaloConfig#sampling()} itself.
 */
public interface TopKSampling {}
