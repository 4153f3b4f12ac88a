package halo.model.matrix;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.RowBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Set;

/**
 * How the matrix generators see a record: one row of the patient × code matrix ({@link PatientMatrix})
 * beside its label row. The modelled tokens are the label tokens and the codes of the chosen kinds,
 * in vocabulary order; a record becomes the D-wide binary vector of the ones it holds (a code in any
 * visit), and a generated vector becomes a record of a label row and one visit.
 *
 * <p>In the row layout every model here shares ({@link halo.data.RecordLayout}) such a record is
 * [start], [labels], [codes + end]: a one-visit record, so the trainer, checkpoints, generation and
 * every metric handle matrix models as they handle the others.
 */
public final class MatrixLayout {
  private final Vocabulary vocabulary;
  private final Set<CodeKind> kinds;
  private final int[] tokens; // the modelled tokens, ascending: label tokens and columns
  private final int[] position; // token id -> index in tokens, or -1
  private final BitSet isColumn;
  private final int[] columns;
  private float[] placement; // rowLogits' [D, 2V] 0/1 matrix, built on first use

  public MatrixLayout(Vocabulary vocabulary, Set<CodeKind> kinds) {
    this.vocabulary = vocabulary;
    this.kinds = Set.copyOf(kinds);
    columns = PatientMatrix.columnsOf(vocabulary, kinds);
    isColumn = new BitSet(vocabulary.size());
    for (int c : columns) isColumn.set(c);
    int labels = vocabulary.labelCount();
    tokens = new int[columns.length + labels];
    System.arraycopy(columns, 0, tokens, 0, columns.length);
    for (int l = 0; l < labels; l++) tokens[columns.length + l] = vocabulary.labelToken(l);
    Arrays.sort(tokens);
    position = new int[vocabulary.size()];
    Arrays.fill(position, -1);
    for (int i = 0; i < tokens.length; i++) position[tokens[i]] = i;
  }

  public Set<CodeKind> kinds() {
    return kinds;
  }

  /** D: the modelled tokens (labels and columns). */
  public int width() {
    return tokens.length;
  }

  /** The columns of the matrix (codes of the kinds), ascending token ids. */
  public int[] columns() {
    return columns.clone();
  }

  /** {@code p} as the matrix sees it: its labels and one visit holding every code of the kinds it has (possibly none). */
  public EncodedPatient project(EncodedPatient p) {
    return new EncodedPatient(p.id(), p.labels(), new int[][] {PatientMatrix.presentColumns(p.visits(), isColumn)});
  }

  /** The codes a projection leaves out of {@code patients}: occurrences of other kinds and repeats of a code across visits. */
  public long droppedCodes(List<EncodedPatient> patients) {
    long all = 0, kept = 0;
    for (EncodedPatient p : patients) {
      all += p.codeCount();
      kept += PatientMatrix.presentColumns(p.visits(), isColumn).length;
    }
    return all - kept;
  }

  /** The batch of the projected records: rows [start], [labels], [codes + end]. */
  public RowBatch batch(List<EncodedPatient> patients) {
    List<EncodedPatient> projected = new ArrayList<>(patients.size());
    for (EncodedPatient p : patients) projected.add(project(p));
    return RowBatch.of(projected, vocabulary, 3);
  }

  /** The records of a batch as D-wide binary vectors, [B, D]: row 1 (labels) and row 2 (codes) together. */
  public NDArray vectors(NDManager m, RowBatch batch) {
    return m.create(vectorValues(batch), new Shape(batch.size(), tokens.length));
  }

  /** {@link #vectors} as a Java array, B·D values (row-major, 0 or 1). */
  public float[] vectorValues(RowBatch batch) {
    float[] x = new float[batch.size() * tokens.length];
    for (int b = 0; b < batch.size(); b++) {
      int[][] rows = batch.rows()[b];
      for (int r = 1; r < rows.length; r++) {
        for (int t : rows[r]) {
          int i = position[t];
          if (i >= 0) x[b * tokens.length + i] = 1f;
        }
      }
    }
    return x;
  }

  /**
   * D-wide logits [B, D] as the V-wide logits of the batch's predicted rows, [2B, V] in the order of
   * {@link RowBatch#target()} (per record: its label row, then its visit row): a modelled token's
   * logit in the row it belongs to, {@code certain} for the end token of the visit row, −{@code
   * certain} for everything else (tokens no row of this layout can hold).
   */
  public NDArray rowLogits(NDManager m, NDArray logits, float certain) {
    int v = vocabulary.size();
    int d = tokens.length;
    if (placement == null) { // a [D, 2V] 0/1 placement: token i goes to column tokens[i] of the label row (label tokens) or V + tokens[i] (codes)
      float[] place = new float[d * 2 * v];
      for (int i = 0; i < d; i++) place[i * 2 * v + (tokens[i] >= vocabulary.codeCount() ? 0 : v) + tokens[i]] = 1f;
      placement = place;
    }
    float[] fill = new float[2 * v];
    Arrays.fill(fill, -certain);
    for (int i = 0; i < d; i++) fill[(tokens[i] >= vocabulary.codeCount() ? 0 : v) + tokens[i]] = 0f;
    fill[v + vocabulary.endToken()] = certain;
    long b = logits.getShape().get(0);
    NDArray placed = logits.matMul(m.create(placement, new Shape(d, 2L * v))).add(m.create(fill, new Shape(1, 2L * v)));
    return placed.reshape(b * 2, v);
  }

  /** The BCE of D-wide logits against the records' vectors x ({@link #vectors}), summed over records and modelled tokens: Σ softplus(l) − Σ_present l. */
  public static NDArray bceSum(NDArray logits, NDArray x) {
    return logits.getNDArrayInternal().softPlus().sum().sub(logits.mul(x).sum());
  }

  /**
   * Records from drawn vectors: per record the sorted positions (0 ≤ i < D) drawn present, as rows
   * [start], [labels], [codes + end].
   */
  public List<int[][]> records(int[][] drawn) {
    List<int[][]> out = new ArrayList<>(drawn.length);
    int codes = vocabulary.codeCount();
    for (int[] positions : drawn) {
      int nLabels = 0;
      for (int i : positions) if (tokens[i] >= codes) nLabels++;
      int[] labels = new int[nLabels];
      int[] visit = new int[positions.length - nLabels + 1];
      int a = 0, c = 0;
      for (int i : positions) {
        if (tokens[i] >= codes) labels[a++] = tokens[i];
        else visit[c++] = tokens[i];
      }
      visit[c] = vocabulary.endToken(); // the highest token but pad: the row stays sorted
      out.add(new int[][] {{vocabulary.startToken()}, labels, visit});
    }
    return out;
  }
}
