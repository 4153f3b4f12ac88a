package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
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
   * → [B, O, (L−1)·s + k] with y[b, o, i·s + j] = bias[o] + Σ_c x[b, c, i] w[c, o, j]. Computed as
   * the ordinary convolution it is the adjoint of: x with s − 1 zeros between positions, k − 1 zeros
   * of padding on each side, and the kernel reversed, y[p] = Σ_m x_stuffed[p − m] w[m].
   */
  public static NDArray transposedConv(NDArray x, NDArray w, NDArray bias, int stride) {
    long b = x.getShape().get(0), c = x.getShape().get(1), len = x.getShape().get(2);
    long k = w.getShape().get(2);
    NDArray stuffed = x;
    if (stride > 1) { // [B, C, L, 1] beside zeros [B, C, L, s−1] → [B, C, L·s], the trailing zeros cut: [B, C, (L−1)·s + 1]
      stuffed = x.expandDims(3).concat(x.getManager().zeros(new Shape(b, c, len, stride - 1), x.getDataType()), 3).reshape(b, c, len * stride)
          .get(new NDIndex(":, :, :{}", (len - 1) * stride + 1));
    }
    NDArray kernel = w.transpose(1, 0, 2).flip(2); // [O, C, k], reversed along k
    return Conv1d.conv1d(stuffed, kernel, bias, new Shape(1), new Shape(k - 1), new Shape(1), 1).get(0);
  }
}
