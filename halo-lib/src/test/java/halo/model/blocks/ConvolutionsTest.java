package halo.model.blocks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import halo.model.Params;
import halo.model.Rng;
import org.junit.jupiter.api.Test;

/** The 1-D convolutions against their definitions, written out as loops on a tiny input. */
class ConvolutionsTest {
  @Test
  void givenTransposedConvolution_thenMatchesTheDefinition() {
    Rng r = new Rng(3);
    int b = 2, c = 3, len = 4, o = 5, k = 3, s = 2, out = (len - 1) * s + k;
    float[] x = Params.normal(r, b * c * len, 1), w = Params.normal(r, c * o * k, 1), bias = Params.normal(r, o, 1);
    float[] expected = new float[b * o * out];
    for (int bb = 0; bb < b; bb++) {
      for (int oo = 0; oo < o; oo++) {
        for (int p = 0; p < out; p++) expected[(bb * o + oo) * out + p] = bias[oo];
        for (int cc = 0; cc < c; cc++) {
          for (int i = 0; i < len; i++) {
            for (int j = 0; j < k; j++) expected[(bb * o + oo) * out + i * s + j] += x[(bb * c + cc) * len + i] * w[(cc * o + oo) * k + j];
          }
        }
      }
    }
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray y = Convolutions.transposedConv(nd.create(x, new Shape(b, c, len)), nd.create(w, new Shape(c, o, k)), nd.create(bias), s);
      assertEquals(new Shape(b, o, out), y.getShape());
      assertArrayEquals(expected, y.toFloatArray(), 1e-5f);
    }
  }

  @Test
  void givenTinyInput_whenTransposedConvolved_thenEqualsTheHandComputation() {
    // x = [1, 2] (one channel), w = [1, 10, 100], stride 2, bias 0.5: outputs at i·2 + j
    // position 0: 1·1, 1: 1·10, 2: 1·100 + 2·1, 3: 2·10, 4: 2·100, each plus 0.5
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray y = Convolutions.transposedConv(nd.create(new float[] {1, 2}, new Shape(1, 1, 2)), nd.create(new float[] {1, 10, 100}, new Shape(1, 1, 3)),
          nd.create(new float[] {0.5f}), 2);
      assertArrayEquals(new float[] {1.5f, 10.5f, 102.5f, 20.5f, 200.5f}, y.toFloatArray(), 1e-6f);
    }
  }

  @Test
  void givenTinyInput_whenConvolved_thenEqualsTheHandComputation() {
    // x = [1, 2, 3, 4, 5], w = [1, 10, 100], stride 2: windows [1, 2, 3] and [3, 4, 5]
    // 1 + 20 + 300 = 321 and 3 + 40 + 500 = 543, each plus bias 0.5
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray y = Convolutions.conv(nd.create(new float[] {1, 2, 3, 4, 5}, new Shape(1, 1, 5)), nd.create(new float[] {1, 10, 100}, new Shape(1, 1, 3)),
          nd.create(new float[] {0.5f}), 2);
      assertEquals(new Shape(1, 1, 2), y.getShape());
      assertArrayEquals(new float[] {321.5f, 543.5f}, y.toFloatArray(), 1e-4f);
    }
  }

  @Test
  void givenAConvolutionAndItsTransposeWithTheSameWeight_thenTheyAreAdjoint() {
    // <conv(x), y> = <x, convT(y)> for bias 0: the transposed convolution is the convolution's adjoint
    Rng r = new Rng(7);
    int c = 3, o = 4, k = 5, s = 3, len = 17, outLen = (len - k) / s + 1;
    float[] x = Params.normal(r, c * len, 1), w = Params.normal(r, o * c * k, 1), y = Params.normal(r, o * outLen, 1);
    try (NDManager nd = NDManager.newBaseManager()) {
      NDArray weight = nd.create(w, new Shape(o, c, k)); // conv [O, C, k]; as a transposed one it maps O channels to C
      NDArray cx = Convolutions.conv(nd.create(x, new Shape(1, c, len)), weight, nd.zeros(new Shape(o)), s);
      NDArray ty = Convolutions.transposedConv(nd.create(y, new Shape(1, o, outLen)), weight, nd.zeros(new Shape(c)), s);
      assertEquals(new Shape(1, c, (outLen - 1) * s + k), ty.getShape());
      double left = 0, right = 0;
      float[] cxa = cx.toFloatArray(), tya = ty.toFloatArray();
      for (int i = 0; i < cxa.length; i++) left += cxa[i] * y[i];
      for (int ch = 0; ch < c; ch++) {
        for (int p = 0; p < (outLen - 1) * s + k; p++) right += x[ch * len + p] * tya[ch * ((outLen - 1) * s + k) + p];
      }
      assertEquals(left, right, 1e-3 * Math.max(1, Math.abs(left)));
    }
  }
}
