package halo.model;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/** Small vocabularies and cohorts built in code for model tests. */
public final class Fixtures {
  private Fixtures() {}

  /** A vocabulary of {@code codes} diagnosis codes c0.. and {@code labels} labels l0.. (V = codes + labels + 3). */
  public static Vocabulary vocabulary(int codes, int labels) {
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < codes; i++) t.add(Token.clinical(CodeKind.DIAGNOSIS, "c" + i, ""));
    List<String> l = new ArrayList<>();
    for (int i = 0; i < labels; i++) l.add("l" + i);
    return new Vocabulary(t, l, labels, 1);
  }

  /** Random patients: 0..maxVisits visits of 0..4 random codes, random labels. */
  public static List<EncodedPatient> random(Vocabulary v, int n, int maxVisits, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[][] visits = new int[r.nextInt(maxVisits + 1)][];
      for (int t = 0; t < visits.length; t++) visits[t] = randomSet(r, r.nextInt(5), v.codeCount());
      out.add(new EncodedPatient("p" + i, randomSet(r, r.nextInt(v.labelCount() + 1), v.labelCount()), visits));
    }
    return out;
  }

  static int[] randomSet(Random r, int k, int bound) {
    TreeSet<Integer> s = new TreeSet<>();
    while (s.size() < Math.min(k, bound)) s.add(r.nextInt(bound));
    return s.stream().mapToInt(Integer::intValue).toArray();
  }
}
