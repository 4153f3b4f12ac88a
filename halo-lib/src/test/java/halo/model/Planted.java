package halo.model;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.similarity.CodeStatistics;
import halo.eval.similarity.CodeStatistics.Statistic;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

/**
 * A small cohort with a strongly skewed code distribution, for "the model learned something" tests:
 * code c is drawn with probability ∝ 1/(c+1)² (a few codes dominate), 2–6 visits of 1–4 codes. Its
 * shuffled twin keeps every record's shape but draws codes uniformly, so a model trained on it
 * cannot know the skew: its samples' per-visit unigram R² against the planted cohort is near or
 * below 0, while a model that learned the planted data scores far higher.
 */
public final class Planted {
  public static final Vocabulary VOC = Fixtures.vocabulary(30, 2);

  private Planted() {}

  public static List<EncodedPatient> cohort(int n, long seed) {
    return make(n, seed, false);
  }

  public static List<EncodedPatient> shuffled(int n, long seed) {
    return make(n, seed, true);
  }

  private static List<EncodedPatient> make(int n, long seed, boolean uniform) {
    Random r = new Random(seed);
    int c = VOC.codeCount();
    double[] cdf = new double[c];
    double total = 0;
    for (int k = 0; k < c; k++) cdf[k] = total += 1.0 / ((k + 1) * (k + 1));
    List<EncodedPatient> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int[][] visits = new int[2 + r.nextInt(5)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int size = 1 + r.nextInt(4);
        while (s.size() < size) {
          double u = r.nextDouble() * total;
          int k = 0;
          while (cdf[k] < u) k++;
          s.add(uniform ? r.nextInt(c) : k);
        }
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      int[] labels = r.nextDouble() < 0.4 ? new int[] {0} : new int[0];
      out.add(new EncodedPatient("p" + i, labels, visits));
    }
    return out;
  }

  /** Per-visit unigram R² (the paper's, over the union of codes) of {@code synthetic} against {@code real}. */
  public static double unigramR2(List<EncodedPatient> real, List<EncodedPatient> synthetic) {
    var a = halo.eval.similarity.Similarity.align(CodeStatistics.of(real, VOC.codeCount()),
        CodeStatistics.of(synthetic, VOC.codeCount()), Statistic.PER_VISIT_UNIGRAM);
    return halo.eval.Agreement.r2(a.real(), a.synthetic());
  }
}
