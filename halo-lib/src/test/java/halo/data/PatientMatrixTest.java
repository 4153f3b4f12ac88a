package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The patient × code matrix against hand-made records: what it keeps, what it drops, and the way back. */
class PatientMatrixTest {
  // tokens 0 dx:a, 1 px:b, 2 dx:c, 3 rx:d; labels 0 l0, 1 l1
  static final Vocabulary VOC = new Vocabulary(List.of(Token.clinical(CodeKind.DIAGNOSIS, "a", ""), Token.clinical(CodeKind.PROCEDURE, "b", ""),
      Token.clinical(CodeKind.DIAGNOSIS, "c", ""), Token.clinical(CodeKind.MEDICATION, "d", "")), List.of("l0", "l1"), 2, 1);

  static EncodedCohort cohort(EncodedPatient... ps) {
    return new EncodedCohort(VOC.hash(), List.of(ps));
  }

  @Test
  void givenLongitudinalRecords_whenMadeAMatrixOfDiagnoses_thenEachRowIsTheUnionOfItsDiagnosesAndLabelsAreKept() {
    EncodedCohort c = cohort(new EncodedPatient("x", new int[] {1}, new int[][] {{0, 1}, {0, 2, 3}, {1}}),
        new EncodedPatient("y", new int[] {}, new int[][] {{1, 3}}), new EncodedPatient("z", new int[] {0, 1}, new int[][] {}));
    PatientMatrix m = PatientMatrix.of(c, VOC, EnumSet.of(CodeKind.DIAGNOSIS));
    assertArrayEquals(new int[] {0, 2}, m.columns(), "every diagnosis of the vocabulary, nothing else");
    assertEquals(List.of("x", "y", "z"), m.ids());
    assertArrayEquals(new int[] {0, 2}, m.rows().get(0), "a twice and c once: both present once");
    assertArrayEquals(new int[] {}, m.rows().get(1), "a procedure and a medication only: an empty row");
    assertArrayEquals(new int[] {0, 1}, m.labels().get(2));
    assertArrayEquals(new double[] {1 / 3.0, 1 / 3.0}, m.columnProbabilities(), 1e-12);

    EncodedCohort back = m.toCohort(VOC.hash());
    assertEquals(new EncodedPatient("x", new int[] {1}, new int[][] {{0, 2}}), back.patients().get(0), "one visit, its codes, its labels");
    assertEquals(0, back.patients().get(1).visitCount(), "an empty row is a record without visits");
    assertEquals(m, PatientMatrix.of(back, VOC, EnumSet.of(CodeKind.DIAGNOSIS)), "matrix -> records -> matrix is the identity");

    PatientMatrix all = PatientMatrix.of(c, VOC, PatientMatrix.parseKinds("all"));
    assertArrayEquals(new int[] {0, 1, 2, 3}, all.rows().get(0));
    assertArrayEquals(new int[] {1, 3}, all.rows().get(1));
  }

  @Test
  void givenOneVisitRecordsOfTheKinds_whenRoundTripped_thenEveryCodeIsKept() {
    EncodedCohort c = cohort(new EncodedPatient("x", new int[] {0}, new int[][] {{0, 1, 2}}), new EncodedPatient("y", new int[] {}, new int[][] {{1}}));
    Set<CodeKind> kinds = PatientMatrix.parseKinds("dx,px");
    assertEquals("dx,px", PatientMatrix.kindsSpec(kinds));
    assertEquals(c, PatientMatrix.of(c, VOC, kinds).toCohort(VOC.hash()));
  }

  @Test
  void givenBadKinds_whenParsed_thenTheMessageSaysWhatIsExpected() {
    var e = assertThrows(IllegalArgumentException.class, () -> PatientMatrix.parseKinds("dx,icd"));
    assertTrue(e.getMessage().contains("unknown code kind 'icd'"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> PatientMatrix.parseKinds(" , "));
    e = assertThrows(IllegalArgumentException.class, () -> PatientMatrix.columnsOf(VOC, EnumSet.of(CodeKind.LAB)));
    assertTrue(e.getMessage().contains("no code of the kinds lab"), e.getMessage());
  }
}
