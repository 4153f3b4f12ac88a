package halo.eval.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PrivacyTest {
  static final int C = 60, L = 4;
  static final Vocabulary V = Fixtures.vocabulary(C, L);

  @Test
  void givenHandPairWhenDistanceThenAuthorsAsymmetricDefinition() {
    EncodedPatient q = Fixtures.patient("q", new int[] {0, 1}, new int[] {1, 2}, new int[] {3});
    EncodedPatient s = Fixtures.patient("s", new int[] {1}, new int[] {2, 4});
    // visit counts differ +1; labels {0,1}Δ{1} = 1; visit0 {1,2}Δ{2,4} = 2; visit1 absent in s -> |{3}| = 1
    assertEquals(5, NearestRecordIndex.distance(q, s));
    // s as query: counts differ +1; labels 1; visit0 2; q's visit 1 is not counted -> 4
    assertEquals(4, NearestRecordIndex.distance(s, q));
  }

  @Test
  void givenRandomRecordsWhenIndexedSearchThenEqualsBruteForce() {
    List<EncodedPatient> refs = Fixtures.random("r", 400, C, L, 5, 6, 1);
    List<EncodedPatient> queries = new ArrayList<>(Fixtures.random("q", 200, C, L, 5, 6, 2));
    queries.addAll(refs.subList(0, 50)); // exact duplicates exercise d = 0 and positiveOnly
    NearestRecordIndex index = new NearestRecordIndex(refs, C);
    for (boolean positive : new boolean[] {false, true}) {
      double[] fast = index.nearest(queries, positive);
      for (int i = 0; i < queries.size(); i++) {
        int best = Integer.MAX_VALUE;
        for (EncodedPatient s : refs) {
          int d = NearestRecordIndex.distance(queries.get(i), s);
          if ((!positive || d > 0) && d < best) best = d;
        }
        assertEquals(best, fast[i], 1e-9, "query " + i + " positiveOnly=" + positive);
      }
    }
  }

  @Test
  void givenSyntheticCopiesOfTrainWhenExactCopyRateThenOne() {
    var train = Fixtures.cohort(V, Fixtures.random("t", 100, C, L, 4, 5, 3));
    List<EncodedPatient> copies = train.patients().stream()
        .map(p -> new EncodedPatient("syn-" + p.id(), p.labels(), p.visits())).toList();
    Table t = ExactCopyRate.of("copy", train, Fixtures.cohort(V, copies));
    assertEquals(1.0, t.doubleColumn("exact_copy_rate").get(0), 1e-12);
    Table u = ExactCopyRate.of("fresh", train, Fixtures.cohort(V, Fixtures.random("x", 100, C, L, 4, 5, 4)));
    assertEquals(0.0, u.doubleColumn("exact_copy_rate").get(0), 1e-12);
  }

  /** Records drawn from a wide law so that distinct records rarely coincide. */
  static EncodedCohort draw(String prefix, int n, long seed) {
    return Fixtures.cohort(V, Fixtures.wide(prefix, n, C, L, 5, 8, seed));
  }

  @Test
  void givenGeneratorReturningTrainWhenDatasetAttackThenHighAccuracyElseChance() {
    EncodedCohort train = draw("t", 300, 10), test = draw("e", 300, 11);
    MembershipInference mi = new MembershipInference(200, 4, new halo.eval.Bootstrap(50, 0.95, 1));
    Table leak = mi.datasetAttack("copy", train, test, train, C);
    assertTrue(leak.doubleColumn("accuracy").get(0) > 0.9, leak.print());
    assertTrue(leak.doubleColumn("auroc").get(0) > 0.95, leak.print());
    EncodedCohort heldOut = draw("h", 300, 12);
    Table fair = mi.datasetAttack("held-out", train, test, heldOut, C);
    assertEquals(0.5, fair.doubleColumn("accuracy").get(0), 0.08, fair.print());
  }

  @Test
  void givenNearCopiesWhenNnaaThenPositiveLossAndNearZeroForHeldOut() {
    EncodedCohort train = draw("t", 400, 20), test = draw("e", 400, 21);
    var nnaa = new NearestNeighbourAdversarialAccuracy(300, 4);
    // exact copies are invisible to NNAA (d > 0 only: that is what the exact-copy rate is for), so the
    // memorising generator here returns near copies at distance 1
    EncodedCohort near = Fixtures.cohort(V, Fixtures.nearCopies(train.patients()));
    double leak = nnaa.of("near copy", train, test, near, C).doubleColumn("nnaae").get(0);
    double fair = nnaa.of("fresh", train, test, draw("h", 400, 22), C).doubleColumn("nnaae").get(0);
    assertTrue(leak > 0.2, "NNAAE of a copying generator " + leak);
    // independent held-out records: only sampling noise (about ±0.05 at n = 300, ties count as not greater)
    assertEquals(0, fair, 0.12);
    assertTrue(leak > fair + 0.15);
  }

  @Test
  void givenCopiesWhenAttributeInferenceThenPerfectRecallOfHiddenCodes() {
    EncodedCohort train = draw("t", 200, 30), test = draw("e", 200, 31);
    Table t = new AttributeInference(10, 1, 4).of("copy", train, test, train, L, C);
    // every target has its exact copy among the references (all 200 train records are the references)
    assertTrue(t.doubleColumn("f1").get(0) > 0.9, t.print());
    assertTrue(t.doubleColumn("f1").get(1) < t.doubleColumn("f1").get(0), t.print());
  }


  @Test
  void givenModelMemorisingTrainWhenLikelihoodAttackThenHighAccuracyElseChance() {
    EncodedCohort train = draw("t", 150, 40), test = draw("e", 150, 41);
    MembershipInference mi = new MembershipInference(100, 4, new halo.eval.Bootstrap(50, 0.95, 1));
    var ids = new java.util.HashSet<String>();
    train.patients().forEach(p -> ids.add(p.id()));
    var memorising = new halo.eval.FakeModel(V, t -> 0.05, ids, 0.9);
    Table leak = mi.modelAttack("memorising", memorising, train, test, 32);
    assertTrue(leak.doubleColumn("accuracy").get(0) > 0.95, leak.print());
    // a model blind to membership: the attack sits near chance
    Table twice = mi.modelAttack("memorising", memorising, train, test, 32, true);
    // the authors' variant (records after the first 48 of the shuffled list counted twice) still separates members
    assertEquals("model (likelihood, authors' double scoring)", twice.stringColumn("attack").get(0));
    assertTrue(twice.doubleColumn("accuracy").get(0) > 0.9, twice.print());
    Table fair = mi.modelAttack("blind", halo.eval.FakeModel.constant(V, 0.05), train, test, 32);
    assertEquals(0.5, fair.doubleColumn("accuracy").get(0), 0.12, fair.print());
  }

  @Test
  void givenHandCohortsWhenAttributeInferenceThenHandCountedF1() {
    Vocabulary v = Fixtures.vocabulary(6, 1);
    var train = Fixtures.cohort(v, List.of(
        Fixtures.patient("t1", new int[] {0}, new int[] {0, 1, 4}),
        Fixtures.patient("t2", new int[] {}, new int[] {0, 2, 5})));
    var test = Fixtures.cohort(v, List.of(
        Fixtures.patient("e1", new int[] {}, new int[] {2}),
        Fixtures.patient("e2", new int[] {0}, new int[] {1, 3})));
    var syn = Fixtures.cohort(v, List.of(
        Fixtures.patient("s1", new int[] {0}, new int[] {0, 1, 3, 4}),
        Fixtures.patient("s2", new int[] {}, new int[] {0, 5})));
    // known = label 0 + the 2 most frequent target codes: code 0 (2 records), code 1 (ties broken by index)
    // t1 {L0,c0,c1} -> s1 (d 0): predicts {3,4}, truth {4}: TP 1, FP 1
    // t2 {c0} -> s2 (d 0): predicts {5}, truth {2,5}: TP 1, FN 1 -> F1 = 2 / (2 + (1 + 1)/2) = 2/3
    // baseline: t1 -> e2 {L0,c1} (d 1): predicts {3}, truth {4}: FP 1, FN 1; t2 -> e1 {} (d 1): predicts {2}:
    //   TP 1, FN 1 -> F1 = 1 / (1 + (1 + 2)/2) = 0.4
    Table t = new AttributeInference(2, 1, 4).of("syn", train, test, syn, 1, 6);
    assertEquals(2.0 / 3, t.doubleColumn("f1").get(0), 1e-12, t.print());
    assertEquals(0.4, t.doubleColumn("f1").get(1), 1e-12, t.print());
  }

  @Test
  void givenHandRecordsWhenNearestWithPositiveOnlyThenExactDuplicatesSkipped() {
    var a = Fixtures.patient("a", new int[] {}, new int[] {1, 2});
    var b = Fixtures.patient("b", new int[] {}, new int[] {1, 2});
    var c = Fixtures.patient("c", new int[] {}, new int[] {1, 3});
    NearestRecordIndex index = new NearestRecordIndex(List.of(b, c), C);
    assertEquals(0, index.nearest(a, false), 1e-12); // b is an exact duplicate
    assertEquals(2, index.nearest(a, true), 1e-12); // c: {1,2} vs {1,3} differ by 2
    assertEquals(NearestRecordIndex.NONE, new NearestRecordIndex(List.of(b), C).nearest(a, true), 1e-12);
  }
}
