package halo.model.textgpt;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Byte-level BPE: merges equal a hand computation, ties are broken by text, and any string survives encoding losslessly. */
class BpeTokenizerTest {
  @Test
  void givenOneRepeatedWord_whenTrained_thenTheMergesAreTheHandComputedOnes_andTrainingStopsWhenNoPairRepeats() {
    // "xyxyxy": pairs xy 3, yx 2 -> merge "x y"; then [xy xy xy]: pair (xy, xy) twice -> "xy xy"; then [xyxy xy]: every pair once -> stop
    assertEquals(List.of("x y", "xy xy"), BpeTokenizer.train(List.of("xyxyxy"), 1_000));
    assertEquals(List.of("x y"), BpeTokenizer.train(List.of("xyxyxy"), 258), "the vocabulary size caps the merges: 257 + 1");
  }

  @Test
  void givenTiedPairs_whenTrained_thenTheyAreMergedInTheOrderOfTheirText_andAWordCarriesItsLeadingSpace() {
    // words "ab", "Ġcd" twice each: a b, c d and Ġ c all occur twice; 'a' < 'c' < 'Ġ' (U+0120)
    assertEquals(List.of("a b", "c d", "Ġ cd"), BpeTokenizer.train(List.of("ab cd", "ab cd"), 1_000));
  }

  @Test
  void givenTrainedMerges_whenTheLibraryEncodes_thenAFrequentWordIsOneToken_andAnyTextDecodesBackExactly() {
    List<String> merges = BpeTokenizer.train(List.of("Patient has 44054006, 59621000.", "Patient has 44054006."), 400);
    try (BpeTokenizer t = BpeTokenizer.of(merges)) {
      assertEquals(257 + merges.size(), t.size(), "no merge repeated a symbol here");
      int[] ids = t.encode("Patient has 44054006.");
      assertEquals(4, ids.length, "'Patient', ' has', ' 44054006' and '.' are each one learnt token: " + java.util.Arrays.toString(ids));
      assertEquals(t.endOfText(), 0);
      for (String s : List.of("", "Patient", "  two  spaces\nand a newline\t", "naïve café ☕ 12,3.4", "x")) {
        int[] e = t.encode(s);
        for (int id : e) assertTrue(id > 0 && id < t.size(), "ids of text are bytes or merges: " + id);
        assertEquals(s, t.decode(e), "lossless round trip");
      }
    }
  }

  @Test
  void givenBadMerges_whenBuilt_thenRefusedNamingTheMerge() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.of(List.of("ab c"))).getMessage().contains("'ab c'"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BpeTokenizer.of(List.of("abc"))).getMessage().contains("two symbols"));
  }
}
