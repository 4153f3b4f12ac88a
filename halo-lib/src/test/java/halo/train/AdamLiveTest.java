package halo.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import halo.model.Params;
import halo.model.Rng;
import org.junit.jupiter.api.Test;

/**
 * Adam over declared live rectangles ({@link Params#setLive}) gives bit for bit the parameters and
 * moments of Adam over the whole array, when the gradient is zero outside the rectangles (a masked
 * weight): the skipped entries would not have moved.
 */
class AdamLiveTest {
  @Test
  void givenGradientZeroOutsideLiveRectangles_whenAdamSteps_thenBitIdenticalToWholeArrayAdam() {
    int rows = 9, cols = 11;
    int[][] live = {{0, 3, 0, 3}, {3, 7, 0, 8}, {7, 9, 0, 11}}; // a block-triangular pattern
    try (NDManager m = NDManager.newBaseManager()) {
      Params whole = new Params(m), part = new Params(m);
      Rng r = new Rng(7);
      float[] init = Params.uniform(r, (long) rows * cols, 0.5);
      whole.add("w", new Shape(rows, cols), init);
      part.add("w", new Shape(rows, cols), init);
      part.setLive("w", live);
      try (Adam a = new Adam(whole); Adam b = new Adam(part)) {
        for (int step = 0; step < 5; step++) {
          float[] g = Params.normal(r, (long) rows * cols, 1);
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) if (!inside(live, i, j)) g[i * cols + j] = 0;
          }
          backward(whole.get("w"), g, rows, cols);
          backward(part.get("w"), g, rows, cols);
          a.update(1e-2);
          b.update(1e-2);
        }
        float[] x = whole.get("w").toFloatArray(), y = part.get("w").toFloatArray();
        assertArrayEquals(x, y, "parameters after 5 steps");
        assertTrue(!java.util.Arrays.equals(x, init), "the parameters moved");
        assertArrayEquals(whole.get("w").getGradient().toFloatArray(), part.get("w").getGradient().toFloatArray(), "gradients zeroed alike");
      }
    }
  }

  static boolean inside(int[][] live, int i, int j) {
    for (int[] q : live) if (i >= q[0] && i < q[1] && j >= q[2] && j < q[3]) return true;
    return false;
  }

  /** Accumulates gradient g into p's gradient: the backward pass of sum(p ∘ g). */
  static void backward(NDArray p, float[] g, int rows, int cols) {
    try (NDManager m = p.getManager().newSubManager();
        ai.djl.training.GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
      gc.backward(p.mul(m.create(g, new Shape(rows, cols))).sum());
    }
  }
}
