package halo.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The patient × code view of a cohort, the data of the LLM-generator comparison (a binary matrix of
 * diagnosis codes per patient, MIMIC-III: 1,071 columns) and of the matrix generators (VAE, medGAN,
 * CorGAN, DDPM): one row per patient, one column per code of the chosen kinds, 1 when the code occurs
 * in any visit. Visit order, repeats and the codes of other kinds are dropped; labels are kept beside
 * the matrix.
 *
 * <p>And back: {@link #toCohort()} makes each row a record of one visit holding the row's codes, so
 * every metric and privacy attack of the project applies to a matrix generator's output, and a
 * longitudinal generator's cohort projects onto the same matrix ({@link #of}) for a like-for-like
 * comparison. The round trip cohort → matrix → records → matrix is the identity on the matrix; a
 * cohort of one-visit records holding only codes of the chosen kinds survives it whole.
 *
 * @param kinds the code kinds whose codes are columns
 * @param columns the token ids of the columns, ascending (every vocabulary code of {@code kinds})
 * @param ids the patients' ids, one per row
 * @param labels the patients' label indices, one sorted array per row
 * @param rows per row, the sorted token ids present (a subset of {@code columns})
 */
public record PatientMatrix(Set<CodeKind> kinds, int[] columns, List<String> ids, List<int[]> labels, List<int[]> rows) {
  public PatientMatrix {
    kinds = Set.copyOf(kinds);
    columns = columns.clone();
    ids = List.copyOf(ids);
    labels = List.copyOf(labels);
    rows = List.copyOf(rows);
    if (ids.size() != rows.size() || labels.size() != rows.size()) {
      throw new IllegalArgumentException("ids, labels and rows must have one entry per patient: " + ids.size() + ", " + labels.size() + ", " + rows.size());
    }
  }

  /** The kinds named in {@code spec}: prefixes or names separated by commas ({@code dx}, {@code dx,px,rx}); "all" for every kind. */
  public static Set<CodeKind> parseKinds(String spec) {
    if (spec.trim().equalsIgnoreCase("all")) return EnumSet.allOf(CodeKind.class);
    Set<CodeKind> out = EnumSet.noneOf(CodeKind.class);
    for (String s : spec.split(",")) {
      if (!s.isBlank()) out.add(CodeKind.parse(s.trim()));
    }
    if (out.isEmpty()) throw new IllegalArgumentException("no code kind in '" + spec + "'");
    return out;
  }

  /** The kinds as the comma-separated prefixes {@link #parseKinds} reads, in the enum's order. */
  public static String kindsSpec(Set<CodeKind> kinds) {
    return kinds.stream().sorted().map(CodeKind::prefix).collect(Collectors.joining(","));
  }

  /** The token ids of every code of {@code kinds} in the vocabulary, ascending. */
  public static int[] columnsOf(Vocabulary v, Set<CodeKind> kinds) {
    int[] out = new int[v.codeCount()];
    int n = 0;
    for (int c = 0; c < v.codeCount(); c++) {
      if (kinds.contains(v.code(c).kind())) out[n++] = c;
    }
    if (n == 0) throw new IllegalArgumentException("the vocabulary has no code of the kinds " + kindsSpec(kinds));
    return Arrays.copyOf(out, n);
  }

  /** The matrix of {@code cohort} over the codes of {@code kinds}. */
  public static PatientMatrix of(EncodedCohort cohort, Vocabulary v, Set<CodeKind> kinds) {
    v.requireHash(cohort.vocabularyHash(), "the cohort");
    int[] columns = columnsOf(v, kinds);
    BitSet isColumn = new BitSet(v.size());
    for (int c : columns) isColumn.set(c);
    List<String> ids = new ArrayList<>(cohort.size());
    List<int[]> labels = new ArrayList<>(cohort.size());
    List<int[]> rows = new ArrayList<>(cohort.size());
    for (EncodedPatient p : cohort.patients()) {
      ids.add(p.id());
      labels.add(p.labels());
      rows.add(presentColumns(p.visits(), isColumn));
    }
    return new PatientMatrix(kinds, columns, ids, labels, rows);
  }

  /** The sorted union of the tokens of {@code visits} that are columns. */
  public static int[] presentColumns(int[][] visits, BitSet isColumn) {
    BitSet present = new BitSet();
    for (int[] visit : visits) {
      for (int c : visit) {
        if (isColumn.get(c)) present.set(c);
      }
    }
    return present.stream().toArray();
  }

  /** Patients (rows). */
  public int size() {
    return rows.size();
  }

  /** Codes (columns). */
  public int width() {
    return columns.length;
  }

  /** Per column, the share of patients with the code: the dimension-wise probabilities of the LLM-generator paper's Fig. 1. */
  public double[] columnProbabilities() {
    double[] out = new double[columns.length];
    if (rows.isEmpty()) return out;
    for (int[] r : rows) {
      for (int c : r) out[Arrays.binarySearch(columns, c)]++;
    }
    for (int j = 0; j < out.length; j++) out[j] /= rows.size();
    return out;
  }

  /**
   * The cohort of one-visit records: each row's codes as the record's only visit (no visit when the
   * row is empty), its labels and id kept. {@code vocabularyHash} names the vocabulary the token ids
   * belong to.
   */
  public EncodedCohort toCohort(String vocabularyHash) {
    List<EncodedPatient> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      int[][] visits = rows.get(i).length == 0 ? new int[0][] : new int[][] {rows.get(i)};
      out.add(new EncodedPatient(ids.get(i), labels.get(i), visits));
    }
    return new EncodedCohort(vocabularyHash, out);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PatientMatrix m) || !kinds.equals(m.kinds) || !Arrays.equals(columns, m.columns) || !ids.equals(m.ids)) return false;
    for (int i = 0; i < rows.size(); i++) {
      if (!Arrays.equals(rows.get(i), m.rows.get(i)) || !Arrays.equals(labels.get(i), m.labels.get(i))) return false;
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 31 * kinds.hashCode() + Arrays.hashCode(columns);
    for (int[] r : rows) h = 31 * h + Arrays.hashCode(r);
    return h;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "PatientMatrix[%d patients x %d codes (%s)]", size(), width(), kindsSpec(kinds));
  }
}
