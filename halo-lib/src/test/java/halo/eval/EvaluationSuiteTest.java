package halo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The families as both callers use them: all sources at once (the evaluate command) or one at a time (the experiments). */
class EvaluationSuiteTest {
  static final Vocabulary V = Fixtures.vocabulary(30, 2);
  static final EncodedCohort TRAIN = Fixtures.cohort(V, Fixtures.random("t", 120, 30, 2, 4, 5, 1));
  static final EncodedCohort TEST = Fixtures.cohort(V, Fixtures.random("e", 60, 30, 2, 4, 5, 2));
  static final Map<String, EncodedCohort> SYNTHETIC = new LinkedHashMap<>();

  static {
    SYNTHETIC.put("a", Fixtures.cohort(V, Fixtures.random("a", 90, 30, 2, 4, 5, 3)));
    SYNTHETIC.put("b", Fixtures.cohort(V, Fixtures.nearCopies(TRAIN.patients())));
  }

  @Test
  void givenTwoCohorts_whenPrivacyRunsOnEachAndTheReportsAreAppended_thenTheTablesAreThoseOfOneRunOnBoth() {
    var together = EvaluationSuite.privacy(V, TRAIN, TEST, SYNTHETIC, Map.of(), 4);
    var oneByOne = new EvaluationSuite.Report();
    SYNTHETIC.forEach((k, c) -> oneByOne.append(EvaluationSuite.privacy(V, TRAIN, TEST, Map.of(k, c), Map.of(), 4)));
    assertEquals(List.of("membership-inference", "attribute-inference", "nearest-neighbour-adversarial-accuracy", "exact-copies"),
        List.copyOf(together.tables().keySet()));
    assertEquals(together.tables().keySet(), oneByOne.tables().keySet());
    for (String name : together.tables().keySet()) {
      Table a = together.tables().get(name), b = oneByOne.tables().get(name);
      assertEquals(a.name(), b.name(), name);
      assertEquals(a.printAll(), b.printAll(), name);
    }
  }
}
