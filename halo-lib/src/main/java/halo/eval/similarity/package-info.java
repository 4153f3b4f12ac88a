/** Statistical similarity (paper Fig. 3, Tables 2-3): code-probability counts, R²/Pearson/Spearman, shape statistics, dimension-wise correlation. */
package halo.eval.similarity;
