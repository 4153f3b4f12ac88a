package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;

/**
 * Sparse multi-hot matrices [rows, V] in COO form, for sparse × dense products (the visit embedding
 * and the x_t part of HALO's head: each row's product is the sum of the weight rows of its tokens).
 *
 * <p>Built as a dense 0/1 array converted to COO by the engine, not with {@code createCoo}: the
 * latter wraps Java-side buffers that can be freed while the sparse tensor still points at them
 * (seen here as garbage column indices in addmm), whereas the engine's conversion owns its memory.
 */
final class MultiHot {
  private MultiHot() {}

  /** Row {@code r} holds ones at the columns {@code rows[r]}. */
  static NDArray of(NDManager m, int[][] rows, int v) {
    int nnz = 0;
    for (int[] r : rows) nnz += r.length;
    long[] flat = new long[nnz];
    int k = 0;
    for (int r = 0; r < rows.length; r++) {
      for (int c : rows[r]) flat[k++] = (long) r * v + c;
    }
    NDArray dense = m.zeros(new Shape((long) rows.length * v));
    if (nnz > 0) dense = dense.scatter(m.create(flat), m.ones(new Shape(nnz)), 0); // ones at r·V + c, built by the engine
    return dense.reshape(rows.length, v).toSparse(SparseFormat.COO);
  }
}
