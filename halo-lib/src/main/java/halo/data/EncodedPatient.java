package halo.data;

import java.util.Arrays;

/**
 * A patient as the models see it: label indices (into the label section, {@code 0 <= l < L}, sorted)
 * and visits as sorted, duplicate-free arrays of code indices ({@code 0 <= c < C}). Lab and gap bucket
 * codes are ordinary codes here.
 */
public record EncodedPatient(String id, int[] labels, int[][] visits) {
  public EncodedPatient {
    labels = labels.clone();
    visits = Arrays.stream(visits).map(int[]::clone).toArray(int[][]::new);
    requireSortedUnique(labels, id, "labels");
    for (int t = 0; t < visits.length; t++) {
      requireSortedUnique(visits[t], id, "visit " + t);
    }
  }

  private static void requireSortedUnique(int[] a, String id, String what) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] < 0 || (i > 0 && a[i] <= a[i - 1])) {
        throw new IllegalArgumentException("patient " + id + ": " + what + " must be sorted, unique and >= 0: "
            + Arrays.toString(a));
      }
    }
  }

  public int visitCount() {
    return visits.length;
  }

  /** Total number of codes over all visits. */
  public int codeCount() {
    int n = 0;
    for (int[] v : visits) n += v.length;
    return n;
  }

  /** A copy keeping only the most recent {@code maxVisits} visits. */
  public EncodedPatient lastVisits(int maxVisits) {
    if (visits.length <= maxVisits) return this;
    return new EncodedPatient(id, labels, Arrays.copyOfRange(visits, visits.length - maxVisits, visits.length));
  }

  public boolean hasLabel(int l) {
    return Arrays.binarySearch(labels, l) >= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncodedPatient p && id.equals(p.id) && Arrays.equals(labels, p.labels)
        && Arrays.deepEquals(visits, p.visits);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * id.hashCode() + Arrays.hashCode(labels)) + Arrays.deepHashCode(visits);
  }

  @Override
  public String toString() {
    return "EncodedPatient[" + id + ", labels=" + Arrays.toString(labels) + ", visits=" + Arrays.deepToString(visits) + "]";
  }
}
