package halo.eval.similarity;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.longs.Long2LongMap;
import it.unimi.dsi.fastutil.longs.Long2LongOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveTask;

/**
 * The six code-probability counts of the authors' {@code evaluate_datasets.py} (Part B §4.2), counted
 * in one parallel pass with primitive-keyed maps:
 *
 * <pre>
 *   statistic                       count                                          normaliser
 *   per-visit unigram               visits containing c                            N_vis
 *   per-record unigram              records with c in any visit                    N_rec
 *   per-visit same-visit bigram     visits containing the unordered pair a &lt; b     N_vis
 *   per-record same-visit bigram    records where the pair co-occurs in a visit    N_rec
 *   per-visit sequential bigram     ordered pairs (a in visit j-1, b in visit j),  N_vis - N_rec
 *                                   summed over transitions; a = b allowed         (transitions)
 *   per-record sequential bigram    records containing the ordered pair            N_rec
 * </pre>
 *
 * Pair keys are {@code a * C + b} (C = {@link #codeSpace}); each map value packs the per-visit count
 * (high 32 bits) and the per-record count (low 32 bits), so every distinct pair of a record costs one
 * hash update. Patients are split into chunks counted in a fork-join pool, each with its own maps,
 * merged at the end; memory is proportional to the distinct codes and pairs. Empty visits count in
 * N_vis (as in the authors' real data).
 */
