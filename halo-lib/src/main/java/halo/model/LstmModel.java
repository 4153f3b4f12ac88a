package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.data.Vocabulary;

/**
 * The LSTM baseline (protocol Part B §2.6): visit embedding V→E without bias, a multi-layer
 * unidirectional LSTM with E units (PyTorch's nn.LSTM: gates i, f, g, o; biases b_ih and b_hh; init
 * U(±1/√E)), and a linear E→V output with bias. Tokens of a row are independent given the history.
 *
 * <p>Legend: B records, T rows, N predicted rows, E embedding = hidden size, V vocabulary.
 */
public final class LstmModel extends VisitModel {
  private final int e;
  private final int v;

  LstmModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary);
    Rng rng = new Rng(config.seed());
    e = config.embedding();
    v = vocabulary.size();
    double k = 1 / Math.sqrt(e);
    params.add("wte", new Shape(v, e), Params.uniform(rng, (long) v * e, 1 / Math.sqrt(v)));
    for (int l = 0; l < config.layers(); l++) {
      params.add("lstm" + l + ".w_ih", new Shape(4L * e, e), Params.uniform(rng, 4L * e * e, k));
      params.add("lstm" + l + ".w_hh", new Shape(4L * e, e), Params.uniform(rng, 4L * e * e, k));
      params.add("lstm" + l + ".b_ih", new Shape(4L * e), Params.uniform(rng, 4L * e, k));
      params.add("lstm" + l + ".b_hh", new Shape(4L * e), Params.uniform(rng, 4L * e, k));
    }
    params.add("out.w", new Shape(v, e), Params.uniform(rng, (long) v * e, k));
    params.add("out.b", new Shape(v), Params.uniform(rng, v, k));
  }

  private NDList lstmParams() {
    NDList p = new NDList();
    for (int l = 0; l < config.layers(); l++) {
      for (String s : new String[] {"w_ih", "w_hh", "b_ih", "b_hh"}) p.add(params.get("lstm" + l + "." + s));
    }
    return p;
  }

  /** LSTM over x [B, T, E] from states (h, c), each [layers, B, E]; returns output [B,T,E], h, c. */
  private NDList run(NDArray x, NDArray h0, NDArray c0) {
    return x.getNDArrayInternal().lstm(x, new NDList(h0, c0), lstmParams(), true, config.layers(), 0, false, false, true);
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    int b = batch.size();
    int t = batch.rowCount();
    NDArray x = batch.inputs(m).matMul(params.get("wte")).reshape(b, t, e); // [B*T,V]x[V,E] -> [B,T,E]
    NDArray zeros = m.zeros(new Shape(config.layers(), b, e));
    NDArray out = run(x, zeros, zeros).get(0).reshape(-1, e); // [B*T, E]
    NDArray hp = out.get(new NDIndex("{}", batch.previousRows(m))); // [N, E]
    return hp.matMul(params.get("out.w").transpose()).add(params.get("out.b"));
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    long rows = (long) batch.size() * batch.rowCount();
    return config.layers() * rows * 8L * e * e + (long) batch.predictedRows() * e * v;
  }

  @Override
  public Sampling openSampling(int n) {
    return new StateSampling(n);
  }

  private final class StateSampling implements Sampling {
    private final NDManager m = manager.newSubManager();
    private final NDArray outT;
    private NDArray h;
    private NDArray c;
    private NDArray last;
    private int n;

    StateSampling(int n) {
      this.n = n;
      outT = params.get("out.w").transpose().duplicate();
      outT.attach(m);
      NDScope.unregister(outT);
      h = own(m.zeros(new Shape(config.layers(), n, e)));
      c = own(m.zeros(new Shape(config.layers(), n, e)));
    }

    private NDArray own(NDArray a) {
      NDScope.unregister(a);
      a.attach(m);
      return a;
    }

    @Override
    public void feed(int[][] rows) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray x = TransformerModel.sparseRows(step, rows, v).matMul(params.get("wte")).reshape(n, 1, e);
        NDList r = run(x, h, c);
        swap(own(r.get(0).reshape(n, e)), own(r.get(1)), own(r.get(2)));
      }
    }

    private void swap(NDArray newLast, NDArray newH, NDArray newC) {
      if (last != null) last.close();
      h.close();
      c.close();
      last = newLast;
      h = newH;
      c = newC;
    }

    @Override
    public int[][] sample(int[] records, Rng rng) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray hs = records.length == n ? last : last.get(new NDIndex("{}", TransformerModel.index(step, records)));
        float[] p = ai.djl.nn.Activation.sigmoid(hs.matMul(outT).add(params.get("out.b"))).toFloatArray();
        return TransformerModel.bernoulliRows(p, records.length, v, rng);
      }
    }

    @Override
    public float[][] probabilities(int[][] rows) {
      try (NDScope scope = new NDScope()) {
        float[] p = ai.djl.nn.Activation.sigmoid(last.matMul(outT).add(params.get("out.b"))).toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = java.util.Arrays.copyOfRange(p, i * v, (i + 1) * v);
        return out;
      }
    }

    @Override
    public void keep(int[] records) {
      if (records.length == n) return;
      try (NDScope scope = new NDScope()) {
        NDArray idx = TransformerModel.index(m, records);
        swap(own(last.get(new NDIndex("{}", idx))), own(h.get(new NDIndex(":, {}", idx))), own(c.get(new NDIndex(":, {}", idx))));
      }
      n = records.length;
    }

    @Override
    public void close() {
      m.close();
    }
  }
}
