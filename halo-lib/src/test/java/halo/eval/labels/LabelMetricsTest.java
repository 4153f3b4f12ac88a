package halo.eval.labels;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

/** Label rows and label consistency against values computed by hand. */
class LabelMetricsTest {
  // codes 0 "d" (defines diabetes), 1 "x"; labels 0 diabetes, 1 sex:f, 2 sex:m
  static final Vocabulary VOC = new Vocabulary(
      List.of(Token.clinical(CodeKind.DIAGNOSIS, "d", ""), Token.clinical(CodeKind.DIAGNOSIS, "x", "")),
      List.of("diabetes", "sex:f", "sex:m"), 1, 1, Map.of("diabetes", List.of("dx:d")));

  static EncodedPatient p(int[] labels, int[]... visits) {
    return new EncodedPatient("p", labels, visits);
  }

  static EncodedCohort cohort(EncodedPatient... ps) {
    return new EncodedCohort(VOC.hash(), List.of(ps));
  }

  @Test
  void givenHandMadeCohorts_whenMeasuringConsistency_thenTheConditionalSharesAreRight() {
    // real: both diabetics hold d, nobody else does -> 1 and 1
    EncodedCohort real = cohort(p(new int[] {0, 1}, new int[] {0, 1}), p(new int[] {0, 2}, new int[] {1}, new int[] {0}),
        p(new int[] {1}, new int[] {1}));
    // synthetic: 3 diabetics, 2 hold d (2/3); 3 records hold d, 2 are diabetic (2/3)
    EncodedCohort syn = cohort(p(new int[] {0, 1}, new int[] {0}), p(new int[] {0, 2}, new int[] {0, 1}), p(new int[] {0, 2}, new int[] {1}),
        p(new int[] {1}, new int[] {0}));
    Map<String, EncodedCohort> sources = new LinkedHashMap<>();
    sources.put("real", real);
    sources.put("syn", syn);
    Table t = LabelConsistency.of(VOC, sources);
    assertEquals(2, t.rowCount());
    assertEquals(1.0, t.doubleColumn("code_given_label").get(0));
    assertEquals(1.0, t.doubleColumn("label_given_code").get(0));
    assertEquals(2.0 / 3, t.doubleColumn("code_given_label").get(1), 1e-12);
    assertEquals(2.0 / 3, t.doubleColumn("label_given_code").get(1), 1e-12);
    assertEquals(3, t.intColumn("with_label").get(1));
    // recurrence, real: the second record's [x] [d] has no visit after its d -> no visit after a code
    assertEquals(0, t.intColumn("after_code").get(0));
    assertTrue(t.doubleColumn("recurrence").isMissing(0), "no visit follows a code: no rate");
  }

  @Test
  void givenVisitsAfterACode_whenMeasuringConsistency_thenRecurrenceIsTheShareHoldingItAgain() {
    // [d] [d] [x] [d]: visits 2 and 3 follow a d (visit 4 follows x: not counted); d again at 2 -> after 2, 1 recurs
    // [x] [d,x] [x,d] [d]: visits 3 and 4 follow a d, both hold d -> after 2, 2 recur; total 3 of 4
    EncodedCohort syn = cohort(p(new int[] {0, 1}, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {0}),
        p(new int[] {0, 2}, new int[] {1}, new int[] {0, 1}, new int[] {0, 1}, new int[] {0}));
    Table t = LabelConsistency.of(VOC, Map.of("syn", syn));
    assertEquals(4, t.intColumn("after_code").get(0));
    assertEquals(0.75, t.doubleColumn("recurrence").get(0), 1e-12);
  }

  /**
   * A model whose P(d) is 0.5 at every visit of a diabetic record and 0.1 elsewhere, and P(end) 0.2 and
   * 0.3, scoring at most {@code maxVisits} visits.
   */
  record FixedModel(int maxVisits) implements halo.model.VisitProbabilities {
    @Override
    public Vocabulary vocabulary() {
      return VOC;
    }

    @Override
    public List<float[][]> rowProbabilities(List<EncodedPatient> batch) {
      List<float[][]> out = new java.util.ArrayList<>();
      for (EncodedPatient p : batch) {
        assertTrue(p.visitCount() <= maxVisits, "records are cut to the visits the model sees");
        float[][] rows = new float[p.visitCount() + 1][VOC.size()];
        for (float[] r : rows) {
          r[0] = p.hasLabel(0) ? 0.5f : 0.1f;
          r[VOC.endToken()] = p.hasLabel(0) ? 0.2f : 0.3f;
        }
        out.add(rows);
      }
      return out;
    }
  }

