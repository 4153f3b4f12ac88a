package halo.model.blocks;

import halo.data.EncodedPatient;
import halo.model.RecordLikelihood;
import halo.model.VisitProbabilities;
import java.util.List;

/**
 * The per-code visit probabilities and record likelihood of the models whose logits are those of
 * per-code Bernoullis given the history and the earlier codes of the row (HALO, HALO-Coarse, the
 * LSTM): σ(logits) and the Bernoulli log-likelihood, computed once in {@link VisitModel}. Only a
 * {@link VisitModel} implements it.
 */
public interface BernoulliVisits extends VisitProbabilities, RecordLikelihood {
  @Override
  default List<float[][]> rowProbabilities(List<EncodedPatient> patients) {
    return model().sigmoidRowProbabilities(patients);
  }

  @Override
  default double[] logProbabilities(List<EncodedPatient> patients) {
    return model().bernoulliLogProbabilities(patients);
  }

  private VisitModel model() {
    return (VisitModel) this;
  }
}
