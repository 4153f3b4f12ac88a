package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.CodeKind;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The token layout: specials first, one marker pair per modality present, then the codes. */
class PromptVocabularyTest {
  static final PromptVocabulary T = PromptVocabulary.of(PromptFixtures.vocabulary());

  @Test
  void givenAllFiveKinds_whenLaidOut_thenSpecialsMarkersThenCodes() {
    assertEquals(List.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE, CodeKind.MEDICATION, CodeKind.LAB, CodeKind.GAP), T.modalities());
    assertEquals(0, T.pad());
    assertEquals(1, T.bos());
    assertEquals(2, T.eos());
    assertEquals(3, T.mask());
    assertEquals(4, T.visitOpen());
    assertEquals(5, T.visitClose());
    // markers 6 + 2k, 7 + 2k
    assertEquals(6, T.open(CodeKind.DIAGNOSIS));
    assertEquals(7, T.close(CodeKind.DIAGNOSIS));
    assertEquals(12, T.open(CodeKind.LAB));
    assertEquals(15, T.close(CodeKind.GAP));
    assertEquals(16, T.specialCount()); // 6 + 2 * 5
    assertEquals(26, T.size()); // 16 + 10 codes
    assertEquals(16 + 9, T.token(9));
    assertEquals(9, T.code(25));
    assertEquals("<dx>", T.name(6));
    assertEquals("</gap>", T.name(15));
    assertEquals("lab:L#1", T.name(T.token(6)));
  }

  @Test
  void givenEachToken_whenClassified_thenExactlyOneClass() {
    for (int t = 0; t < T.size(); t++) {
      int classes = (T.isCode(t) ? 1 : 0) + (T.isMarker(t) ? 1 : 0) + (t < T.visitOpen() ? 1 : 0);
      assertEquals(1, classes, T.name(t));
      if (T.isMarker(t) && t > T.visitClose()) assertTrue(T.opens(t) >= 0 ^ T.closes(t) >= 0, T.name(t));
    }
    assertFalse(T.isValid(T.size()));
    assertFalse(T.isValid(-1));
    // the modality of each code is its kind's: code 4 is a gap bucket, code 5 a procedure
    assertEquals(T.modality(CodeKind.GAP), T.modalityOfCode(4));
    assertEquals(T.modality(CodeKind.PROCEDURE), T.modalityOfToken(T.token(5)));
  }

  @Test
  void givenOnlyDiagnosesAndMedications_whenLaidOut_thenTwoMarkerPairsAndAbsentKindsRejected() {
    Vocabulary v = new Vocabulary(List.of(Token.clinical(CodeKind.MEDICATION, "m", ""), Token.clinical(CodeKind.DIAGNOSIS, "d", "")),
        List.of(), 0, 1);
    PromptVocabulary t = PromptVocabulary.of(v);
    assertEquals(List.of(CodeKind.DIAGNOSIS, CodeKind.MEDICATION), t.modalities());
    assertEquals(10, t.specialCount()); // 6 + 2 * 2
    assertEquals(8, t.open(CodeKind.MEDICATION));
    var e = assertThrows(IllegalArgumentException.class, () -> t.open(CodeKind.LAB));
    assertTrue(e.getMessage().contains("lab") && e.getMessage().contains("[dx, rx]"), e.getMessage());
  }
}
