package halo.eval.lm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.Bootstrap;
import halo.eval.FakeModel;
import halo.eval.Fixtures;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class LanguageModelMetricsTest {
  // C = 2 codes, L = 1 label: V = 2 + 1 + 3 = 6; label token 2, start 3, end 4, pad 5
  static final Vocabulary V = Fixtures.vocabulary(2, 1);

  @Test
  void givenConstantModelWhenMetricsThenHandComputedPerplexities() {
    // one patient, label {0}, one visit {1}: targets row 1 = {2}, row 2 = {1, end 4}
    EncodedCohort test = Fixtures.cohort(V, List.of(Fixtures.patient("p", new int[] {0}, new int[] {1})));
    Map<String, halo.model.VisitProbabilities> models = new LinkedHashMap<>();
    models.put("const", FakeModel.constant(V, 0.25));
    // token 1 gets 0.6: predicted in both rows -> TP 1 (row 2), FP 1 (row 1); FN = labels 2 + end 4 = 2
    models.put("token1", new FakeModel(V, t -> t == 1 ? 0.6 : 0.25, Set.of(), 0));
    Table t = LanguageModelMetrics.of(models, test, 8, 48, new Bootstrap(20, 0.95, 1));
    // const: 3 positives at log .25, 9 negatives at log .75
    double ll = 3 * Math.log(0.25) + 9 * Math.log(0.75);
    assertEquals(2, t.longColumn("rows").get(0));
    assertEquals(3, t.longColumn("positives").get(0));
    assertEquals(Math.exp(-ll / 2), t.doubleColumn("ppl_visit").get(0), 1e-6);
    assertEquals(Math.exp(-ll / 3), t.doubleColumn("ppl_code").get(0), 1e-6);
    assertEquals(Math.exp(-ll / 12), t.doubleColumn("ppl_possible").get(0), 1e-6);
    assertEquals(-ll / 12, t.doubleColumn("bce").get(0), 1e-6);
    assertEquals(-ll / (1 * 47 * 6), t.doubleColumn("bce_diluted").get(0), 1e-6); // 47 predicted rows x V
    assertEquals(0, t.doubleColumn("precision").get(0), 1e-12);
    assertEquals(0.5, t.doubleColumn("precision").get(1), 1e-12);
    assertEquals(1.0 / 3, t.doubleColumn("recall").get(1), 1e-12);
    assertEquals(0.4, t.doubleColumn("f1").get(1), 1e-12);
  }

  @Test
  void givenWrongRowCountWhenScoringThenClearError() {
    var p = Fixtures.patient("p", new int[] {}, new int[] {1}, new int[] {0});
    var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TeacherForcedScorer.score(p, new float[2][6], V));
    assertEquals(true, e.getMessage().contains("expected 3"), e.getMessage());
  }

  @Test
  void givenSaturatedWrongModelWhenMetricsThenBceClampedAndPerplexityInfinite() {
    EncodedCohort test = Fixtures.cohort(V, List.of(Fixtures.patient("p", new int[] {0}, new int[] {1})));
    Map<String, halo.model.VisitProbabilities> m = Map.of("zero", FakeModel.constant(V, 0.0));
    Table t = LanguageModelMetrics.of(m, test, 8, 48, new Bootstrap(5, 0.95, 1));
    // 3 positives with p = 0: each BCE term clamped to 100, the 9 negatives cost 0 -> 300 / 12
    assertEquals(300.0 / 12, t.doubleColumn("bce").get(0), 1e-9);
    // the log-likelihood is not clamped (as the authors' test script): LL = -inf
    assertEquals(Double.POSITIVE_INFINITY, t.doubleColumn("ppl_code").get(0));
  }
}
