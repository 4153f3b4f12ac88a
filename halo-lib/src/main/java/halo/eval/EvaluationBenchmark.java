package halo.eval;

import halo.data.EncodedPatient;
import halo.eval.privacy.NearestRecordIndex;
import halo.eval.similarity.CodeStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The evaluation speed benchmark (not a test): counts all same-visit and sequential bigrams of a
 * paper-sized synthetic cohort, and runs the nearest-record search of the privacy metrics over
 * 10,000 × 10,000 records. Records are drawn from a Zipf-like code law over C codes, so that common
 * codes make long posting lists, as in real data.
 */
public final class EvaluationBenchmark {
  private EvaluationBenchmark() {}

  /** Measured figures. */
  public record Timings(int records, long visits, long pairEntries, int distinctSameVisit, int distinctSequential,
      double bigramSeconds, int queries, int references, double nearestSeconds, double meanNearest) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "bigram counting: %,d records, %,d visits, %,d pair occurrences -> %,d distinct same-visit + %,d distinct "
              + "sequential pairs in %.1f s%nnearest record: %,d queries x %,d references in %.1f s (mean distance %.2f)",
          records, visits, pairEntries, distinctSameVisit, distinctSequential, bigramSeconds, queries, references,
          nearestSeconds, meanNearest);
    }
  }

  /** Synthetic records: {@code visits} visits each of 2..maxCodes Zipf-distributed codes over C codes. */
  public static List<EncodedPatient> cohort(String prefix, int n, int visits, int maxCodes, int codes, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>(n);
    double logC = Math.log(codes + 1.0);
    for (int p = 0; p < n; p++) {
      int[][] v = new int[visits][];
      for (int t = 0; t < visits; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int k = 2 + r.nextInt(maxCodes - 1);
        while (s.size() < k) s.add(Math.min(codes - 1, (int) (Math.exp(r.nextDouble() * logC) - 1)));
        v[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      int[] labels = r.nextDouble() < 0.3 ? new int[] {r.nextInt(10)} : new int[0];
      out.add(new EncodedPatient(prefix + p, labels, v));
    }
    return out;
  }

  public static Timings run(int records, int visits, int maxCodes, int codes, int nnRecords, int nnVisits) {
    List<EncodedPatient> big = cohort("b", records, visits, maxCodes, codes, 1);
    long entries = 0, nVisits = 0;
    for (EncodedPatient p : big) {
      int[][] v = p.visits();
      nVisits += v.length;
      for (int t = 0; t < v.length; t++) {
        entries += (long) v[t].length * (v[t].length - 1) / 2;
        if (t > 0) entries += (long) v[t - 1].length * v[t].length;
      }
    }
    long t0 = System.nanoTime();
    CodeStatistics s = CodeStatistics.of(big, codes);
    double bigram = (System.nanoTime() - t0) / 1e9;
    int same = s.sameVisit().size(), seq = s.sequential().size();
    big = null;
    s = null;
    List<EncodedPatient> queries = cohort("q", nnRecords, nnVisits, maxCodes, codes, 2);
    List<EncodedPatient> refs = cohort("r", nnRecords, nnVisits, maxCodes, codes, 3);
    long t1 = System.nanoTime();
    double[] d = new NearestRecordIndex(refs, codes).nearest(queries, false);
    double nn = (System.nanoTime() - t1) / 1e9;
    double mean = Arrays.stream(d).average().orElse(Double.NaN);
    return new Timings(records, nVisits, entries, same, seq, bigram, queries.size(), refs.size(), nn, mean);
  }

  /** Runs the paper-sized benchmark: 100,000 records x 30 visits over 7,000 codes; 10,000 x 10,000 records. */
  public static void main(String[] args) {
    System.setProperty("java.awt.headless", "true");
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    System.out.println(run(records, 30, 10, 7_000, 10_000, 3));
  }
}
