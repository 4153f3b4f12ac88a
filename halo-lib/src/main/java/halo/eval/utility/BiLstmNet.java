package halo.eval.utility;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The authors' phenotyping classifier {@code DiagnosisModel} (Part B §4.4). Legend: B batch, T visits
 * (all records of a batch have the same length, so no padding is needed), C codes, E = 64, H = 32.
 *
 * <pre>
 *   x (B, T, C) multi-hot codes
 *   -> Linear C -> E, no bias      (B, T, E)
 *   -> dropout 0.5
 *   -> 2-layer bidirectional LSTM, hidden H, inter-layer dropout 0.5     (B, T, 2H)
 *   -> [forward output at step T-1 ; backward output at step 0]          (B, 2H)
 *   -> Linear 2H -> 1              (B, 1) logit; the sigmoid is in the loss and in scoring
 * </pre>
 *
 * <p>The bidirectional LSTM is built from four unidirectional one-layer DJL LSTMs (forward and
 * backward for each of the two layers; the backward ones read the time-reversed sequence, and layer 2
 * of each direction reads both directions of layer 1, as PyTorch's). Reason: DJL 0.35.1's own
 * bidirectional LSTM with biases hands PyTorch its parameters in the wrong order (both directions'
 * weights, then both directions' biases, where PyTorch expects weights and biases per direction) and
 * fails with a shape error, so it cannot be used as is.
 */
final class BiLstmNet extends AbstractBlock {
  static final int EMBED = 64;
  static final int HIDDEN = 32;

  private final Linear embed;
  private final Dropout dropout;
  private final LSTM forward1;
  private final LSTM backward1;
  private final Dropout between;
  private final LSTM forward2;
  private final LSTM backward2;
  private final Linear out;

  BiLstmNet() {
    embed = addChildBlock("embed", Linear.builder().setUnits(EMBED).optBias(false).build());
    dropout = addChildBlock("dropout", Dropout.builder().optRate(0.5f).build());
    forward1 = addChildBlock("forward1", lstm());
    backward1 = addChildBlock("backward1", lstm());
    between = addChildBlock("between", Dropout.builder().optRate(0.5f).build());
    forward2 = addChildBlock("forward2", lstm());
    backward2 = addChildBlock("backward2", lstm());
    out = addChildBlock("out", Linear.builder().setUnits(1).build());
  }

  private static LSTM lstm() {
    return LSTM.builder().setStateSize(HIDDEN).setNumLayers(1).optBatchFirst(true).build();
  }

  /** One bidirectional layer: (B, T, in) -> (B, T, 2H), backward outputs re-aligned to time order. */
  private static NDArray bidirectional(ParameterStore ps, LSTM f, LSTM b, NDArray x, boolean training) {
    NDArray hf = f.forward(ps, new NDList(x), training).get(0);
    NDArray hb = b.forward(ps, new NDList(x.flip(1)), training).get(0).flip(1);
    return hf.concat(hb, 2);
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.singletonOrThrow(); // (B, T, C)
    long b = x.getShape().get(0), t = x.getShape().get(1), c = x.getShape().get(2);
    NDArray e = embed.forward(ps, new NDList(x.reshape(b * t, c)), training).singletonOrThrow().reshape(b, t, EMBED);
    e = dropout.forward(ps, new NDList(e), training).singletonOrThrow();
    NDArray h1 = bidirectional(ps, forward1, backward1, e, training); // (B, T, 2H)
    h1 = between.forward(ps, new NDList(h1), training).singletonOrThrow();
    NDArray h = bidirectional(ps, forward2, backward2, h1, training); // (B, T, 2H)
    NDArray forwardLast = h.get(new NDIndex(":, {}, :{}", t - 1, HIDDEN)); // (B, H)
    NDArray backwardFirst = h.get(new NDIndex(":, 0, {}:", HIDDEN)); // (B, H)
    NDArray z = forwardLast.concat(backwardFirst, 1); // (B, 2H)
    return out.forward(ps, new NDList(z), training);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long b = in.get(0), t = in.get(1), c = in.get(2);
    embed.initialize(manager, dataType, new Shape(b * t, c));
    dropout.initialize(manager, dataType, new Shape(b, t, EMBED));
    forward1.initialize(manager, dataType, new Shape(b, t, EMBED));
    backward1.initialize(manager, dataType, new Shape(b, t, EMBED));
    between.initialize(manager, dataType, new Shape(b, t, 2 * HIDDEN));
    forward2.initialize(manager, dataType, new Shape(b, t, 2 * HIDDEN));
    backward2.initialize(manager, dataType, new Shape(b, t, 2 * HIDDEN));
    out.initialize(manager, dataType, new Shape(b, 2 * HIDDEN));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return new Shape[] {new Shape(inputShapes[0].get(0), 1)};
  }
}
