package halo.model.halo;

import halo.model.Params;
import java.util.Arrays;

/**
 * The block-triangular layout of HALO's code head (protocol Part B §2.2). Both head layers are D × D
 * (D = E + V, weights in (out, in) layout) under an inclusive lower-triangular mask, so about half of
 * their weights are structurally zero. The V kept outputs of layer 2 (rows E−1 .. E+V−2, the logits of
 * tokens 0..V−1) are split into K blocks of tokens [c_k, c_{k+1}); the logits of block k read only the
 * hidden units 0 .. P_k − 1 with P_k = E − 1 + c_{k+1}, and only the last c_{k+1} − c_k − 1 of those
 * columns (the diagonal part) need the mask. So one product per block over its live prefix computes
 * exactly the masked dense product while skipping every all-zero block above the diagonal: the work is
 * Σ_k (c_{k+1} − c_k) · P_k multiply-adds per row instead of V · D, about (E + V/2 + V/(2K)) / D of it.
 *
 * <p>The same blocks give layer 1's live rows (hidden units [0, E), then [E + c_k, E + c_{k+1}), each
 * reading inputs below its block's end) and layer 2's live rows (rows E−1+c_k.., columns below
 * P_k): the rectangles Adam updates ({@link Params#live}); everything outside them has a zero gradient.
 *
 * <p>Legend: E embedding, V vocabulary, D = E + V, K blocks.
 *
 * @param c token block bounds, 0 = c_0 < c_1 < ... < c_K = V
 */
record HeadBlocks(int e, int v, int[] c) {
  /** Tokens per block by default (6 blocks for the default cohort): 6 to 8 blocks measured fastest there, for training and generation. */
  static final int DEFAULT_BLOCK_TOKENS = 224;

  HeadBlocks {
    if (c.length < 2 || c[0] != 0 || c[c.length - 1] != v) throw new IllegalArgumentException("block bounds must run from 0 to V = " + v);
    for (int k = 1; k < c.length; k++) {
      if (c[k] <= c[k - 1]) throw new IllegalArgumentException("block bounds must increase: " + Arrays.toString(c));
    }
  }

  /** K near-equal blocks over V tokens (1 ≤ K ≤ V). */
  static HeadBlocks of(int e, int v, int k) {
    if (k < 1 || k > v) throw new IllegalArgumentException("blocks must be in 1.." + v + ", got " + k);
    int[] c = new int[k + 1];
    for (int i = 0; i <= k; i++) c[i] = (int) ((long) v * i / k);
    return new HeadBlocks(e, v, c);
  }

  /** The default layout: blocks of about {@link #DEFAULT_BLOCK_TOKENS} tokens. */
  static HeadBlocks of(int e, int v) {
    return of(e, v, Math.max(1, Math.min(v, Math.round(v / (float) DEFAULT_BLOCK_TOKENS))));
  }

  int count() {
    return c.length - 1;
  }

  int d() {
    return e + v;
  }

  /** Hidden units (layer-2 inputs) the logits of block k read: 0 .. P_k − 1. */
  int prefix(int k) {
    return e - 1 + c[k + 1];
  }

  /** Rows of layer 2 that hold block k's logits start here: E − 1 + c_k. */
  int row(int k) {
    return e - 1 + c[k];
  }

  /**
   * Mask of block k's weights [c_{k+1} − c_k, P_k], row-major: token c = c_k + r sees hidden units
   * 0 .. E − 1 + c.
   */
  float[] mask(int k) {
    int rows = c[k + 1] - c[k], p = prefix(k);
    float[] m = new float[rows * p];
    for (int r = 0; r < rows; r++) Arrays.fill(m, r * p, r * p + e + c[k] + r, 1f);
    return m;
  }

  /** Useful multiply-adds of layer 2 per row: Σ_c (E + c) (the masked zeros excluded). */
  long layer2Macs() {
    return (long) v * e + (long) v * (v - 1) / 2;
  }

  /** Multiply-adds of layer 2 per row as computed: Σ_k (c_{k+1} − c_k) · P_k. */
  long layer2ComputedMacs() {
    long s = 0;
    for (int k = 0; k < count(); k++) s += (long) (c[k + 1] - c[k]) * prefix(k);
    return s;
  }

  /** Useful multiply-adds of layer 1's history part per row: output o reads min(o + 1, E) history units. */
  long layer1HistoryMacs() {
    return (long) e * d() - (long) e * (e - 1) / 2;
  }

  /** Live rectangles {row0, row1, col0, col1} of layer 1's weight [D, D]: history rows, then one per block. */
  int[][] layer1Live() {
    int[][] r = new int[count() + 1][];
    r[0] = new int[] {0, e, 0, e};
    for (int k = 0; k < count(); k++) r[k + 1] = new int[] {e + c[k], e + c[k + 1], 0, e + c[k + 1]};
    return r;
  }

  /** Live rectangles of layer 2's weight [D, D]: the rows of each block over its prefix. */
  int[][] layer2Live() {
    int[][] r = new int[count()][];
    for (int k = 0; k < count(); k++) r[k] = new int[] {row(k), row(k + 1), 0, prefix(k)};
    return r;
  }
}
