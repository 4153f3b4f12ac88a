package halo.eval.imputation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.eval.Bootstrap;
import halo.eval.NotApplicable;
import halo.model.Fixtures;
import halo.model.ImputationLikelihood;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** lpl and mpl against a hand computation on fixed terms (a model stand-in that returns them). */
class ImputationPerplexityTest {
  /** Fixed terms per record id: [visit][modality] log-probability sums and code counts, modalities dx, rx. */
  static final Map<String, ImputationLikelihood.Terms> LPL = Map.of(
      "a", new ImputationLikelihood.Terms(new double[][] {{-2, -1}, {-3, 0}}, new int[][] {{2, 1}, {1, 0}}),
      "b", new ImputationLikelihood.Terms(new double[][] {{-1, -4}}, new int[][] {{1, 2}}),
      "c", new ImputationLikelihood.Terms(new double[][] {{0, -6}}, new int[][] {{0, 3}}));
  static final Map<String, ImputationLikelihood.Terms> MPL = Map.of(
      "a", new ImputationLikelihood.Terms(new double[][] {{-1, -0.5}, {-2, 0}}, new int[][] {{2, 1}, {1, 0}}),
      "b", new ImputationLikelihood.Terms(new double[][] {{-0.5, -2}}, new int[][] {{1, 2}}),
      "c", new ImputationLikelihood.Terms(new double[][] {{0, -3}}, new int[][] {{0, 3}}));

  static final class Stub implements ImputationLikelihood {
    @Override
    public List<CodeKind> modalities() {
      return List.of(CodeKind.DIAGNOSIS, CodeKind.MEDICATION);
    }

    @Override
    public List<Terms> longitudinal(List<EncodedPatient> records) {
      return records.stream().map(p -> LPL.get(p.id())).toList();
    }

    @Override
    public List<Terms> crossModality(List<EncodedPatient> records) {
      return records.stream().map(p -> MPL.get(p.id())).toList();
    }
  }

  @Test
  void givenFixedTerms_whenTabulated_thenEachModalityIsTheMedianOverRecordsOfTheirPerVisitMeanPerplexity() {
    EncodedCohort test = new EncodedCohort("h", List.of(new EncodedPatient("a", new int[0], new int[][] {{0}, {1}}),
        new EncodedPatient("b", new int[0], new int[][] {{0}}), new EncodedPatient("c", new int[0], new int[][] {{2}}),
        new EncodedPatient("empty", new int[0], new int[0][])));
    Table t = ImputationPerplexity.of(Map.of("stub", new Stub()), Map.of("halo", "not applicable: halo has no imputation likelihood"), test, 100,
        Bootstrap.standard());
    assertEquals(3, t.rowCount());
    // dx: a = exp(-((-2/2) + (-3/1)) / 2) = e^2; b = e^1; c has no dx codes
    assertEquals("dx", t.stringColumn("modality").get(0));
    assertEquals(2, t.intColumn("records").get(0));
    assertEquals((Math.exp(2) + Math.exp(1)) / 2, t.doubleColumn("lpl").get(0), 1e-12);
    // dx mpl: a = exp(-((-1/2) + (-2)) / 2) = e^1.25; b = e^0.5
    assertEquals((Math.exp(1.25) + Math.exp(0.5)) / 2, t.doubleColumn("mpl").get(0), 1e-12);
    // rx: a = e^1 (one visit with rx), b = e^2, c = e^2 -> median e^2
    assertEquals(3, t.intColumn("records").get(1));
    assertEquals(Math.exp(2), t.doubleColumn("lpl").get(1), 1e-12);
    assertEquals(Math.exp(1), t.doubleColumn("mpl").get(1), 1e-12); // a e^0.5, b e^1, c e^1
    double lo = t.doubleColumn("lpl_lo").get(0), hi = t.doubleColumn("lpl_hi").get(0);
    assertTrue(lo >= Math.exp(1) - 1e-12 && hi <= Math.exp(2) + 1e-12 && lo <= hi, lo + " " + hi);
    assertEquals("halo", t.stringColumn("model").get(2));
    assertEquals("not applicable: halo has no imputation likelihood", t.stringColumn(NotApplicable.COLUMN).get(2));
    assertTrue(t.doubleColumn("lpl").isMissing(2));
  }

  @Test
  void givenATrainingSplit_whenTheFrequencyReferenceScores_thenEachCodeCostsItsSmoothedShareOfItsModality() {
    var v = Fixtures.vocabulary(3, 0); // three diagnosis codes
    EncodedCohort train = new EncodedCohort(v.hash(), List.of(new EncodedPatient("t", new int[0], new int[][] {{0, 1}, {0}})));
    FrequencyReference f = new FrequencyReference(v, train);
    // counts with add-one: code 0: 3, code 1: 2, code 2: 1; total 6
    ImputationLikelihood.Terms t = f.longitudinal(List.of(new EncodedPatient("x", new int[0], new int[][] {{0, 2}}))).get(0);
    assertEquals(Math.log(3.0 / 6) + Math.log(1.0 / 6), t.logProbability()[0][0], 1e-12);
    assertEquals(2, t.tokens()[0][0]);
    assertEquals(t.logProbability()[0][0], f.crossModality(List.of(new EncodedPatient("x", new int[0], new int[][] {{0, 2}}))).get(0).logProbability()[0][0]);
  }
}
