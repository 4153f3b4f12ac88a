package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.model.RowSampling;
import java.util.Arrays;

/**
 * A generation session over an LSTM (the LSTM baseline, SynTEG's dependency model): each record's
 * states (h, c) and its output at the last fed row, owned by the session's sub-manager so they live
 * between steps; finished records leave with {@link #keep}.
 */
public abstract class LstmSession implements RowSampling.Session {
  protected final NDManager m;
  private final int hidden;
  private NDArray h;
  private NDArray c;
  private NDArray last; // [n, hidden]
  protected int n;

  protected LstmSession(NDManager parent, int n, int layers, int hidden) {
    this.m = parent.newSubManager();
    this.n = n;
    this.hidden = hidden;
    h = own(m.zeros(new Shape(layers, n, hidden)));
    c = own(m.zeros(new Shape(layers, n, hidden)));
  }

  protected NDArray own(NDArray a) {
    NDScope.unregister(a);
    a.attach(m);
    return a;
  }

  /** The states to continue from, (h, c), each [layers, n, hidden]. */
  protected NDList states() {
    return new NDList(h, c);
  }

  /** Keeps the result (output [n, 1, hidden], h, c) of one LSTM step over the fed rows. */
  protected void advance(NDList step) {
    swap(own(step.get(0).reshape(n, hidden)), own(step.get(1)), own(step.get(2)));
  }

  /** Output at the last fed row of the given records (all of them: no copy), [records, hidden]. */
  protected NDArray last(NDManager step, int[] records) {
    if (last == null) throw new IllegalStateException("feed the start row before sampling");
    return records.length == n ? last : last.get(new NDIndex("{}", TransformerModel.index(step, records)));
  }

  /** Output at the last fed row of every record, [n, hidden] (no copy). */
  protected NDArray lastOfAll() {
    if (last == null) throw new IllegalStateException("feed the start row before sampling");
    return last;
  }

  private void swap(NDArray newLast, NDArray newH, NDArray newC) {
    if (last != null) last.close();
    h.close();
    c.close();
    last = newLast;
    h = newH;
    c = newC;
  }

  /** Splits [n·V] probabilities into one array per record. */
  protected float[][] perRecord(float[] p, int v) {
    float[][] out = new float[n][];
    for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(p, i * v, (i + 1) * v);
    return out;
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
