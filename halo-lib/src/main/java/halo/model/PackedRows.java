package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The records of a {@link RowBatch} packed into lanes for the visit transformer, so that short
 * records do not cost padding: each lane holds {@code width} row slots and several records one after
 * another (first-fit decreasing by length). Only the rows whose output a prediction reads are packed:
 * all but each record's last row (the last row's output predicts nothing, and causal attention lets
 * no other row read it), so width is the longest record's row count minus one. Attention is
 * causal within a record and blind across records; positions restart at 0 for every record. So the
 * output at every real row is the same as in a padded [B, T] batch (up to float rounding), while the
 * transformer runs over lanes × width slots instead of B × T. On the default cohort about half of a
 * padded batch is padding; packed, a few percent.
 *
 * <p>Empty slots hold the pad token at position 0 and attend only to themselves; nothing reads them.
 *
 * @param lane for each record, its lane
 * @param offset for each record, the slot of its first row within the lane
 */
public record PackedRows(RowBatch batch, int lanes, int width, int[] lane, int[] offset) {

  static PackedRows of(RowBatch batch) {
    int b = batch.size();
    int width = 1;
    for (int[][] r : batch.rows()) width = Math.max(width, packed(r));
    Integer[] order = new Integer[b];
    for (int i = 0; i < b; i++) order[i] = i;
    Arrays.sort(order, (x, y) -> batch.rows()[y].length != batch.rows()[x].length
        ? Integer.compare(batch.rows()[y].length, batch.rows()[x].length) : Integer.compare(x, y));
    int[] lane = new int[b];
    int[] offset = new int[b];
    int[] used = new int[b];
    int lanes = 0;
    for (int r : order) {
      int len = packed(batch.rows()[r]);
      int l = 0;
      while (l < lanes && used[l] + len > width) l++;
      if (l == lanes) lanes++;
      lane[r] = l;
      offset[r] = used[l];
      used[l] += len;
    }
    return new PackedRows(batch, lanes, width, lane, offset);
  }

  /** Rows of a record that are packed: all but the last (at least the start row). */
  static int packed(int[][] rows) {
    return Math.max(1, rows.length - 1);
  }

  /** Number of slots, lanes × width. */
  public int slots() {
    return lanes * width;
  }

  /** Slot index (lane·width + slot) of row {@code t} of record {@code b}. */
  public int slot(int b, int t) {
    return lane[b] * width + offset[b] + t;
  }

  /** Input multi-hot of every slot, sparse COO [lanes·width, V]. */
  public NDArray inputs(NDManager m) {
    int[][] all = new int[slots()][];
    int[] pad = {batch.padToken()};
    Arrays.fill(all, pad);
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < packed(batch.rows()[b]); t++) all[slot(b, t)] = batch.rows()[b][t];
    }
    return MultiHot.of(m, all, batch.vocabularySize());
  }

  /** Position of every slot within its record (0 for empty slots), int64 [lanes·width]. */
  public NDArray positions(NDManager m) {
    long[] p = new long[slots()];
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < packed(batch.rows()[b]); t++) p[slot(b, t)] = t;
    }
    return m.create(p);
  }

  /**
   * Attention mask [lanes, 1, width, width]: 1 where slot i may attend to slot j (same record, j ≤ i;
   * an empty slot only to itself).
   */
  public float[] keep() {
    float[] k = new float[lanes * width * width];
    int[] owner = new int[slots()];
    Arrays.fill(owner, -1);
    for (int b = 0; b < batch.size(); b++) {
      for (int t = 0; t < packed(batch.rows()[b]); t++) owner[slot(b, t)] = b;
    }
    for (int l = 0; l < lanes; l++) {
      for (int i = 0; i < width; i++) {
        int oi = owner[l * width + i];
        int base = (l * width + i) * width;
        if (oi < 0) {
          k[base + i] = 1;
          continue;
        }
        for (int j = i; j >= 0 && owner[l * width + j] == oi; j--) k[base + j] = 1;
      }
    }
    return k;
  }

  public Shape maskShape() {
    return new Shape(lanes, 1, width, width);
  }

  /** For each predicted row, the slot of the row whose history predicts it: int64 [N]. */
  public NDArray previousSlots(NDManager m) {
    int[][] target = batch.target();
    long[] idx = new long[target.length];
    for (int n = 0; n < target.length; n++) idx[n] = slot(target[n][0], target[n][1] - 1);
    return m.create(idx);
  }
}
