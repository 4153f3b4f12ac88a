package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import halo.model.Params;
import halo.model.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch-first, unidirectional multi-layer LSTM (PyTorch's nn.LSTM: gates i, f, g, o; biases b_ih and
 * b_hh; init U(±1/√hidden)), input size equal to the hidden size. Its weights are registered as
 * {@code prefix<l>.w_ih / w_hh / b_ih / b_hh}, layer by layer, and held here. Shared by the LSTM
 * baseline, EVA's encoder and SynTEG's dependency model.
 */
public final class Lstm {
  private final int layers;
  private final List<NDArray> weights;

  private Lstm(int layers, List<NDArray> weights) {
    this.layers = layers;
    this.weights = List.copyOf(weights);
  }

  /** Registers the weights of a {@code layers}-layer LSTM of width {@code hidden} in {@code params}, drawing from {@code rng}. */
  public static Lstm register(Params params, Rng rng, String prefix, int layers, int hidden) {
    double k = 1 / Math.sqrt(hidden);
    List<NDArray> w = new ArrayList<>(4 * layers);
    for (int l = 0; l < layers; l++) {
      w.add(params.add(prefix + l + ".w_ih", new Shape(4L * hidden, hidden), Params.uniform(rng, 4L * hidden * hidden, k)));
      w.add(params.add(prefix + l + ".w_hh", new Shape(4L * hidden, hidden), Params.uniform(rng, 4L * hidden * hidden, k)));
      w.add(params.add(prefix + l + ".b_ih", new Shape(4L * hidden), Params.uniform(rng, 4L * hidden, k)));
      w.add(params.add(prefix + l + ".b_hh", new Shape(4L * hidden), Params.uniform(rng, 4L * hidden, k)));
    }
    return new Lstm(layers, w);
  }

  /** Runs over x [B, T, hidden] from states (h, c), each [layers, B, hidden]; returns output [B, T, hidden], h and c. */
  public NDList run(NDArray x, NDArray h0, NDArray c0) {
    return x.getNDArrayInternal().lstm(x, new NDList(h0, c0), new NDList(weights), true, layers, 0, false, false, true);
  }
}
