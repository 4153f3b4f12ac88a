package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MIMIC-III loader on tiny made-up tables (never real data). */
class MimicLoaderTest {
  @TempDir Path dir;

  // subject 10: admissions 101 (2150) and 100 (2151, listed first); subject 20: admission 200 (2149)
  // with no diagnosis (an empty visit); subject 20 comes first because its first admission is earliest
  static final String ADMISSIONS = """
      ROW_ID,SUBJECT_ID,HADM_ID,ADMITTIME,DISCHTIME,ETHNICITY
      1,10,100,2151-03-02 08:00:00,2151-03-09 08:00:00,WHITE
      2,10,101,2150-01-05 22:10:00,2150-01-07 10:00:00,WHITE
      3,20,200,2149-07-01 01:00:00,2149-07-02 01:00:00,BLACK/AFRICAN AMERICAN
      """;
  static final String DIAGNOSES = """
      ROW_ID,SUBJECT_ID,HADM_ID,SEQ_NUM,ICD9_CODE
      1,10,100,1,4019
      2,10,100,2,5849
      3,10,101,1,25000
      4,10,101,2,
      5,10,999,1,4280
      """;
  static final String PROCEDURES = """
      ROW_ID,SUBJECT_ID,HADM_ID,SEQ_NUM,ICD9_CODE
      1,10,101,1,3893
      """;
  static final String LABEVENTS = """
      ROW_ID,SUBJECT_ID,HADM_ID,ITEMID,CHARTTIME,VALUE,VALUENUM,VALUEUOM,FLAG
      1,10,100,50912,2151-03-02 09:00:00,1.4,1.4,mg/dL,abnormal
      2,10,100,50912,2151-03-03 09:00:00,1.2,1.2,mg/dL,abnormal
      3,10,,50912,2151-04-03 09:00:00,1.0,1.0,mg/dL,
      4,20,200,50971,2149-07-01 02:00:00,see note,,,
      """;
  static final String PATIENTS = """
      ROW_ID,SUBJECT_ID,GENDER,DOB
      1,10,M,2080-01-01 00:00:00
      2,20,F,2100-01-01 00:00:00
      """;
  static final String YAML = """
      Essential hypertension:
        codes:
        - '4019'
        id: 98
        type: chronic
        use_in_benchmark: true
      Acute and unspecified renal failure:
        codes:
        - '5849'
        - '5845'
        type: acute
        use_in_benchmark: true
      Diabetes mellitus without complication:
        codes: ['25000', '25001']
        use_in_benchmark: true
      Not used:
        codes: ['4280']
        use_in_benchmark: false
      """;

