/** Metric families (language modelling, similarity, utility, continuous variables, privacy); each returns Tablesaw tables. */
package halo.eval;
