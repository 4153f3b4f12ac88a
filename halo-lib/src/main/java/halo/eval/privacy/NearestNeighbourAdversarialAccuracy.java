package halo.eval.privacy;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.eval.Sampling;
import java.util.List;
import java.util.SplittableRandom;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Nearest-neighbour adversarial accuracy (paper Table 6; Part B §4.7). n = min(5,000, |T|, |E|, |S|)
 * records are drawn with replacement from train (T), test (E) and the non-empty synthetic records (S);
 * distances as {@link NearestRecordIndex} with set semantics, the minimum taken over d &gt; 0 only
 * (self-matches and exact duplicates excluded; 1e10 when nothing qualifies):
 *
 * <pre>
 *   AA_ES = ½ (P_e[d(e,S) &gt; d(e,E)] + P_s[d(s,E) &gt; d(s,S)])
 *   AA_TS = ½ (P_t[d(t,S) &gt; d(t,T)] + P_s[d(s,T) &gt; d(s,S)])
 *   NNAAE = AA_ES - AA_TS     (the privacy loss; near 0 is best, positive means memorisation)
 * </pre>
 */
public record NearestNeighbourAdversarialAccuracy(int maxPerSet, long seed) {
  /** The authors' 5,000 records per set, seed 4. */
  public static NearestNeighbourAdversarialAccuracy standard() {
    return new NearestNeighbourAdversarialAccuracy(5_000, 4);
  }

  /** The same size with another seed for the subsampling. */
  public NearestNeighbourAdversarialAccuracy withSeed(long s) {
    return new NearestNeighbourAdversarialAccuracy(maxPerSet, s);
  }

  /** One row. Columns: source, n, aa_es, aa_ts, nnaae, removed_empty_synthetic. */
  public Table of(String source, EncodedCohort train, EncodedCohort test, EncodedCohort synthetic, int codeSpace) {
    EncodedCohort syn = synthetic.nonEmpty();
    int n = Math.min(maxPerSet, Math.min(train.size(), Math.min(test.size(), syn.size())));
    if (n < 1) throw new IllegalArgumentException("NNAA needs non-empty train, test and synthetic sets");
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> t = Sampling.withReplacement(train.patients(), n, r);
    List<EncodedPatient> e = Sampling.withReplacement(test.patients(), n, r);
    List<EncodedPatient> s = Sampling.withReplacement(syn.patients(), n, r);
    NearestRecordIndex iT = new NearestRecordIndex(t, codeSpace);
    NearestRecordIndex iE = new NearestRecordIndex(e, codeSpace);
    NearestRecordIndex iS = new NearestRecordIndex(s, codeSpace);
    double val1 = fractionGreater(iS.nearest(e, true), iE.nearest(e, true));
    double val2 = fractionGreater(iE.nearest(s, true), iS.nearest(s, true));
    double val3 = fractionGreater(iS.nearest(t, true), iT.nearest(t, true));
    double val4 = fractionGreater(iT.nearest(s, true), iS.nearest(s, true));
    double aaES = (val1 + val2) / 2, aaTS = (val3 + val4) / 2;
    Table out = Table.create("Nearest-neighbour adversarial accuracy (NNAAE near 0 is best)",
        StringColumn.create("source"), IntColumn.create("n"), DoubleColumn.create("aa_es"),
        DoubleColumn.create("aa_ts"), DoubleColumn.create("nnaae"), IntColumn.create("removed_empty_synthetic"));
    out.stringColumn("source").append(source);
    out.intColumn("n").append(n);
    out.doubleColumn("aa_es").append(aaES);
    out.doubleColumn("aa_ts").append(aaTS);
    out.doubleColumn("nnaae").append(aaES - aaTS);
    out.intColumn("removed_empty_synthetic").append(synthetic.size() - syn.size());
    return out;
  }

  private static double fractionGreater(double[] a, double[] b) {
    int n = 0;
    for (int i = 0; i < a.length; i++) if (a[i] > b[i]) n++;
    return (double) n / a.length;
  }
}
