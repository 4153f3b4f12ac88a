package halo.data;

import java.util.Arrays;

/**
 * The row layout of a record for the visit-level models (protocol Part A §2, Part B §1.5), as sparse
 * rows of token indices:
 *
 * <pre>
 *   row 0         the start token
 *   row 1         the label row: label tokens C + l
 *   rows 2..n+1   the visits; the end token is set inside the last real row (row n+1, or row 1 when
 *                 the record has no visit)
 * </pre>
 *
 * Rows after n+1 hold only the pad token and are never predicted. Targets are rows 1..n+1: the label
 * row and every visit, each predicted from the rows before it.
 */
public final class RecordLayout {
  private RecordLayout() {}

  /** The n + 2 real rows of a record (no padding). */
  public static int[][] rows(EncodedPatient p, Vocabulary v) {
    int n = p.visitCount();
    int[][] rows = new int[n + 2][];
    rows[0] = new int[] {v.startToken()};
    int[] labels = new int[p.labels().length];
    for (int i = 0; i < labels.length; i++) labels[i] = v.labelToken(p.labels()[i]);
    rows[1] = labels;
    for (int t = 0; t < n; t++) rows[t + 2] = p.visits()[t];
    int last = n + 1;
    int[] withEnd = Arrays.copyOf(rows[last], rows[last].length + 1);
    withEnd[withEnd.length - 1] = v.endToken(); // the end token is the highest code of its row but pad
    rows[last] = withEnd;
    return rows;
  }

  /** The pad row. */
  public static int[] padRow(Vocabulary v) {
    return new int[] {v.padToken()};
  }
}
