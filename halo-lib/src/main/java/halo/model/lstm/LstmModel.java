package halo.model.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.MultiHot;
import halo.model.Params;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.blocks.AutoregressiveModel;
import halo.model.blocks.RowImputation;
import halo.model.blocks.BernoulliVisits;
import halo.model.blocks.Lstm;
import halo.model.blocks.LstmSession;
import halo.model.blocks.RowDraws;
import halo.model.blocks.TransformerModel;

/**
 * The LSTM baseline (protocol Part B §2.6): visit embedding V→E without bias, a multi-layer
 * unidirectional LSTM with E units (PyTorch's nn.LSTM: gates i, f, g, o; biases b_ih and b_hh; init
 * U(±1/√E)), and a linear E→V output with bias. Tokens of a row are independent given the history.
 *
 * <p>Legend: B records, T rows, N predicted rows, E embedding = hidden size, V vocabulary.
 */
public final class LstmModel extends AutoregressiveModel implements PrefixContinuation, BernoulliVisits, RowSampling, RowImputation.Independent {
  /** Nothing of its own: the shared sizes, presets as given, stopping on validation. */
  public static final ModelKind.Traits TRAITS = ModelKind.Traits.NONE;

  private final int e;
  private final int v;
  private final NDArray wte; // [V, E]
  private final Lstm lstm;
  private final Params.Dense out; // weight stored [V, E], as nn.Linear

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public LstmModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary);
    Rng rng = new Rng(config.seed());
    e = config.model().embedding();
    v = vocabulary.size();
    double k = 1 / Math.sqrt(e);
    wte = params.add("wte", new Shape(v, e), Params.uniform(rng, (long) v * e, 1 / Math.sqrt(v)));
    lstm = Lstm.register(params, rng, "lstm", config.model().layers(), e);
    out = params.dense("out", new Shape(v, e), Params.uniform(rng, (long) v * e, k), new Shape(v), Params.uniform(rng, v, k));
  }

  private NDList run(NDArray x, NDArray h0, NDArray c0) {
    return lstm.run(x, h0, c0);
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    int b = batch.size();
    int t = batch.rowCount();
    NDArray x = batch.inputs(m).matMul(wte).reshape(b, t, e); // [B*T,V]x[V,E] -> [B,T,E]
    NDArray zeros = m.zeros(new Shape(config.model().layers(), b, e));
    NDArray states = run(x, zeros, zeros).get(0).reshape(-1, e); // [B*T, E]
    NDArray hp = states.get(new NDIndex("{}", batch.previousRows(m))); // [N, E]
    return hp.matMul(out.w().transpose()).add(out.b());
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    long rows = (long) batch.size() * batch.rowCount();
    return config.model().layers() * rows * 8L * e * e + (long) batch.predictedRows() * e * v;
  }

  @Override
  public RowSampling.Session openSampling(int n) {
    return new StateSampling(n);
  }

  /** LSTM states per record; each fed row costs one LSTM step. */
  private final class StateSampling extends LstmSession {
    private final NDArray outT;

    StateSampling(int n) {
      super(manager, n, config.model().layers(), e);
      outT = own(out.w().transpose().duplicate());
    }

    @Override
    public void feed(int[][] rows) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray x = MultiHot.of(step, rows, v).matMul(wte).reshape(n, 1, e);
        NDList s = states();
        advance(run(x, s.get(0), s.get(1)));
      }
    }

    @Override
    public int[][] sample(int[] records, Rng rng) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        float[] p = Activation.sigmoid(last(step, records).matMul(outT).add(out.b())).toFloatArray();
        return RowDraws.bernoulli(p, records.length, v, config.sampling(), rng);
      }
    }

    @Override
    public float[][] probabilities(int[][] rows) {
      try (NDScope scope = new NDScope()) {
        return perRecord(Activation.sigmoid(lastOfAll().matMul(outT).add(out.b())).toFloatArray(), v);
      }
    }
  }
}
