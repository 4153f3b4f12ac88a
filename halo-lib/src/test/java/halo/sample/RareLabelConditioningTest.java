package halo.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.train.Trainer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A rare label that determines a code: 3% of records carry label 0 and hold code R in some visit, no
 * other record does (as a chronic condition defines its label). HALO trained on it and conditioned on
 * the label generates R in at least 80% of records, and in at most 5% of records conditioned on its
 * absence; every conditioned label row keeps exactly one of the two "sex" labels, as real rows do.
 */
class RareLabelConditioningTest {
  static final int R = 3; // the rare label's code
  static final Vocabulary VOC = Fixtures.vocabulary(14, 3); // labels: l0 rare, l1 and l2 an exclusive pair ("sex")

  static List<EncodedPatient> cohort(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    int[] noise = {0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    for (int i = 0; i < n; i++) {
      boolean rare = r.nextDouble() < 0.03;
      int visits = 2 + r.nextInt(5);
      int onset = r.nextInt(visits); // coded from onset on, as an active chronic condition
      int[][] vs = new int[visits][];
      for (int t = 0; t < visits; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        s.add(noise[r.nextInt(noise.length)]);
        if (r.nextDouble() < 0.5) s.add(noise[r.nextInt(noise.length)]);
        if (rare && t >= onset) s.add(R);
        vs[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      int sex = r.nextBoolean() ? 1 : 2;
      out.add(new EncodedPatient("p" + i, rare ? new int[] {0, sex} : new int[] {sex}, vs));
    }
    return out;
  }

  static double holdingR(List<EncodedPatient> ps) {
    return ps.stream().filter(p -> Arrays.stream(p.visits()).anyMatch(v -> Arrays.binarySearch(v, R) >= 0)).count() / (double) ps.size();
  }

  @Test
  void givenARareLabelThatDeterminesACode_whenConditioning_thenTheCodeFollowsTheLabel() throws Exception {
    List<EncodedPatient> train = cohort(2_000, 1);
    long positives = train.stream().filter(p -> p.hasLabel(0)).count();
    assertTrue(positives >= 40 && positives <= 80, "about 3% positives: " + positives);
    HaloConfig c = HaloConfig.smoke().withKind(ModelKind.HALO).withModel(s -> s.embedding(32).layers(1).heads(2).context(9))
        .withTraining(t -> t.batchSize(32).learningRate(1e-2).epochs(10)).withSampleBatch(500).withSeed(3);
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      Generator g = new Generator(m, LabelPrior.fit(train, VOC));
      List<EncodedPatient> with = g.sample(LabelSpec.of(new int[] {0}, new int[0]), 400, 5, "w").cohort().patients();
      List<EncodedPatient> without = g.sample(LabelSpec.of(new int[0], new int[] {0}), 400, 6, "o").cohort().patients();
      double pw = holdingR(with), po = holdingR(without);
      String msg = "share of records holding the rare label's code: conditioned on it " + pw + ", on its absence " + po;
      System.out.println(msg);
      assertTrue(pw >= 0.80, msg);
      assertTrue(po <= 0.05, msg);
      for (EncodedPatient p : with) {
        assertTrue(p.hasLabel(0));
        assertEquals(1, (p.hasLabel(1) ? 1 : 0) + (p.hasLabel(2) ? 1 : 0), "exactly one sex: " + Arrays.toString(p.labels()));
      }
    }
  }
}
