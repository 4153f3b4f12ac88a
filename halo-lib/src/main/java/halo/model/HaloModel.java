package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.data.Vocabulary;
import java.util.Arrays;

/**
 * HALO (protocol Part B §2.1–2.2): the visit transformer plus the code-level autoregressive head. The
 * head takes [h_{t−1}; x_t] (D = E + V inputs), applies two square masked linear layers (weights in
 * (out, in) layout times an inclusive lower-triangular mask, so output o sees inputs 0..o; biases;
 * ReLU between; init U(±1/√D)) and keeps outputs E−1 .. E+V−2 as the V logits: the logit of token c
 * sees all of h and tokens 0..c−1 of its own row, never c itself.
 *
 * <p>Fast path, same outputs as the dense definition: the mask is applied once per step; the x_t part
 * of layer 1 is a sparse × dense product (sum of the masked weight columns of the present tokens); of
 * layer 2 only the V kept output rows are computed. Sampling keeps layer 1's pre-activation and adds
 * one masked column per sampled token (a rank-1 update).
 *
 * <p>Legend: N predicted rows, E embedding, V vocabulary, D = E + V.
 */
public final class HaloModel extends TransformerModel {
  private final int d;
  private final NDArray mask1; // [D, D] inclusive lower-triangular
  private final NDArray mask2; // [V, D] rows E-1..E+V-2 of the same mask

  HaloModel(HaloConfig config, Vocabulary vocabulary) {
    this(config, vocabulary, new Rng(config.seed()));
  }

  private HaloModel(HaloConfig config, Vocabulary vocabulary, Rng rng) {
    super(config, vocabulary, rng);
    d = e + v;
    double bound = 1 / Math.sqrt(d);
    params.add("head1.w", new Shape(d, d), Params.uniform(rng, (long) d * d, bound));
    params.add("head1.b", new Shape(d), Params.uniform(rng, d, bound));
    params.add("head2.w", new Shape(d, d), Params.uniform(rng, (long) d * d, bound));
    params.add("head2.b", new Shape(d), Params.uniform(rng, d, bound));
    float[] m = new float[d * d];
    for (int o = 0; o < d; o++) Arrays.fill(m, o * d, o * d + o + 1, 1f);
    mask1 = manager.create(m, new Shape(d, d));
    mask2 = mask1.get(new NDIndex("{}:{}, :", e - 1, e - 1 + v));
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    NDArray hp = previousHidden(m, batch); // [N, E]
    NDArray w1 = params.get("head1.w").mul(mask1); // [D, D] (out, in)
    NDArray a1 = hp.matMul(w1.get(new NDIndex(":, 0:{}", e)).transpose()) // [N,E]x[E,D]
        .add(batch.targets(m).matMul(w1.get(new NDIndex(":, {}:", e)).transpose())) // [N,V]x[V,D], sparse
        .add(params.get("head1.b"));
    NDArray w2 = params.get("head2.w").get(new NDIndex("{}:{}, :", e - 1, e - 1 + v)).mul(mask2); // [V, D]
    NDArray b2 = params.get("head2.b").get(new NDIndex("{}:{}", e - 1, e - 1 + v));
    return ai.djl.nn.Activation.relu(a1).matMul(w2.transpose()).add(b2); // [N, V]
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    return transformerMacs(batch) + (long) batch.predictedRows() * ((long) e * d + (long) d * v);
  }

  @Override
  protected NDList inferenceWeights(NDManager m) {
    NDArray w1 = params.get("head1.w").mul(mask1);
    NDArray w1h = w1.get(new NDIndex(":, 0:{}", e)).transpose().duplicate(); // [E, D]
    NDArray w1x = w1.get(new NDIndex(":, {}:", e)).transpose().duplicate(); // [V, D]: row c = masked column E+c
    NDArray w2 = params.get("head2.w").get(new NDIndex("{}:{}, :", e - 1, e - 1 + v)).mul(mask2).transpose().duplicate(); // [D, V]
    NDArray b2 = params.get("head2.b").get(new NDIndex("{}:{}", e - 1, e - 1 + v));
    NDArray b1 = params.get("head1.b").duplicate();
    return new NDList(w1h, w1x, b1, w2, b2);
  }

  @Override
  protected float[] rowProbabilities(NDManager m, NDArray h, int[][] rows, NDList w) {
    NDArray a1 = h.matMul(w.get(0)).add(w.get(2)).add(sparse(m, rows).matMul(w.get(1))); // [n,D]
    return ai.djl.nn.Activation.sigmoid(ai.djl.nn.Activation.relu(a1).matMul(w.get(3)).add(w.get(4))).toFloatArray();
  }

  /**
   * Exact ancestral sampling of one row per record, in vocabulary order, each record advancing to its
   * own next sampled token: one head pass gives p for all tokens given the row so far; the record's
   * Bernoulli draws are made in order from its position until the first success J (the draws before J
   * are its zeros); J is set, layer 1's pre-activation gains masked column E+J, and the record moves to
   * J+1. A record whose draws all fail has finished its row and leaves the pass batch.
   */
  @Override
  protected int[][] sampleRows(NDManager m, NDArray h, Rng rng, NDList w) {
    int n = Math.toIntExact(h.getShape().get(0));
    NDArray w1h = w.get(0), w1x = w.get(1), b1 = w.get(2), w2 = w.get(3), b2 = w.get(4);
    int[][] rows = new int[n][];
    int[] count = new int[n];
    int[][] buf = new int[n][8];
    int[] pos = new int[n];
    int[] active = new int[n];
    for (int i = 0; i < n; i++) active[i] = i;
    int na = n;
    NDArray a1 = h.matMul(w1h).add(b1); // [n, D]
    while (na > 0) {
      float[] p = ai.djl.nn.Activation.sigmoid(ai.djl.nn.Activation.relu(a1).matMul(w2).add(b2)).toFloatArray(); // [na, V]
      int[] keep = new int[na];
      long[] picked = new long[na];
      int nk = 0;
      for (int r = 0; r < na; r++) {
        int rec = active[r];
        int base = r * v;
        int j = -1;
        for (int c = pos[rec]; c < v; c++) {
          if (rng.nextFloat() < p[base + c]) {
            j = c;
            break;
          }
        }
        if (j < 0) continue;
        if (count[rec] == buf[rec].length) buf[rec] = Arrays.copyOf(buf[rec], 2 * count[rec]);
        buf[rec][count[rec]++] = j;
        pos[rec] = j + 1;
        if (j + 1 < v) {
          keep[nk] = r;
          picked[nk++] = j;
        }
      }
      int[] nextActive = new int[nk];
      for (int i = 0; i < nk; i++) nextActive[i] = active[keep[i]];
      NDArray old = a1;
      if (nk > 0) {
        NDArray rowsKept = nk == na ? a1 : a1.get(new NDIndex("{}", index(m, Arrays.copyOf(keep, nk))));
        a1 = rowsKept.add(w1x.get(new NDIndex("{}", m.create(Arrays.copyOf(picked, nk))))); // rank-1 update per record
        if (rowsKept != old) rowsKept.close();
      }
      old.close();
      active = nextActive;
      na = nk;
    }
    for (int i = 0; i < n; i++) rows[i] = Arrays.copyOf(buf[i], count[i]);
    return rows;
  }
}
