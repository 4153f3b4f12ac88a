package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A batch of records in the sparse row layout of {@link RecordLayout}, ready for a model. Nothing
 * dense of size B x T x V is built: inputs and targets are index lists.
 *
 * <p>Legend: B records, T = longest record's row count (≤ n_ctx), N = number of predicted rows
 * (Σ over records of label row + visits), V = vocabulary size.
 *
 * <p>What is derived from a batch is computed once per batch, on first use: its {@link PackedRows}
 * layout ({@link #packed()}, shared by the transformer's forward pass and the trainer's operation
 * count of the same step) and a model's own per-batch values ({@link #derived}, e.g. SynTEG's frozen
 * conditions, read by its critic and its generator step).
 *
 * <p>Fields: {@code rows}, per record its real rows (start, labels, visits; end token in the last),
 * truncated to the most recent visits that fit the context; {@code truncatedVisits}, visits dropped
 * because records were longer than the context; {@code target}, for each predicted row n: {record b,
 * row t} with 1 ≤ t < rows[b].length.
 */
public final class RowBatch {
  private final int[][][] rows;
  private final int rowCount;
  private final int vocabularySize;
  private final int padToken;
  private final int[][] target;
  private final int truncatedVisits;
  private PackedRows packed;
  private final Map<Derived<?>, Object> derived = new HashMap<>();

  public RowBatch(int[][][] rows, int rowCount, int vocabularySize, int padToken, int[][] target, int truncatedVisits) {
    this.rows = rows;
    this.rowCount = rowCount;
    this.vocabularySize = vocabularySize;
    this.padToken = padToken;
    this.target = target;
    this.truncatedVisits = truncatedVisits;
  }

  public static RowBatch of(List<EncodedPatient> patients, Vocabulary v, int context) {
    int b = patients.size();
    int[][][] rows = new int[b][][];
    int truncated = 0;
    int t = 1;
    int n = 0;
    for (int i = 0; i < b; i++) {
      EncodedPatient p = patients.get(i);
      EncodedPatient kept = p.lastVisits(context - 2);
      truncated += p.visitCount() - kept.visitCount();
      rows[i] = RecordLayout.rows(kept, v);
      t = Math.max(t, rows[i].length);
      n += rows[i].length - 1;
    }
    int[][] target = new int[n][];
    int k = 0;
    for (int i = 0; i < b; i++) {
      for (int r = 1; r < rows[i].length; r++) target[k++] = new int[] {i, r};
    }
    return new RowBatch(rows, t, v.size(), v.padToken(), target, truncated);
  }

  public int[][][] rows() {
    return rows;
  }

  /** T: the longest record's row count. */
  public int rowCount() {
    return rowCount;
  }

  public int vocabularySize() {
    return vocabularySize;
  }

  public int padToken() {
    return padToken;
  }

  public int[][] target() {
    return target;
  }

  public int truncatedVisits() {
    return truncatedVisits;
  }

  /** The records packed into lanes for the visit transformer, computed on first use. */
  public PackedRows packed() {
    if (packed == null) packed = PackedRows.of(this);
    return packed;
  }

  /**
   * A key for a value derived from a batch; keys compare by identity, so a model that owns its key
   * (an instance field) never reads another model's values.
   */
  public static final class Derived<T> {
    private final String name;

    public Derived(String name) {
      this.name = name;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The value under {@code key}, computed from this batch by {@code compute} on the first request only. */
  @SuppressWarnings("unchecked")
  public <T> T derived(Derived<T> key, Function<RowBatch, T> compute) {
    return (T) derived.computeIfAbsent(key, k -> compute.apply(this));
  }

  public int size() {
    return rows.length;
  }

  public int predictedRows() {
    return target.length;
  }

  /** Input multi-hot of every row as a sparse COO matrix [B*T, V] (pad rows hold the pad token). */
  public NDArray inputs(NDManager m) {
    int[][] all = new int[rows.length * rowCount][];
    int[] pad = {padToken};
    for (int b = 0; b < rows.length; b++) {
      for (int t = 0; t < rowCount; t++) all[b * rowCount + t] = t < rows[b].length ? rows[b][t] : pad;
    }
    return MultiHot.of(m, all, vocabularySize);
  }

  /** Multi-hot of every predicted row as a sparse COO matrix [N, V]. */
  public NDArray targets(NDManager m) {
    int[][] all = new int[target.length][];
    for (int n = 0; n < target.length; n++) all[n] = rows[target[n][0]][target[n][1]];
    return MultiHot.of(m, all, vocabularySize);
  }

  /** Flat indices n·V + c of every present token c of every predicted row n, int64. */
  public long[] presentFlat() {
    int nnz = 0;
    for (int[] bt : target) nnz += rows[bt[0]][bt[1]].length;
    long[] idx = new long[nnz];
    int k = 0;
    for (int n = 0; n < target.length; n++) {
      for (int c : rows[target[n][0]][target[n][1]]) idx[k++] = (long) n * vocabularySize + c;
    }
    return idx;
  }

  /** For each predicted row, the flat index b*T + (t-1) of the row whose history predicts it: int64 [N]. */
  public NDArray previousRows(NDManager m) {
    long[] idx = new long[target.length];
    for (int n = 0; n < target.length; n++) idx[n] = (long) target[n][0] * rowCount + target[n][1] - 1;
    return m.create(idx);
  }

  /** Number of predicted rows per record. */
  public int[] predictedPerRecord() {
    int[] c = new int[rows.length];
    for (int[] bt : target) c[bt[0]]++;
    return c;
  }
}
