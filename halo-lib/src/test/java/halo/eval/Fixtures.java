package halo.eval;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Small in-memory vocabularies and cohorts for evaluation tests. */
public final class Fixtures {
  private Fixtures() {}

  /** C diagnosis codes c0..c{C-1}, L chronic labels l0..l{L-1}. */
  public static Vocabulary vocabulary(int codes, int labels) {
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < codes; i++) t.add(Token.clinical(CodeKind.DIAGNOSIS, "c" + i, ""));
    List<String> l = new ArrayList<>();
    for (int i = 0; i < labels; i++) l.add("l" + i);
    return new Vocabulary(t, l, labels, 1);
  }

  public static EncodedPatient patient(String id, int[] labels, int[]... visits) {
    return new EncodedPatient(id, labels, visits);
  }

  public static EncodedCohort cohort(Vocabulary v, List<EncodedPatient> patients) {
    return new EncodedCohort(v.hash(), patients);
  }

  /**
   * Random patients: 1..maxVisits visits of 1..maxCodes codes drawn from a skewed distribution
   * (code i has weight 1/(i+1)), labels each with probability 0.3.
   */
  public static List<EncodedPatient> random(String prefix, int n, int codes, int labels, int maxVisits, int maxCodes,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      int nv = 1 + r.nextInt(maxVisits);
      int[][] visits = new int[nv][];
      for (int t = 0; t < nv; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int k = 1 + r.nextInt(maxCodes);
        while (s.size() < Math.min(k, codes)) s.add(skewed(r, codes));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      TreeSet<Integer> ls = new TreeSet<>();
      for (int l = 0; l < labels; l++) if (r.nextDouble() < 0.3) ls.add(l);
      out.add(new EncodedPatient(prefix + p, ls.stream().mapToInt(Integer::intValue).toArray(), visits));
    }
    return out;
  }

  /**
   * Records from a wide uniform law (2..maxVisits visits of 3..maxCodes codes, labels with
   * probability 0.3), so that two independent records essentially never coincide.
   */
  public static List<EncodedPatient> wide(String prefix, int n, int codes, int labels, int maxVisits, int maxCodes,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int p = 0; p < n; p++) {
      int[][] visits = new int[2 + r.nextInt(maxVisits - 1)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int k = 3 + r.nextInt(maxCodes - 2);
        while (s.size() < k) s.add(r.nextInt(codes));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      TreeSet<Integer> ls = new TreeSet<>();
      for (int l = 0; l < labels; l++) if (r.nextDouble() < 0.3) ls.add(l);
      out.add(new EncodedPatient(prefix + p, ls.stream().mapToInt(Integer::intValue).toArray(), visits));
    }
    return out;
  }

  /** Each record with the last code of its first visit removed (a near copy, at distance 1). */
  public static List<EncodedPatient> nearCopies(List<EncodedPatient> ps) {
    List<EncodedPatient> out = new ArrayList<>();
    for (EncodedPatient p : ps) {
      int[][] v = p.visits().clone();
      v[0] = java.util.Arrays.copyOf(v[0], v[0].length - 1);
      out.add(new EncodedPatient("near-" + p.id(), p.labels(), v));
    }
    return out;
  }

  private static int skewed(SplittableRandom r, int codes) {
    // inverse-CDF of a truncated 1/(i+1) law, approximately: exp(u * ln(C+1)) - 1
    return Math.min(codes - 1, (int) (Math.exp(r.nextDouble() * Math.log(codes + 1)) - 1));
  }
}
