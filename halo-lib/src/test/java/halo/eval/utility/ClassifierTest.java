package halo.eval.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.BinaryMetrics;
import halo.eval.Bootstrap;
import halo.eval.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ClassifierTest {
  static final int C = 20;
  static final Vocabulary V = Fixtures.vocabulary(C, 2);

  /**
   * Planted signal: label 0 positives carry code 0 in one of their visits with probability 0.85,
   * negatives with probability 0.1; other codes are noise from 1..C-1. 1 to 3 visits. Label 1 is
   * independent noise at 30%.
   */
  static List<EncodedPatient> planted(String prefix, int n, double positiveRate, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean pos = r.nextDouble() < positiveRate;
      int[][] visits = new int[1 + r.nextInt(3)][];
      int signalVisit = r.nextDouble() < (pos ? 0.85 : 0.1) ? r.nextInt(visits.length) : -1;
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        while (s.size() < 3) s.add(1 + r.nextInt(C - 1));
        if (t == signalVisit) s.add(0);
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      List<Integer> labels = new ArrayList<>();
      if (pos) labels.add(0);
      if (r.nextDouble() < 0.3) labels.add(1);
      out.add(new EncodedPatient(prefix + i, labels.stream().mapToInt(Integer::intValue).toArray(), visits));
    }
    return out;
  }

  static LabelledRecords labelled(List<EncodedPatient> ps) {
    boolean[] y = new boolean[ps.size()];
    for (int i = 0; i < y.length; i++) y[i] = ps.get(i).hasLabel(0);
    return new LabelledRecords(ps, y);
  }

  static double auroc(RecordClassifier c, LabelledRecords train, LabelledRecords val, LabelledRecords test) {
    return BinaryMetrics.auroc(c.fitAndScore(train, val, test.records(), 1), test.positive());
  }

  @Test
  void givenPlantedSignalWhenLogisticThenBeatsChanceAndShuffledLabelsSitAtChance() {
    var train = labelled(planted("t", 400, 0.5, 1));
    var val = labelled(planted("v", 100, 0.5, 2));
    var test = labelled(planted("e", 400, 0.5, 3));
    // Bayes AUROC here is about 0.87 (signal in 85% vs 10% of records)
    assertTrue(auroc(LogisticBaseline.of(C), train, val, test) > 0.8);
    double shuffled = auroc(LogisticBaseline.of(C), train.shuffledTargets(new SplittableRandom(9)), val, test);
    assertEquals(0.5, shuffled, 0.1);
  }

  @Test
  void givenTheSameRecords_whenSparseLogisticFit_thenItsScoresEqualSmilesDenseFitOfTheSameObjective() {
    var train = labelled(planted("t", 400, 0.5, 41));
    var test = planted("e", 300, 0.5, 43);
    double[] sparse = LogisticBaseline.of(C).fitAndScore(train, null, test, 1);
    // dense reference: one column per code of the space (codes unseen in training stay all-zero, weight 0 under L2)
    double[][] x = new double[train.size()][C];
    int[] y = new int[train.size()];
    for (int i = 0; i < x.length; i++) {
      for (int[] v : train.records().get(i).visits()) for (int c : v) x[i][c] = 1;
      y[i] = train.positive()[i] ? 1 : 0;
    }
    var dense = smile.classification.LogisticRegression.binomial(x, y,
        new smile.classification.LogisticRegression.Options(LogisticBaseline.LAMBDA, 1e-5, 500));
    double[] posterior = new double[2];
    double maxDiff = 0;
    for (int i = 0; i < test.size(); i++) {
      double[] xt = new double[C];
      for (int[] v : test.get(i).visits()) for (int c : v) xt[c] = 1;
      dense.predict(xt, posterior);
      maxDiff = Math.max(maxDiff, Math.abs(posterior[1] - sparse[i]));
    }
    assertTrue(maxDiff < 1e-3, "largest score difference sparse vs dense: " + maxDiff);
    // and the scores are not degenerate: they separate the planted signal
    assertTrue(BinaryMetrics.auroc(sparse, labelled(test).positive()) > 0.8);
  }

  @Test
  void givenRepeatedCodesAcrossVisits_whenFeatures_thenOneSortedEntryPerDistinctTrainingCode() {
    int[] column = {2, -1, 0, 1}; // code 1 unseen in training
    var x = LogisticBaseline.features(new EncodedPatient("p", new int[0], new int[][] {{0, 3}, {1, 2, 3}, {0}}), column);
    assertEquals(List.of(0, 1, 2), x.indexStream().boxed().toList());
    assertEquals(3.0, x.valueStream().sum());
  }

  @Test
  void givenPlantedSignalWhenBiLstmThenBeatsChanceAndShuffledLabelsSitAtChance() {
    var train = labelled(planted("t", 200, 0.5, 11));
    var val = labelled(planted("v", 60, 0.5, 12));
    var test = labelled(planted("e", 200, 0.5, 13));
    var lstm = new BiLstmClassifier(C, 8, 32, 1e-2f); // small and fast: 8 epochs of 7 batches
    double a = auroc(lstm, train, val, test);
    assertTrue(a > 0.75, "BiLSTM AUROC on a planted signal: " + a);
    double shuffled = auroc(lstm, train.shuffledTargets(new SplittableRandom(9)), val, test);
    assertEquals(0.5, shuffled, 0.15);
  }

  @Test
  void givenAConcurrentClassifier_whenPhenotyping_thenTheTableEqualsTheOneFittedOneByOne() {
    EncodedCohort train = Fixtures.cohort(V, planted("t", 300, 0.4, 21));
    EncodedCohort val = Fixtures.cohort(V, planted("v", 80, 0.4, 22));
    EncodedCohort test = Fixtures.cohort(V, planted("e", 160, 0.4, 23));
    EncodedCohort syn = Fixtures.cohort(V, planted("s", 200, 0.4, 24));
    LogisticBaseline logistic = LogisticBaseline.of(C);
    RecordClassifier oneByOne = new RecordClassifier() { // the same classifier, declared not concurrent
      public String name() { return logistic.name(); }
      public double[] fitAndScore(LabelledRecords tr, LabelledRecords va, List<EncodedPatient> te, long seed) {
        return logistic.fitAndScore(tr, va, te, seed);
      }
    };
    var p = new Phenotyping(2500, 250, 500, 4, new Bootstrap(20, 0.95, 1));
    Table a = p.of(V, train, val, test, Map.of("syn", syn), List.of(logistic)).metrics();
    Table b = p.of(V, train, val, test, Map.of("syn", syn), List.of(oneByOne)).metrics();
    assertEquals(b.print(100), a.print(100));
  }

  @Test
  void givenSourcesWhenPhenotypingThenRowsPerLabelSourceAndSizesScaled() {
    EncodedCohort train = Fixtures.cohort(V, planted("t", 300, 0.4, 21));
    EncodedCohort val = Fixtures.cohort(V, planted("v", 80, 0.4, 22));
    EncodedCohort test = Fixtures.cohort(V, planted("e", 160, 0.4, 23));
    List<EncodedPatient> synList = new ArrayList<>(planted("s", 200, 0.4, 24));
    synList.add(new EncodedPatient("empty", new int[] {0}, new int[0][]));
    EncodedCohort syn = Fixtures.cohort(V, synList);
    var result = new Phenotyping(2500, 250, 500, 4, new Bootstrap(20, 0.95, 1))
        .of(V, train, val, test, Map.of("syn", syn), List.of(LogisticBaseline.of(C)));
    Table t = result.metrics();
    // 2 chronic labels x 3 sources (real, syn, real+syn) x 1 classifier
    assertEquals(6, t.rowCount(), t.print());
    // test: 160 unique records, about 64 positives -> per class min(500, positives, negatives) -> n_test = 2 x positives
    long testPos = test.patients().stream().filter(p -> p.hasLabel(0)).count();
    assertTrue(testPos < 80, "fewer positives than negatives: " + testPos);
    assertEquals(2 * testPos, (long) t.intColumn("n_test").get(0));
    // label 0 carries the planted signal: all three sources beat chance
    for (int r = 0; r < 3; r++) assertTrue(t.doubleColumn("auroc").get(r) > 0.7, t.print());
  }

  @Test
  void givenSyntheticPositivesWhenRareDiseaseThenThreeSetsWithStatedSizes() {
    EncodedCohort train = Fixtures.cohort(V, planted("t", 600, 0.1, 31));
    EncodedCohort val = Fixtures.cohort(V, planted("v", 100, 0.5, 32));
    EncodedCohort test = Fixtures.cohort(V, planted("e", 200, 0.5, 33));
    EncodedCohort synPos = Fixtures.cohort(V, planted("s", 400, 1.0, 34));
    Table t = new RareDiseaseAugmentation(50_000, 10, 250, 500, 4, new Bootstrap(20, 0.95, 1))
        .of(V, 0, train, val, test, synPos, List.of(LogisticBaseline.of(C)));
    assertEquals(List.of("imbalanced", "synthetic-balanced", "real-balanced"), t.stringColumn("source").asList());
    long pos = train.patients().stream().filter(p -> p.hasLabel(0)).count();
    int n = (int) Math.min(600 - pos, 10 * pos);
    assertEquals(n + n / 10, t.intColumn("n_train").get(0)); // N negatives + N/10 positives
    assertEquals(2 * n, t.intColumn("n_train").get(1));
    assertTrue(t.doubleColumn("auroc").get(1) > 0.7, t.print());
  }
}
