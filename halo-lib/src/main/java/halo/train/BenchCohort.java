package halo.train;

import halo.data.CodeKind;
import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Splits;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.model.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * A synthetic cohort with the shape of the authors' timing setup (2,000 Synthea patients; diagnoses,
 * procedures and medications; V ≈ 955; about 33 visits per record and 5 codes per visit), for
 * benchmarking when no real cohort is at hand. Codes follow a Zipf-like popularity, each patient has a
 * few persistent "chronic" codes that recur, so a trained model learns visibly sparse rows. Not data
 * to draw conclusions from: only its sizes matter.
 */
public final class BenchCohort {
  private BenchCohort() {}

  public static Dataset of(int patients, int codes, int labels, double meanVisits, double codesPerVisit, int maxVisits, long seed) {
    List<Token> tokens = new ArrayList<>();
    CodeKind[] kinds = {CodeKind.DIAGNOSIS, CodeKind.PROCEDURE, CodeKind.MEDICATION};
    for (int i = 0; i < codes; i++) tokens.add(Token.clinical(kinds[i % 3], "b" + i, ""));
    List<String> names = new ArrayList<>();
    for (int l = 0; l < labels; l++) names.add("label" + l);
    Vocabulary v = new Vocabulary(tokens, names, labels, seed);
    Rng rng = new Rng(seed);
    double[] cdf = new double[codes];
    double z = 0;
    for (int i = 0; i < codes; i++) cdf[i] = z += 1.0 / (i + 5);
    List<EncodedPatient> ps = new ArrayList<>(patients);
    List<String> ids = new ArrayList<>();
    for (int p = 0; p < patients; p++) {
      int n = Math.min(maxVisits, 1 + (int) Math.round(-Math.log1p(-rng.nextDouble()) * (meanVisits - 1)));
      int[] chronic = {draw(cdf, rng), draw(cdf, rng)};
      int[][] visits = new int[n][];
      for (int t = 0; t < n; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        if (rng.nextDouble() < 0.6) s.add(chronic[0]);
        if (rng.nextDouble() < 0.4) s.add(chronic[1]);
        int k = 1 + (int) Math.round(-Math.log1p(-rng.nextDouble()) * (codesPerVisit - 2));
        while (s.size() < k) s.add(draw(cdf, rng));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      TreeSet<Integer> ls = new TreeSet<>();
      for (int l = 0; l < labels; l++) if (rng.nextDouble() < 0.15) ls.add(l);
      String id = "bench" + p;
      ids.add(id);
      ps.add(new EncodedPatient(id, ls.stream().mapToInt(Integer::intValue).toArray(), visits));
    }
    return new Dataset("bench", v, new EncodedCohort(v.hash(), ps), Splits.of(ids, seed));
  }

  /** The authors' timing shape: 2,000 patients, V = 927 codes + 25 labels + 3 = 955, ~33 visits, ~5 codes. */
  public static Dataset paperShape(long seed) {
    return of(2000, 927, 25, 33, 5, 46, seed);
  }

  private static int draw(double[] cdf, Rng rng) {
    double u = rng.nextDouble() * cdf[cdf.length - 1];
    int i = Arrays.binarySearch(cdf, u);
    return i >= 0 ? i : Math.min(cdf.length - 1, -i - 1);
  }
}
