package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying or dividing by a constant, safely under autograd.
 *
 * <p>DJL's {@code NDArray.mul(Number)} / {@code div(Number)} / {@code maximum(Number)} wrap the
 * constant in a tensor backed by a Java direct buffer, run the op, and close the wrapper at once.
 * PyTorch's autograd keeps that constant for the backward pass (d(x·c)/dx = c), but nothing keeps the
 * Java buffer alive: once the garbage collector frees it, backward reads freed memory. Seen here as a
 * training loss that turned NaN after a few dozen steps in a Jupyter kernel (whose collector runs
 * often) and never in a plain JVM, and at step 4 with a thread calling {@code System.gc()}; see
 * {@code GcSafetyTest}. Constants made by the engine ({@code full}) own their memory, so every
 * differentiable op with a constant goes through here.
 */
public final class Scalars {
  private Scalars() {}

  /** x · c, with c held by the engine. */
  public static NDArray times(NDArray x, float c) {
    return x.mul(x.getManager().full(new Shape(), c));
  }

  /** x / c, with c held by the engine. */
  public static NDArray over(NDArray x, float c) {
    return x.div(x.getManager().full(new Shape(), c));
  }
}