public record CodeStatistics(
    int codeSpace,
    long records,
    long visits,
    long transitions,
    Int2LongOpenHashMap unigrams,
    Long2LongOpenHashMap sameVisit,
    Long2LongOpenHashMap sequential) {

  /** Smallest chunk of patients counted by one task. */
  private static final int MIN_CHUNK = 512;

  /** Counts {@code cohort}'s statistics; codes must be below {@code codeSpace} (the vocabulary's C). */
  public static CodeStatistics of(EncodedCohort cohort, int codeSpace) {
    return of(cohort.patients(), codeSpace);
  }

  public static CodeStatistics of(List<EncodedPatient> patients, int codeSpace) {
    if (codeSpace < 1) throw new IllegalArgumentException("code space must be >= 1, got " + codeSpace);
    // a few large chunks per worker: every level of the merge tree re-inserts the distinct pairs, so
    // fewer, larger chunks cost less than many small ones while still balancing the load
    int chunk = Math.max(MIN_CHUNK, patients.size() / (4 * ForkJoinPool.getCommonPoolParallelism()) + 1);
    return ForkJoinPool.commonPool().invoke(new Count(patients, 0, patients.size(), codeSpace, chunk));
  }

  /** Per-visit count of a packed value. */
  public static long perVisit(long packed) {
    return packed >>> 32;
  }

  /** Per-record count of a packed value. */
  public static long perRecord(long packed) {
    return packed & 0xFFFFFFFFL;
  }

  public int distinctCodes() {
    return unigrams.size();
  }

  private static final class Count extends RecursiveTask<CodeStatistics> {
    private final List<EncodedPatient> patients;
    private final int from, to, codeSpace, chunk;

    Count(List<EncodedPatient> patients, int from, int to, int codeSpace, int chunk) {
      this.patients = patients;
      this.from = from;
      this.to = to;
      this.codeSpace = codeSpace;
      this.chunk = chunk;
    }

    @Override
    protected CodeStatistics compute() {
      if (to - from <= chunk) return countRange();
      int mid = (from + to) >>> 1;
      Count left = new Count(patients, from, mid, codeSpace, chunk);
      left.fork();
      CodeStatistics right = new Count(patients, mid, to, codeSpace, chunk).compute();
      return merge(left.join(), right);
    }

    private CodeStatistics countRange() {
      Int2LongOpenHashMap uni = new Int2LongOpenHashMap();
      Long2LongOpenHashMap same = new Long2LongOpenHashMap();
      Long2LongOpenHashMap seq = new Long2LongOpenHashMap();
      long nVis = 0, nTrans = 0;
      long[] buf = new long[1024];
      for (int p = from; p < to; p++) {
        int[][] visits = patients.get(p).visits();
        nVis += visits.length;
        nTrans += Math.max(0, visits.length - 1);
        // unigrams
        int n = 0;
        for (int[] v : visits) {
          buf = ensure(buf, n + v.length);
          for (int c : v) {
            if (c >= codeSpace) {
              throw new IllegalArgumentException("patient " + patients.get(p).id() + ": code " + c
                  + " is outside the code space of " + codeSpace + " (use the vocabulary the cohort was encoded with)");
            }
            buf[n++] = c;
          }
        }
        addRuns(buf, n, (k, visitsWith) -> uni.addTo((int) k, (visitsWith << 32) | 1L));
        // same-visit unordered pairs a < b (visits are sorted)
        n = 0;
        for (int[] v : visits) {
          buf = ensure(buf, n + v.length * (v.length - 1) / 2);
          for (int i = 0; i < v.length; i++) {
            long base = (long) v[i] * codeSpace;
            for (int j = i + 1; j < v.length; j++) buf[n++] = base + v[j];
          }
        }
        addRuns(buf, n, (k, c) -> same.addTo(k, (c << 32) | 1L));
        // sequential ordered pairs (a in visit t-1, b in visit t)
        n = 0;
        for (int t = 1; t < visits.length; t++) {
          int[] a = visits[t - 1], b = visits[t];
          buf = ensure(buf, n + a.length * b.length);
          for (int x : a) {
            long base = (long) x * codeSpace;
            for (int y : b) buf[n++] = base + y;
          }
        }
        addRuns(buf, n, (k, c) -> seq.addTo(k, (c << 32) | 1L));
      }
      return new CodeStatistics(codeSpace, to - from, nVis, nTrans, uni, same, seq);
    }
  }

  private interface RunSink {
    void accept(long key, long count);
  }

  /** Sorts buf[0, n) and reports each distinct key with its multiplicity. */
  private static void addRuns(long[] buf, int n, RunSink sink) {
    if (n == 0) return;
    Arrays.sort(buf, 0, n);
    int i = 0;
    while (i < n) {
      int j = i + 1;
      while (j < n && buf[j] == buf[i]) j++;
      sink.accept(buf[i], j - i);
      i = j;
    }
  }

  private static long[] ensure(long[] buf, int size) {
    return size <= buf.length ? buf : Arrays.copyOf(buf, Math.max(size, buf.length * 2));
  }

  private static CodeStatistics merge(CodeStatistics a, CodeStatistics b) {
    // merge the smaller maps into the larger ones
    Int2LongOpenHashMap uni = a.unigrams.size() >= b.unigrams.size() ? a.unigrams : b.unigrams;
    Int2LongOpenHashMap uniOther = uni == a.unigrams ? b.unigrams : a.unigrams;
    uni.ensureCapacity(uni.size() + uniOther.size());
    for (var e : uniOther.int2LongEntrySet()) uni.addTo(e.getIntKey(), e.getLongValue());
    return new CodeStatistics(a.codeSpace, a.records + b.records, a.visits + b.visits, a.transitions + b.transitions,
        uni, mergeInto(a.sameVisit, b.sameVisit), mergeInto(a.sequential, b.sequential));
  }

  private static Long2LongOpenHashMap mergeInto(Long2LongOpenHashMap a, Long2LongOpenHashMap b) {
    Long2LongOpenHashMap big = a.size() >= b.size() ? a : b;
    Long2LongOpenHashMap small = big == a ? b : a;
    // size the target for the union first: inserting one open-addressing table's keys, in its slot
    // order, into a smaller table with the same hash function clusters them and turns quadratic
    big.ensureCapacity(big.size() + small.size());
    for (Long2LongMap.Entry e : small.long2LongEntrySet()) big.addTo(e.getLongKey(), e.getLongValue());
    return big;
  }

  /** The six statistics, in the order of the authors' script. */
  public enum Statistic {
    PER_VISIT_UNIGRAM("per-visit unigram"),
    PER_RECORD_UNIGRAM("per-record unigram"),
    PER_VISIT_SAME_VISIT_BIGRAM("per-visit same-visit bigram"),
    PER_RECORD_SAME_VISIT_BIGRAM("per-record same-visit bigram"),
    PER_VISIT_SEQUENTIAL_BIGRAM("per-visit sequential bigram"),
    PER_RECORD_SEQUENTIAL_BIGRAM("per-record sequential bigram");

    private final String label;

    Statistic(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public boolean perVisit() {
      return this == PER_VISIT_UNIGRAM || this == PER_VISIT_SAME_VISIT_BIGRAM || this == PER_VISIT_SEQUENTIAL_BIGRAM;
    }

    public boolean unigram() {
      return this == PER_VISIT_UNIGRAM || this == PER_RECORD_UNIGRAM;
    }

    public boolean sequential() {
      return this == PER_VISIT_SEQUENTIAL_BIGRAM || this == PER_RECORD_SEQUENTIAL_BIGRAM;
    }
  }

  /** The probability map of one statistic: key (code, or pair a*C+b) to probability. */
  public it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap probabilities(Statistic s) {
    var out = new it.unimi.dsi.fastutil.longs.Long2DoubleOpenHashMap();
    double norm = switch (s) {
      case PER_VISIT_UNIGRAM, PER_VISIT_SAME_VISIT_BIGRAM -> visits;
      case PER_VISIT_SEQUENTIAL_BIGRAM -> transitions;
      default -> records;
    };
    if (norm == 0) return out;
    if (s.unigram()) {
      for (var e : unigrams.int2LongEntrySet()) {
        long c = s.perVisit() ? perVisit(e.getLongValue()) : perRecord(e.getLongValue());
        out.put(e.getIntKey(), c / norm);
      }
    } else {
      Long2LongOpenHashMap m = s.sequential() ? sequential : sameVisit;
      out.ensureCapacity(m.size());
      for (Long2LongMap.Entry e : m.long2LongEntrySet()) {
        long c = s.perVisit() ? perVisit(e.getLongValue()) : perRecord(e.getLongValue());
        out.put(e.getLongKey(), c / norm);
      }
    }
    return out;
  }

  /** Distinct keys of each statistic family, for reports. */
  public List<Integer> sizes() {
    return new ArrayList<>(List.of(unigrams.size(), sameVisit.size(), sequential.size()));
  }
}