  @BeforeEach
  void write() throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("ADMISSIONS.csv.gz")))) {
      out.write(ADMISSIONS.getBytes(StandardCharsets.UTF_8));
    }
    Files.writeString(dir.resolve("DIAGNOSES_ICD.csv"), DIAGNOSES);
    Files.writeString(dir.resolve("PROCEDURES_ICD.csv"), PROCEDURES);
    Files.writeString(dir.resolve("LABEVENTS.csv"), LABEVENTS);
    Files.writeString(dir.resolve("PATIENTS.csv"), PATIENTS);
    Files.writeString(dir.resolve("phenotypes.yaml"), YAML);
  }

  @Test
  void givenPhenotypeYamlThenLabelsAreTheUsedGroupsSorted() throws IOException {
    ChronicLabelMap p = MimicLoader.phenotypes(dir.resolve("phenotypes.yaml"));
    assertEquals(List.of("Acute and unspecified renal failure", "Diabetes mellitus without complication",
        "Essential hypertension"), p.labels());
    assertEquals("Essential hypertension", p.labelOf("4019"));
    assertNull(p.labelOf("4280"), "a group with use_in_benchmark false is left out");
  }

  @Test
  void givenACodeInTwoGroupsThenError() throws IOException {
    Files.writeString(dir.resolve("phenotypes.yaml"), YAML.replace("'5845'", "'4019'"));
    var e = assertThrows(IllegalArgumentException.class, () -> MimicLoader.phenotypes(dir.resolve("phenotypes.yaml")));
    assertTrue(e.getMessage().endsWith("code 4019 is in two groups, 'Acute and unspecified renal failure' and "
        + "'Essential hypertension'"), e.getMessage());
  }

  @Test
  void givenTablesWhenLoadingThenAdmissionsAreVisitsInTimeOrderAndEmptyOnesStay() throws IOException {
    Cohort c = MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir);
    assertEquals(List.of("20", "10"), c.patients().stream().map(Patient::id).toList());
    Patient p20 = c.patients().get(0), p10 = c.patients().get(1);
    assertEquals(1, p20.visits().size());
    assertTrue(p20.visits().get(0).isEmpty(), "an admission without codes is an empty visit");
    assertEquals(Set.of(), p20.labels());
    assertEquals("f", p20.demographics().sex());
    assertEquals("black/african american", p20.demographics().ethnicity());
    assertEquals(0, p20.demographics().birthYear());
    assertEquals(List.of(LocalDate.of(2150, 1, 5), LocalDate.of(2151, 3, 2)),
        p10.visits().stream().map(Visit::date).toList());
    assertEquals(Set.of("25000"), p10.visits().get(0).diagnoses());
    assertEquals(Set.of("3893"), p10.visits().get(0).procedures());
    assertEquals(Set.of("4019", "5849"), p10.visits().get(1).diagnoses());
    assertEquals(List.of(new Lab("50912", 1.4, "mg/dL")), p10.visits().get(1).labs());
    assertEquals(Set.of("Acute and unspecified renal failure", "Diabetes mellitus without complication",
        "Essential hypertension"), p10.labels());
    LoadReport r = c.report();
    assertEquals(3 + 5 + 1 + 4 + 2, r.rowsRead());
    assertEquals(Map.of(
        "DIAGNOSES_ICD.csv: empty ICD9_CODE", 1L,
        "DIAGNOSES_ICD.csv: unknown HADM_ID", 1L,
        "LABEVENTS.csv: lab repeated in the same admission (first kept)", 1L,
        "LABEVENTS.csv: empty HADM_ID", 1L,
        "LABEVENTS.csv: empty VALUENUM", 1L), r.skipped());
    assertEquals("DIAGNOSES_ICD.csv line 6", r.firstOccurrence().get("DIAGNOSES_ICD.csv: unknown HADM_ID"));
  }

  @Test
  void givenAMalformedAdmitTimeThenTheErrorNamesFileLineAndField() throws IOException {
    Files.delete(dir.resolve("ADMISSIONS.csv.gz"));
    Files.writeString(dir.resolve("ADMISSIONS.csv"), ADMISSIONS.replace("2150-01-05 22:10:00", "2150-01-05 25:10:00"));
    var e = assertThrows(IllegalArgumentException.class,
        () -> MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir));
    assertEquals("ADMISSIONS.csv line 3, field ADMITTIME: '2150-01-05 25:10:00' is not a date or date-time "
        + "(expected e.g. 2012-01-19T20:12:34Z)", e.getMessage());
  }

  @Test
  void givenNoDiagnosesTableThenClearError() throws IOException {
    Files.delete(dir.resolve("DIAGNOSES_ICD.csv"));
    var e = assertThrows(IOException.class, () -> MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir));
    assertTrue(e.getMessage().startsWith("MIMIC-III table missing: ") && e.getMessage().contains("DIAGNOSES_ICD.csv"),
        e.getMessage());
  }

  @Test
  void givenDottedIcdCodesThenTheyAreReadUndottedAndThePhenotypesMatch() throws IOException {
    // the case: 250.00 written with a dot gave a prevalence of 0 for every phenotype
    Files.writeString(dir.resolve("DIAGNOSES_ICD.csv"), DIAGNOSES.replace(",4019", ",401.9").replace(",5849", ",584.9")
        .replace(",25000", ",250.00"));
    Files.writeString(dir.resolve("PROCEDURES_ICD.csv"), PROCEDURES.replace(",3893", ",38.93"));
    Cohort c = MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir);
    Patient p10 = c.patients().get(1);
    assertEquals(Set.of("25000"), p10.visits().get(0).diagnoses());
    assertEquals(Set.of("3893"), p10.visits().get(0).procedures());
    assertEquals(Set.of("4019", "5849"), p10.visits().get(1).diagnoses());
    assertEquals(Set.of("Acute and unspecified renal failure", "Diabetes mellitus without complication",
        "Essential hypertension"), p10.labels());
    // said, not silent: counted with the first line
    String dx = "DIAGNOSES_ICD.csv: ICD9_CODE written with a dot or in lower case, read as MIMIC-III writes codes (e.g. 250.00 as 25000)";
    assertEquals(3L, c.report().changed().get(dx));
    assertEquals("DIAGNOSES_ICD.csv line 2", c.report().firstOccurrence().get(dx));
    assertTrue(c.report().toString().contains("  changed         3  " + dx + " (first at DIAGNOSES_ICD.csv line 2)"), c.report().toString());
  }

  @Test
  void givenPhenotypeDefinitionsWithDottedCodesThenTheyMatchUndottedDiagnoses() throws IOException {
    Files.writeString(dir.resolve("phenotypes.yaml"), YAML.replace("'4019'", "'401.9'").replace("['25000', '25001']", "['250.00', '250.01']"));
    ChronicLabelMap p = MimicLoader.phenotypes(dir.resolve("phenotypes.yaml"));
    assertEquals("Essential hypertension", p.labelOf("4019"));
    assertEquals("Diabetes mellitus without complication", p.labelOf("25001"));
    Cohort c = MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir);
    assertEquals(Set.of("Acute and unspecified renal failure", "Diabetes mellitus without complication",
        "Essential hypertension"), c.patients().get(1).labels());
  }

  @Test
  void givenAMalformedDottedCodeThenTheErrorNamesFileLineAndField() throws IOException {
    Files.writeString(dir.resolve("DIAGNOSES_ICD.csv"), DIAGNOSES.replace(",5849", ",58.4.9"));
    var e = assertThrows(IllegalArgumentException.class, () -> MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir));
    assertEquals("DIAGNOSES_ICD.csv line 3, field ICD9_CODE: '58.4.9' is not an ICD code (expected e.g. 25000 or 250.00, V5861 or"
        + " V58.61)", e.getMessage());
  }

  @Test
  void givenOneItemInTwoUnitsThenTwoLabsNeverMixed() throws IOException {
    Files.writeString(dir.resolve("LABEVENTS.csv"), LABEVENTS.replace("2,10,100,50912,2151-03-03 09:00:00,1.2,1.2,mg/dL",
        "2,10,101,50912,2150-01-05 23:00:00,12,12,g/L"));
    Cohort c = MimicLoader.withPhenotypes(dir.resolve("phenotypes.yaml")).load(dir);
    Patient p10 = c.patients().get(1);
    assertEquals(List.of(new Lab("50912 [g/L]", 12, "g/L")), p10.visits().get(0).labs());
    assertEquals(List.of(new Lab("50912 [mg/dL]", 1.4, "mg/dL")), p10.visits().get(1).labs());
    assertEquals(Map.of("lab 50912 has values in 2 units (g/L: 1, mg/dL: 1): kept apart as 50912 [g/L] and 50912 [mg/dL]", 2L),
        c.report().changed());
  }
}
