package halo.eval.privacy;

import halo.data.EncodedPatient;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Nearest-record search under the authors' record distance (Part B §4.5), with set semantics
 * (protocol Part A §6: visits and labels are sets, the fix of the baselines' script). For a query q
 * and a reference s:
 *
 * <pre>
 *   d(q, s) = [n_q != n_s] + |L_q Δ L_s| + Σ_{i &lt; n_q} (i &lt; n_s ? |q_i Δ s_i| : |q_i|)
 * </pre>
 *
 * Visits of s beyond q's length are not counted, so d is asymmetric, as in the authors' code.
 *
 * <p>Not quadratic in objects: the references are stored once as an inverted index from (visit
 * position, code) and from label to int postings. Writing d = A(q) + h(s, n_q) - 2 overlap(q, s) with
 * A(q) = |L_q| + Σ|q_i| and h(s, n) = [n != n_s] + |L_s| + Σ_{i &lt; min(n, n_s)} |s_i|, a query
 * accumulates overlaps only over the references sharing something with it; the best reference
 * sharing nothing is found by walking the references sorted by h(·, n_q) (cached per query length)
 * and stopping at the first one not already scored, so the rest is pruned.
 */
public final class NearestRecordIndex {
  /** The value returned when no reference qualifies (the authors' 1e10). */
  public static final double NONE = 1e10;

  private final List<EncodedPatient> references;
  private final long codeSpace;
  private final Long2IntOpenHashMap postingOf = new Long2IntOpenHashMap();
  private final int[] postingStart;
  private final int[] postings;
  private final int[][] prefixCodes; // per reference, Σ_{i<k} |s_i| for k = 0..n_s
  private final int[] labelCounts;
  private final ConcurrentHashMap<Integer, int[]> byH = new ConcurrentHashMap<>();
  private final ThreadLocal<int[]> overlapBuffer;
  private final ThreadLocal<int[]> touchedBuffer;

  public NearestRecordIndex(List<EncodedPatient> references, int codeSpace) {
    this.references = List.copyOf(references);
    this.codeSpace = codeSpace;
    postingOf.defaultReturnValue(-1);
    int n = this.references.size();
    prefixCodes = new int[n][];
    labelCounts = new int[n];
    // pass 1: count postings per key
    Long2IntOpenHashMap counts = new Long2IntOpenHashMap();
    for (int s = 0; s < n; s++) {
      EncodedPatient p = this.references.get(s);
      labelCounts[s] = p.labels().length;
      for (int l : p.labels()) counts.addTo(labelKey(l), 1);
      int[][] v = p.visits();
      prefixCodes[s] = new int[v.length + 1];
      for (int i = 0; i < v.length; i++) {
        prefixCodes[s][i + 1] = prefixCodes[s][i] + v[i].length;
        for (int c : v[i]) counts.addTo(visitKey(i, c), 1);
      }
    }
    long[] keys = counts.keySet().toLongArray();
    Arrays.sort(keys);
    postingStart = new int[keys.length + 1];
    for (int k = 0; k < keys.length; k++) {
      postingOf.put(keys[k], k);
      postingStart[k + 1] = postingStart[k] + counts.get(keys[k]);
    }
    postings = new int[postingStart[keys.length]];
    int[] fill = Arrays.copyOf(postingStart, keys.length);
    for (int s = 0; s < n; s++) {
      EncodedPatient p = this.references.get(s);
      for (int l : p.labels()) postings[fill[postingOf.get(labelKey(l))]++] = s;
      int[][] v = p.visits();
      for (int i = 0; i < v.length; i++) {
        for (int c : v[i]) postings[fill[postingOf.get(visitKey(i, c))]++] = s;
      }
    }
    overlapBuffer = ThreadLocal.withInitial(() -> new int[n]);
    touchedBuffer = ThreadLocal.withInitial(() -> new int[n]);
  }

  public int size() {
    return references.size();
  }

  private long labelKey(int l) {
    return -1L - l;
  }

  private long visitKey(int i, int c) {
    return i * codeSpace + c;
  }

  private int h(int s, int nq) {
    int ns = prefixCodes[s].length - 1;
    return (nq != ns ? 1 : 0) + labelCounts[s] + prefixCodes[s][Math.min(nq, ns)];
  }

  private int[] sortedByH(int nq) {
    return byH.computeIfAbsent(nq, n -> IntStream.range(0, references.size()).boxed()
        .sorted((a, b) -> Integer.compare(h(a, n), h(b, n))).mapToInt(Integer::intValue).toArray());
  }

  /** The plain definition of d(q, s), for tests and single pairs. */
  public static int distance(EncodedPatient q, EncodedPatient s) {
    int d = q.visitCount() != s.visitCount() ? 1 : 0;
    d += symmetricDifference(q.labels(), s.labels());
    for (int i = 0; i < q.visitCount(); i++) {
      d += i < s.visitCount() ? symmetricDifference(q.visits()[i], s.visits()[i]) : q.visits()[i].length;
    }
    return d;
  }

  /** |a Δ b| of two sorted duplicate-free arrays. */
  public static int symmetricDifference(int[] a, int[] b) {
    int i = 0, j = 0, common = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        common++;
        i++;
        j++;
      } else if (a[i] < b[j]) i++;
      else j++;
    }
    return a.length + b.length - 2 * common;
  }

  /**
   * min over references of d(q, s); with {@code positiveOnly} only d &gt; 0 counts (the nearest-
   * neighbour adversarial accuracy excludes self-matches and exact duplicates that way). Returns
   * {@link #NONE} when nothing qualifies.
   */
  public double nearest(EncodedPatient q, boolean positiveOnly) {
    int[] overlap = overlapBuffer.get();
    int[] touched = touchedBuffer.get();
    int nTouched = 0;
    int nq = q.visitCount();
    int a = q.labels().length;
    for (int l : q.labels()) nTouched = accumulate(labelKey(l), overlap, touched, nTouched);
    int[][] v = q.visits();
    for (int i = 0; i < nq; i++) {
      a += v[i].length;
      for (int c : v[i]) nTouched = accumulate(visitKey(i, c), overlap, touched, nTouched);
    }
    long best = Long.MAX_VALUE;
    for (int k = 0; k < nTouched; k++) {
      int s = touched[k];
      long d = a + h(s, nq) - 2L * overlap[s];
      if ((!positiveOnly || d > 0) && d < best) best = d;
    }
    // references sharing nothing with q: d = a + h(s, nq); walk them by increasing h, pruned at best
    for (int s : sortedByH(nq)) {
      long d = a + h(s, nq);
      if (d >= best) break;
      if (overlap[s] > 0 || (positiveOnly && d == 0)) continue;
      best = d;
      break;
    }
    for (int k = 0; k < nTouched; k++) overlap[touched[k]] = 0;
    return best == Long.MAX_VALUE ? NONE : best;
  }

  private int accumulate(long key, int[] overlap, int[] touched, int nTouched) {
    int p = postingOf.get(key);
    if (p < 0) return nTouched;
    for (int k = postingStart[p]; k < postingStart[p + 1]; k++) {
      int s = postings[k];
      if (overlap[s]++ == 0) touched[nTouched++] = s;
    }
    return nTouched;
  }

  /** Nearest distances of every query, in parallel over queries. */
  public double[] nearest(List<EncodedPatient> queries, boolean positiveOnly) {
    double[] out = new double[queries.size()];
    IntStream.range(0, queries.size()).parallel().forEach(i -> out[i] = nearest(queries.get(i), positiveOnly));
    return out;
  }
}
