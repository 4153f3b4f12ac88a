package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv1d;

/**
 * 1-D convolutions of the convolutional generators (EVA's decoder, CorGAN's autoencoder): the
 * ordinary one through DJL, and the transposed one, which DJL's PyTorch engine does not implement.
 *
 * <p>Legend: B batch, C input channels, O output channels, L length, k kernel, s stride.
 */
public final class Convolutions {
  private Convolutions() {}

  /**
   * A 1-D convolution without padding or dilation (PyTorch's Conv1d): x [B, C, L], w [O, C, k] →
   * [B, O, (L − k)/s + 1] with y[b, o, i] = bias[o] + Σ_c Σ_j x[b, c, i·s + j] w[o, c, j].
   */
  public static NDArray conv(NDArray x, NDArray w, NDArray bias, int stride) {
    return Conv1d.conv1d(x, w, bias, new Shape(stride), new Shape(0), new Shape(1), 1).get(0);
  }

  /**
   * A 1-D transposed convolution without padding (PyTorch's ConvTranspose1d): x [B, C, L], w [C, O, k]
   * → [B, O, (L−1)·s + k] with y[b, o, i·s + j] = bias[o] + Σ_c x[b, c, i] w[c, o, j]. Every product
   * x_i·w_j is formed by one matrix product, then summed into its output position by a constant 0/1
   * matrix [L·k, L_out].
   */
  public static NDArray transposedConv(NDArray x, NDArray w, NDArray bias, int stride) {
    long b = x.getShape().get(0);
    int c = (int) x.getShape().get(1);
    int len = (int) x.getShape().get(2);
    int o = (int) w.getShape().get(1);
    int k = (int) w.getShape().get(2);
    int outLen = (len - 1) * stride + k;
    NDArray products = x.transpose(0, 2, 1).matMul(w.reshape(c, (long) o * k)) // [B, L, O*k]
        .reshape(b, len, o, k).transpose(0, 2, 1, 3).reshape(b, o, (long) len * k);
    float[] place = new float[len * k * outLen];
    for (int i = 0; i < len; i++) {
      for (int j = 0; j < k; j++) place[(i * k + j) * outLen + i * stride + j] = 1f;
    }
    NDArray scatter = x.getManager().create(place, new Shape(len * k, outLen));
    return products.matMul(scatter).add(bias.reshape(1, o, 1));
  }
}
