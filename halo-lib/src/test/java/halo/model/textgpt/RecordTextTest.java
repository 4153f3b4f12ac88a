package halo.model.textgpt;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The record sentence: its exact wording, lossless round trips, and a reading that refuses or counts whatever it cannot use. */
class RecordTextTest {
  /** Two diagnoses, a procedure, a lab bucket; labels l0, l1. */
  static Vocabulary vocabulary() {
    List<Token> t = new ArrayList<>();
    t.add(Token.clinical(CodeKind.DIAGNOSIS, "44054006", "diabetes"));
    t.add(Token.clinical(CodeKind.DIAGNOSIS, "59621000", "hypertension"));
    t.add(Token.clinical(CodeKind.PROCEDURE, "430193006", "medication reconciliation"));
    t.add(new Token(CodeKind.LAB, "2708-6", 0, "%", 98, 100, "oxygen saturation"));
    return new Vocabulary(t, List.of("diabetes", "sex:f"), 1, 1);
  }

  @Test
  void givenARecord_whenWritten_thenTheSentenceIsThePapersWithLabelsInFront_inBothFormats() {
    Vocabulary v = vocabulary();
    EncodedPatient p = new EncodedPatient("p", new int[] {0, 1}, new int[][] {{1, 2}, {}, {0, 1, 3}});
    RecordText patient = new RecordText(v, Set.of(CodeKind.DIAGNOSIS), RecordText.Format.PATIENT);
    assertEquals("Patient with labels diabetes, sex:f has Diagnostic Code(s) 44054006, 59621000.", patient.write(p));
    RecordText visits = new RecordText(v, PatientMatrix.parseKinds("all"), RecordText.Format.VISITS);
    assertEquals("Patient with labels diabetes, sex:f has visits: Diagnostic Code(s) 59621000 and Procedure Code(s) 430193006; no codes; "
        + "Diagnostic Code(s) 44054006, 59621000 and Lab Result(s) 2708-6#0.", visits.write(p));
    assertEquals("Patient with labels none has visits: none.", visits.write(new EncodedPatient("q", new int[0], new int[0][])));
    assertEquals("Patient with labels none has no codes.", patient.write(new EncodedPatient("q", new int[0], new int[][] {{2}})));
    assertEquals("Patient with labels sex:f has", patient.labelPrompt(new int[] {1}));
  }

  @Test
  void givenRandomRecords_whenWrittenAndRead_thenTheVisitsFormatIsLossless_andThePatientFormatIsTheMatrixRow() {
    Vocabulary v = Fixtures.vocabulary(30, 4);
    RecordText visits = new RecordText(v, Set.of(CodeKind.DIAGNOSIS), RecordText.Format.VISITS);
    RecordText patient = new RecordText(v, Set.of(CodeKind.DIAGNOSIS), RecordText.Format.PATIENT);
    List<EncodedPatient> records = Fixtures.random(v, 300, 5, 3);
    var matrix = PatientMatrix.of(new halo.data.EncodedCohort(v.hash(), records), v, Set.of(CodeKind.DIAGNOSIS));
    for (int i = 0; i < records.size(); i++) {
      EncodedPatient p = records.get(i);
      RecordText.Parsed back = visits.parse(p.id(), visits.write(p));
      assertTrue(back.clean(), back.toString());
      assertEquals(p.toString(), back.record().toString(), "visits format round trip");
      RecordText.Parsed row = patient.parse(p.id(), patient.write(p));
      assertTrue(row.clean(), row.toString());
      EncodedPatient expected = matrix.toCohort(v.hash()).patients().get(i);
      assertEquals(expected.toString(), row.record().toString(), "patient format round trip = the matrix row as a record");
    }
  }

  @Test
  void givenDamagedSentences_whenRead_thenTheUnreadableAreRefusedWithTheReason_andWhatIsLeftOutIsCounted() {
    Vocabulary v = vocabulary();
    RecordText t = new RecordText(v, Set.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE), RecordText.Format.PATIENT);
    assertTrue(t.parse("a", "Patient with labels diabetes has Diagnostic Code(s) 44054006").refused().contains("end with '.'"));
    assertTrue(t.parse("a", "Person with labels diabetes has no codes.").refused().contains("begin"));
    assertTrue(t.parse("a", "Patient with labels diabetes no codes.").refused().contains("has"));
    RecordText.Parsed p = t.parse("a", "Patient with labels diabetes, smoker, diabetes has Diagnostic Code(s) 44054006, 99999, 44054006 and Lab Result(s) 2708-6#0 and Procedure Code(s) 430193006.");
    assertNull(p.refused());
    assertEquals(1, p.unknownCodes(), "99999");
    assertEquals(1, p.unknownLabels(), "smoker");
    assertEquals(2, p.repeats(), "diabetes and 44054006 twice");
    assertEquals(1, p.badClauses(), "labs are not among the chosen kinds");
    assertFalse(p.clean());
    assertEquals(new EncodedPatient("a", new int[] {0}, new int[][] {{0, 2}}).toString(), p.record().toString(), "what could be read is kept");
  }
}
