package halo.sample;

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
 * A planted-rule cohort: code B always follows code A in the next visit, and code D always occurs
 * with code C in the same visit (and never without it). After training, HALO's samples reproduce
 * both rules; HALO-Coarse, whose codes are independent within a visit, reproduces the first but not
 * the second (it can only give D its marginal rate, about 0.3, whether or not C was drawn).
 */
class PlantedRuleTest {
  static final int A = 1, B = 5, C = 2, D = 7; // C before D in the within-visit order, as HALO needs
  static final Vocabulary VOC = Fixtures.vocabulary(12, 1);

  static List<EncodedPatient> cohort(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    int[] noise = {0, 3, 4, 6, 8, 9, 10, 11};
    for (int i = 0; i < n; i++) {
      int visits = 2 + r.nextInt(5);
      int[][] vs = new int[visits][];
      boolean prevA = false;
      for (int t = 0; t < visits; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        s.add(noise[r.nextInt(noise.length)]);
        if (r.nextDouble() < 0.3) s.add(A);
        if (prevA) s.add(B);
        if (r.nextDouble() < 0.3) {
          s.add(C);
          s.add(D);
        }
        prevA = s.contains(A);
        vs[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      out.add(new EncodedPatient("p" + i, r.nextBoolean() ? new int[] {0} : new int[0], vs));
    }
    return out;
  }

  /** {P(B in t+1 | A in t), P(D in t | C in t)} over the visits of the records. */
  static double[] rates(List<EncodedPatient> ps) {
    long a = 0, ab = 0, c = 0, cd = 0;
    for (EncodedPatient p : ps) {
      for (int t = 0; t < p.visitCount(); t++) {
        int[] v = p.visits()[t];
        if (Arrays.binarySearch(v, C) >= 0) {
          c++;
          if (Arrays.binarySearch(v, D) >= 0) cd++;
        }
        if (t + 1 < p.visitCount() && Arrays.binarySearch(v, A) >= 0) {
          a++;
          if (Arrays.binarySearch(p.visits()[t + 1], B) >= 0) ab++;
        }
      }
    }
    return new double[] {ab / (double) a, cd / (double) c};
  }

  @Test
  void givenPlantedRules_whenTrainedAndSampled_thenHaloKeepsBothAndCoarseOnlyTheSequentialOne() throws Exception {
    List<EncodedPatient> train = cohort(800, 1);
    HaloConfig base = HaloConfig.smoke().withModel(s -> s.embedding(32).layers(1).heads(2).context(10))
        .withTraining(t -> t.batchSize(32).learningRate(1e-2).epochs(12)).withSampleBatch(500).withSeed(3);
    double[] halo = trainAndSample(base.withKind(ModelKind.HALO), train);
    double[] coarse = trainAndSample(base.withKind(ModelKind.HALO_COARSE), train);
    String msg = "rates {B after A, D with C}: HALO " + Arrays.toString(halo) + ", Coarse " + Arrays.toString(coarse);
    System.out.println(msg);
    assertTrue(halo[0] > 0.85 && halo[1] > 0.85, msg);
    assertTrue(coarse[0] > 0.85, msg);
    assertTrue(coarse[1] < 0.6, msg);
  }

  static double[] trainAndSample(HaloConfig c, List<EncodedPatient> train) throws Exception {
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      Generator.Result r = new Generator(m).sample(1000, 9, "s");
      return rates(r.cohort().patients());
    }
  }
}
