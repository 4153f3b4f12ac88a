/**
 * Metric families (language modelling, similarity, utility, continuous variables, privacy); each returns
 * Tablesaw tables. {@link halo.eval.EvaluationSuite} wires them once, at the paper's sizes, for both
 * {@code ./halo evaluate} and the experiments of {@code halo.experiment}.
 */
package halo.eval;
