/**
 * Imputation metrics (PromptEHR §3.5 and Table 2; issue 17): how well a model fills in part of a real
 * test record from the rest. {@link halo.eval.imputation.ImputationPerplexity}: the paper's lpl and mpl
 * for models with {@link halo.model.ImputationLikelihood}; {@link halo.eval.imputation.ImputationAccuracy}:
 * the imputed codes against the real ones for models with {@link halo.model.Imputation}. A model
 * without the capability a table needs gets a "not applicable" row.
 */
package halo.eval.imputation;
