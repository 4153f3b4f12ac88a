package halo.model.blocks;

import halo.model.Rng;
import halo.model.Sampling;
import java.util.Arrays;

/** Drawing rows of tokens from per-token probabilities, shared by the models whose tokens are independent given the history. */
public final class RowDraws {
  private RowDraws() {}

  /**
   * Independent Bernoulli draws of every token from probabilities [n, V] (HALO-Coarse, LSTM, EVA and
   * SynTEG rows), reshaped by the sampling's temperature ({@link Sampling#bernoulli(float)}; {@code p}
   * is changed in place): row r holds the tokens c with a draw below p[r·V + c], drawn in that order.
   */
  public static int[][] bernoulli(float[] p, int n, int v, Sampling sampling, Rng rng) {
    sampling.bernoulli(p);
    int[][] out = new int[n][];
    int[] buf = new int[v];
    for (int r = 0; r < n; r++) {
      int k = 0;
      for (int c = 0; c < v; c++) {
        if (rng.nextFloat() < p[r * v + c]) buf[k++] = c;
      }
      out[r] = Arrays.copyOf(buf, k);
    }
    return out;
  }
}
