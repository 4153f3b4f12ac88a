package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Sparse multi-hot matrices [rows, V] in COO form, for sparse × dense products (the visit embedding
 * and the x_t part of HALO's head: each row's product is the sum of the weight rows of its tokens).
 *
 * <p>Built from the index lists directly: the [2, nnz] indices are copied into memory the engine owns
 * ({@code duplicate}) before the sparse tensor is made from them, and the values are made by the
 * engine ({@code ones}). Not with {@code NDManager.createCoo}, which wraps Java-side buffers that can
 * be freed while the sparse tensor still points at them (seen here as garbage column indices in
 * addmm), and no longer through a dense [rows, V] array converted by the engine (zero-fill, scatter
 * and a scan of rows × V entries for each batch).
 */
public final class MultiHot {
  private MultiHot() {}

  /** Row {@code r} holds ones at the columns {@code rows[r]} (sorted, distinct). */
  public static NDArray of(NDManager m, int[][] rows, int v) {
    int nnz = 0;
    for (int[] r : rows) nnz += r.length;
    long[] idx = new long[2 * nnz]; // row indices, then column indices: row-major order, so already coalesced
    int k = 0;
    for (int r = 0; r < rows.length; r++) {
      for (int c : rows[r]) {
        idx[k] = r;
        idx[nnz + k++] = c;
      }
    }
    Shape shape = new Shape(rows.length, v);
    if (nnz == 0) return m.zeros(shape).toSparse(SparseFormat.COO);
    NDArray indices = m.create(idx, new Shape(2, nnz)).duplicate(); // engine-owned copy
    NDArray values = m.ones(new Shape(nnz));
    return JniUtils.createSparseCoo((PtNDArray) indices, (PtNDArray) values, shape);
  }
}
