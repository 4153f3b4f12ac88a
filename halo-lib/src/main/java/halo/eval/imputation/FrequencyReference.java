package halo.eval.imputation;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.ImputationLikelihood;
import java.util.ArrayList;
import java.util.List;

/**
 * The reference row of the imputation-perplexity table: a "model" that knows only how often each code
 * occurs in the training split, log p(c) = log(n_c / n_k) over the codes of c's modality k (add-one
 * smoothed), whatever the history or the rest of the visit — so its lpl equals its mpl, and a model
 * that uses its context should score below it.
 */
public final class FrequencyReference implements ImputationLikelihood {
  /** The row's name in the table. */
  public static final String NAME = "training frequencies (no context)";

  private final List<CodeKind> kinds;
  private final int[] kindOf;
  private final double[] logp;

  public FrequencyReference(Vocabulary v, EncodedCohort train) {
    kinds = v.kinds();
    kindOf = new int[v.codeCount()];
    for (int c = 0; c < kindOf.length; c++) kindOf[c] = kinds.indexOf(v.code(c).kind());
    long[] count = new long[v.codeCount()];
    long[] total = new long[kinds.size()];
    for (int c = 0; c < count.length; c++) {
      count[c] = 1;
      total[kindOf[c]]++;
    }
    for (EncodedPatient p : train.patients()) {
      for (int[] visit : p.visits()) {
        for (int c : visit) {
          count[c]++;
          total[kindOf[c]]++;
        }
      }
    }
    logp = new double[count.length];
    for (int c = 0; c < count.length; c++) logp[c] = Math.log((double) count[c] / total[kindOf[c]]);
  }

  @Override
  public List<CodeKind> modalities() {
    return kinds;
  }

  @Override
  public List<Terms> longitudinal(List<EncodedPatient> records) {
    List<Terms> out = new ArrayList<>(records.size());
    for (EncodedPatient p : records) {
      double[][] lp = new double[p.visitCount()][kinds.size()];
      int[][] n = new int[p.visitCount()][kinds.size()];
      for (int t = 0; t < p.visitCount(); t++) {
        for (int c : p.visits()[t]) {
          lp[t][kindOf[c]] += logp[c];
          n[t][kindOf[c]]++;
        }
      }
      out.add(new Terms(lp, n));
    }
    return out;
  }

  @Override
  public List<Terms> crossModality(List<EncodedPatient> records) {
    return longitudinal(records);
  }
}
