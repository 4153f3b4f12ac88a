package halo.eval.lm;

/**
 * Teacher-forced scores of one record under a {@link halo.model.VisitProbabilities} (Part B §4.1),
 * summed over its predicted rows (the label row and every visit row, all V outputs of each):
 *
 * @param logLikelihood Σ log|y - 1 + p| (log p where y = 1, log(1-p) where y = 0), unclamped
 * @param bce Σ binary cross-entropy with each log term clamped at -100, as PyTorch's BCELoss
 * @param rows predicted rows (1 + visits)
 * @param positives target tokens equal to 1 (codes, labels and the end token)
 * @param truePositives outputs with p &gt; 0.5 and y = 1 (the authors' np.around, 0.5 rounds to 0)
 * @param falsePositives outputs with p &gt; 0.5 and y = 0
 * @param falseNegatives outputs with p &le; 0.5 and y = 1
 */
public record RecordScore(String id, double logLikelihood, double bce, int rows, int positives, long truePositives,
    long falsePositives, long falseNegatives) {}
