package halo.eval.lm;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.FakeModel;
import halo.eval.Fixtures;
import halo.eval.privacy.MembershipInference;
import halo.model.VisitProbabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Records longer than a model's context (issue 14: "model gave 11 rows of probabilities, expected
 * 45") are scored as training sees them: on their most recent visits.
 */
class TeacherForcedScorerTest {
  // C = 2 codes, L = 1 label: V = 6
  static final Vocabulary V = Fixtures.vocabulary(2, 1);

  /** Like a visit model with a context of {@code k} visits: it only ever gives rows for the last k visits. */
  static VisitProbabilities withContext(int k) {
    FakeModel inner = new FakeModel(V, t -> t == 1 ? 0.6 : 0.25, Set.of(), 0);
    return new VisitProbabilities() {
      @Override
      public Vocabulary vocabulary() {
        return V;
      }

      @Override
      public List<float[][]> rowProbabilities(List<EncodedPatient> batch) {
        return inner.rowProbabilities(batch.stream().map(p -> p.lastVisits(k)).toList());
      }

      @Override
      public int maxVisits() {
        return k;
      }
    };
  }

  static final EncodedPatient LONG = Fixtures.patient("long", new int[] {0}, new int[] {0}, new int[] {1}, new int[] {0, 1});

  @Test
  void givenARecordLongerThanTheContext_whenScored_thenItsMostRecentVisitsAreScored() {
    VisitProbabilities m = withContext(2);
    RecordScore s = TeacherForcedScorer.of(m, List.of(LONG), 4).get(0);
    RecordScore expected = TeacherForcedScorer.score(LONG.lastVisits(2), m.rowProbabilities(List.of(LONG)).get(0), V);
    assertEquals(expected, s);
    assertEquals(3, s.rows(), "label row + 2 visits");
    var cut = TeacherForcedScorer.truncation(m, List.of(LONG, Fixtures.patient("short", new int[0], new int[] {1})));
    assertEquals(new TeacherForcedScorer.Truncation(1, 2, 1, 2), cut);
    assertEquals("model m: 1 of 2 records have more than 2 visits (the model's context) and are scored on their 2 most recent,"
        + " as in training (1 older visits left out)", cut.describe("model m"));
    assertNull(TeacherForcedScorer.truncation(withContext(3), List.of(LONG)).describe("m"));
  }

  @Test
  void givenLongRecords_whenTheLikelihoodAttackRuns_thenItScoresThemToo() {
    List<EncodedPatient> train = new ArrayList<>(), test = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      train.add(Fixtures.patient("a" + i, new int[] {0}, new int[] {0}, new int[] {1}, new int[] {i % 2}));
      test.add(Fixtures.patient("b" + i, new int[0], new int[] {1}, new int[] {0, 1}, new int[] {0}));
    }
    var mi = new MembershipInference(100, 4, new halo.eval.Bootstrap(20, 0.95, 1));
    var t = mi.modelAttack("m", withContext(2), Fixtures.cohort(V, train), Fixtures.cohort(V, test), 4);
    assertEquals(1, t.rowCount());
  }
}
