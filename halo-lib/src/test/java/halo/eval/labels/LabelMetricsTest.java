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
