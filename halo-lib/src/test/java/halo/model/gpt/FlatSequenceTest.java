package halo.model.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The GPT baseline's flat record layout: exact round trips, the cap keeps the latest visits and counts the cut. */
class FlatSequenceTest {
  static final Vocabulary VOC = Fixtures.vocabulary(9, 2); // C = 9, L = 2
  static final FlatSequence F = new FlatSequence(VOC);

  @Test
  void givenRecord_whenEncoded_thenLayoutIsExactAndDecodesBack() {
    EncodedPatient p = new EncodedPatient("p", new int[] {1}, new int[][] {{0, 4}, {2}, {3, 5, 8}});
    FlatSequence.Encoded e = F.encode(p, 100);
    int s = F.start(), el = F.endOfLabels(), ev = F.endOfVisit(), er = F.endOfRecord();
    assertArrayEquals(new int[] {s, 9 + 1, el, 0, 4, ev, 2, ev, 3, 5, 8, ev, er}, e.tokens());
    assertEquals(false, e.cut());
    FlatSequence.Decoded d = F.decode("p", e.tokens());
    assertArrayEquals(p.labels(), d.patient().labels());
    assertTrue(Arrays.deepEquals(p.visits(), d.patient().visits()));
    assertEquals(0, d.ignored());
    assertEquals(16, F.size()); // 9 codes + 2 labels + 5 specials
  }

  @Test
  void givenRandomRecords_whenRoundTripped_thenIdentical() {
    for (EncodedPatient p : Fixtures.random(VOC, 50, 12, 8)) {
      FlatSequence.Decoded d = F.decode(p.id(), F.encode(p, 10_000).tokens());
      assertArrayEquals(p.labels(), d.patient().labels(), p.id());
      // empty visits (the fixtures have some; real loaders never keep one) are dropped and counted
      int[][] nonEmpty = Arrays.stream(p.visits()).filter(v -> v.length > 0).toArray(int[][]::new);
      assertTrue(Arrays.deepEquals(nonEmpty, d.patient().visits()), p.id());
      assertEquals(p.visitCount() - nonEmpty.length, d.emptyVisits(), p.id());
    }
  }

  @Test
  void givenLongRecord_whenCapped_thenLatestVisitsKeptAndCutCounted() {
    EncodedPatient p = new EncodedPatient("p", new int[] {0}, new int[][] {{0, 1, 2}, {3}, {4, 5}, {6, 7, 8}});
    // fixed part: start, label, end-of-labels, end-of-record = 4; last two visits need 3 + 4 = 7
    FlatSequence.Encoded e = F.encode(p, 11);
    assertEquals(2, e.cutVisits());
    assertEquals(11, e.tokens().length);
    assertTrue(Arrays.deepEquals(new int[][] {{4, 5}, {6, 7, 8}}, F.decode("p", e.tokens()).patient().visits()));
    // not even the last visit fits: its first codes are kept
    FlatSequence.Encoded tiny = F.encode(p, 6);
    assertEquals(3, tiny.cutVisits());
    assertEquals(2, tiny.cutCodes());
    assertTrue(Arrays.deepEquals(new int[][] {{6}}, F.decode("p", tiny.tokens()).patient().visits()));
    var error = assertThrows(IllegalArgumentException.class, () -> F.encode(p, 4));
    assertTrue(error.getMessage().contains("use at least 5"), error.getMessage());
  }

  @Test
  void givenMalformedGeneratedSequence_whenDecoded_thenOutOfPlaceTokensIgnoredAndCounted() {
    int ev = F.endOfVisit();
    // a code among the labels, a repeated code, a label inside a visit, an empty visit, no end-of-record
    int[] tokens = {F.start(), 3, 10, F.endOfLabels(), 2, 2, 9, ev, ev, 5, 1};
    FlatSequence.Decoded d = F.decode("g", tokens);
    assertArrayEquals(new int[] {1}, d.patient().labels());
    assertTrue(Arrays.deepEquals(new int[][] {{2}, {1, 5}}, d.patient().visits()), Arrays.deepToString(d.patient().visits()));
    assertEquals(3, d.ignored());
    assertEquals(1, d.emptyVisits());
  }
}
