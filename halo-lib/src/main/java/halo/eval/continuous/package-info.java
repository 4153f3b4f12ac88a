/** Continuous variables (paper Fig. 4): gaps and labs, R² and Wasserstein distances. */
package halo.eval.continuous;
