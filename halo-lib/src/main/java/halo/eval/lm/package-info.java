/** Language-modelling metrics (paper Table 1): teacher-forced BCE, micro P/R/F1, perplexities; per-record log-likelihood. */
package halo.eval.lm;