  @Test
  void givenAFixedModel_whenLabelDynamics_thenOnsetRecurrenceAndFalseCodesAreTheHandComputedOnes() {
    // A diabetic: [x] [d] [d,x] [x]; B diabetic: [d]; C, D without diabetes: [x] [x] and [x]
    EncodedCohort real = cohort(p(new int[] {0}, new int[] {1}, new int[] {0}, new int[] {0, 1}, new int[] {1}), p(new int[] {0, 2}, new int[] {0}),
        p(new int[0], new int[] {1}, new int[] {1}), p(new int[] {1}, new int[] {1}));
    Map<String, FixedModel> models = new LinkedHashMap<>();
    models.put("all", new FixedModel(Integer.MAX_VALUE));
    models.put("last2", new FixedModel(2));
    Table t = LabelDynamics.of(VOC, real, models);
    assertEquals(2, t.rowCount(), "one chronic label, two models");
    assertEquals(4, t.intColumn("records").get(0));
    assertEquals(2, t.intColumn("labelled").get(0));
    // at risk in diabetic records: A's first two visits (one onset), B's only visit (an onset): 2 onsets of 3, P 0.5 each
    assertEquals(2.0 / 3, t.doubleColumn("onset_real").get(0), 1e-12);
    assertEquals(0.5, t.doubleColumn("onset_labelled").get(0), 1e-7);
    assertEquals(0.1, t.doubleColumn("onset_unlabelled").get(0), 1e-7);
    // after a visit with d: A's third (d again) and fourth (not): 1 of 2
    assertEquals(0.5, t.doubleColumn("recurrence_real").get(0), 1e-12);
    assertEquals(0.5, t.doubleColumn("recurrence").get(0), 1e-7);
    // C: 1 − 0.9², D: 1 − 0.9 -> mean (0.19 + 0.1) / 2
    assertEquals(0.145, t.doubleColumn("unlabelled_with_code").get(0), 1e-7);
    // first visits of the diabetics: A's [x], B's [d] -> 1 of 2 hold d; the model gives each 0.5
    assertEquals(0.5, t.doubleColumn("first_real").get(0), 1e-12);
    assertEquals(0.5, t.doubleColumn("first").get(0), 1e-7);
    // at risk and without d: only A's first visit, where the model ends the record with 0.2
    assertEquals(0.2, t.doubleColumn("end_at_risk").get(0), 1e-7);
    // the last two visits of A: [d,x] (an onset at risk) then [x] (no recurrence)
    assertEquals(1.0, t.doubleColumn("onset_real").get(1), 1e-12);
    assertEquals(0.0, t.doubleColumn("recurrence_real").get(1), 1e-12);
    assertEquals(1.0, t.doubleColumn("first_real").get(1), 1e-12, "A's first scored visit is [d,x]");
    assertTrue(t.doubleColumn("end_at_risk").isMissing(1), "no labelled visit at risk without d");
    assertEquals("last2", t.stringColumn("model").get(1));
  }

  @Test
  void givenLabelRows_whenSummarising_thenExclusivityAndErrorsAreRight() {
    List<int[]> real = List.of(new int[] {0, 1}, new int[] {2}, new int[] {1}, new int[] {0, 2});
    // synthetic: one row with both sexes, one with none; diabetes 3/4 vs real 2/4
    List<int[]> syn = List.of(new int[] {0, 1, 2}, new int[] {0}, new int[] {0, 1}, new int[] {2});
    Map<String, List<int[]>> sources = new LinkedHashMap<>();
    sources.put("real", real);
    sources.put("syn", syn);
    Table t = LabelRows.summary(VOC, real, sources);
    assertEquals(List.of("source", "records", "sex_exactly_one", "max_prevalence_error", "mean_prevalence_error",
        "max_cooccurrence_error", "mean_cooccurrence_error"), t.columnNames());
    assertEquals(1.0, t.doubleColumn("sex_exactly_one").get(0));
    assertEquals(0.5, t.doubleColumn("sex_exactly_one").get(1));
    assertEquals(0.0, t.doubleColumn("max_prevalence_error").get(0));
    // prevalences real {0.5, 0.5, 0.5}, syn {0.75, 0.5, 0.5}: max 0.25, mean 0.25/3
    assertEquals(0.25, t.doubleColumn("max_prevalence_error").get(1), 1e-12);
    assertEquals(0.25 / 3, t.doubleColumn("mean_prevalence_error").get(1), 1e-12);
    // pairs (0,1): real 1/4 syn 2/4; (0,2): 1/4 vs 1/4; (1,2): 0 vs 1/4 -> max 0.25, mean (0.25 + 0 + 0.25) / 3
    assertEquals(0.25, t.doubleColumn("max_cooccurrence_error").get(1), 1e-12);
    assertEquals(0.5 / 3, t.doubleColumn("mean_cooccurrence_error").get(1), 1e-12);
  }
}
