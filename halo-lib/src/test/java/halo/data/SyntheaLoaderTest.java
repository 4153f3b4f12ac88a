package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Synthea loader on a tiny export written here (two patients, four encounters). */
class SyntheaLoaderTest {
  @TempDir Path dir;
  SyntheaLoader loader;

  static final String PATIENTS = """
      Id,BIRTHDATE,DEATHDATE,SSN,RACE,ETHNICITY,GENDER
      p1,1950-05-01,,999,white,nonhispanic,F
      p2,1980-01-02,,998,black,hispanic,M
      p3,2001-03-04,,997,asian,nonhispanic,F
      """;
  // e3 has only an unlisted observation, so it is not a visit; p3 has no encounter with content
  static final String ENCOUNTERS = """
      Id,START,STOP,PATIENT,ENCOUNTERCLASS,CODE,DESCRIPTION
      e2,2020-03-01T10:00:00Z,2020-03-01T11:00:00Z,p1,ambulatory,1,x
      e1,2020-01-01T10:00:00Z,2020-01-01T11:00:00Z,p1,wellness,1,x
      e3,2020-02-01T10:00:00Z,2020-02-01T11:00:00Z,p2,wellness,1,x
      e4,2021-06-01T23:30:00Z,2021-06-02T00:10:00Z,p2,emergency,1,x
      e5,2021-06-01T10:00:00Z,2021-06-01T11:00:00Z,p3,wellness,1,x
      """;
  static final String CONDITIONS = """
      START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION
      2020-01-01,,p1,e1,SNOMED-CT,44054006,Diabetes mellitus type 2 (disorder)
      2020-03-01,,p1,e2,SNOMED-CT,59621000,Essential hypertension (disorder)
      2020-03-01,,p1,e2,SNOMED-CT,59621000,Essential hypertension (disorder)
      2021-06-01,,p2,e4,SNOMED-CT,22298006,Myocardial infarction (disorder)
      2021-06-01,,p9,e4,SNOMED-CT,1,unknown patient
      2021-06-01,,p2,e99,SNOMED-CT,2,unknown encounter
      """;
  static final String PROCEDURES = """
      START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION,BASE_COST
      2020-01-01T10:00:00Z,,p1,e1,SNOMED-CT,430193006,Medication reconciliation (procedure),1
      2021-06-01T23:30:00Z,,p1,e4,SNOMED-CT,5,patient differs from the encounter's,1
      """;
  static final String MEDICATIONS = """
      START,STOP,PATIENT,PAYER,ENCOUNTER,CODE,DESCRIPTION,BASE_COST
      2020-01-01T10:00:00Z,,p1,x,e1,860975,Metformin,1
      """;
  static final String OBSERVATIONS = """
      DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE
      2020-01-01T10:00:00Z,p1,e1,laboratory,4548-4,HbA1c,7.5,%,numeric
      2020-01-01T10:00:00Z,p1,e1,laboratory,4548-4,HbA1c,7.9,%,numeric
      2020-01-01T10:00:00Z,p1,e1,vital-signs,72514-3,Pain,3.0,{score},numeric
      2020-02-01T10:00:00Z,p2,e3,survey,72166-2,Tobacco smoking status,Never smoked,,text
      2020-03-01T10:00:00Z,p1,e2,vital-signs,8480-6,Systolic,131,mm[Hg],numeric
      """;

  @BeforeEach
  void write() throws IOException {
    for (var e : Map.of("patients", PATIENTS, "encounters", ENCOUNTERS, "conditions", CONDITIONS, "procedures",
        PROCEDURES, "medications", MEDICATIONS, "observations", OBSERVATIONS).entrySet()) {
      Files.writeString(dir.resolve(e.getKey() + ".csv"), e.getValue());
    }
    LabAllowList labs = new LabAllowList(Map.of("4548-4", "Hemoglobin A1c", "8480-6", "Systolic blood pressure"),
        Map.of("4548-4", "%", "8480-6", "mm[Hg]"));
    ChronicLabelMap chronic = new ChronicLabelMap(List.of("diabetes", "ischemic_heart_disease"),
        Map.of("44054006", "diabetes", "22298006", "ischemic_heart_disease"));
    this.labs = labs;
    this.chronic = chronic;
    loader = new SyntheaLoader(labs, chronic, ConditionCoding.ONSET);
  }

  LabAllowList labs;
  ChronicLabelMap chronic;

  private void replace(String file, String from, String to) throws IOException {
    Path p = dir.resolve(file);
    String s = Files.readString(p);
    assertTrue(s.contains(from), "fixture has no '" + from + "'");
    Files.writeString(p, s.replace(from, to));
  }

  @Test
  void givenASmallExportWhenLoadingThenVisitsCodesLabsAndLabelsAreRight() throws IOException {
    Cohort c = loader.load(dir);
    assertEquals(List.of("diabetes", "ischemic_heart_disease"), c.chronicLabels());
    assertEquals(2, c.patients().size());
    Patient p1 = c.patients().get(0), p2 = c.patients().get(1);
    assertEquals("p1", p1.id());
    assertEquals(new Demographics("F", "white", "nonhispanic", 1950), p1.demographics());
    assertEquals(Set.of("diabetes"), p1.labels());
    // e1 before e2 although encounters.csv lists e2 first
    assertEquals(LocalDate.of(2020, 1, 1), p1.visits().get(0).date());
    Visit e1 = p1.visits().get(0);
    assertEquals(Set.of("44054006"), e1.diagnoses());
    assertEquals(Set.of("430193006"), e1.procedures());
    assertEquals(Set.of("860975"), e1.medications());
    assertEquals(List.of(new Lab("4548-4", 7.5, "%")), e1.labs()); // first value kept, pain score not listed
    assertEquals(List.of(new Lab("8480-6", 131, "mm[Hg]")), p1.visits().get(1).labs());
    assertEquals(Set.of("59621000"), p1.visits().get(1).diagnoses());
    // p2: e3 carries nothing we model, e4 (23:30 UTC) is dated 2021-06-01
    assertEquals(1, p2.visits().size());
    assertEquals(LocalDate.of(2021, 6, 1), p2.visits().get(0).date());
    assertEquals(Set.of("ischemic_heart_disease"), p2.labels());
    assertEquals("Diabetes mellitus type 2 (disorder)", c.descriptions().get("dx:44054006"));
    assertEquals("Hemoglobin A1c", c.descriptions().get("lab:4548-4"));
  }

  @Test
  void givenActiveConditionCoding_whenLoading_thenAChronicCodeIsCarriedIntoLaterVisitsWhileActive() throws IOException {
    // p1: diabetes from 2020-01-01 (no STOP) is listed again in e2 (2020-03-01); hypertension is not a labelled condition
    Cohort c = new SyntheaLoader(labs, chronic, ConditionCoding.ACTIVE).load(dir);
    Patient p1 = c.patients().get(0);
    assertEquals(Set.of("44054006"), p1.visits().get(0).diagnoses());
    assertEquals(Set.of("44054006", "59621000"), p1.visits().get(1).diagnoses());
    assertEquals(Map.of("conditions.csv: chronic condition codes carried into later visits while active (condition coding 'active')", 1L),
        c.report().notes());
    assertEquals(3, c.visitCount(), "no encounter becomes a visit because of a carried code");
    assertSame(chronic, c.labelDefinition());
    // a condition resolved (STOP) before the later visit is not carried; STOP is exclusive
    replace("conditions.csv", "2020-01-01,,p1,e1", "2020-01-01,2020-03-01,p1,e1");
    Cohort stopped = new SyntheaLoader(labs, chronic, ConditionCoding.ACTIVE).load(dir);
    assertEquals(Set.of("59621000"), stopped.patients().get(0).visits().get(1).diagnoses());
    // nor into visits before its START (a condition recorded with an onset after the encounter)
    replace("conditions.csv", "2020-01-01,2020-03-01,p1,e1", "2020-04-01,,p1,e1");
    Cohort later = new SyntheaLoader(labs, chronic, ConditionCoding.ACTIVE).load(dir);
    assertEquals(Set.of("59621000"), later.patients().get(0).visits().get(1).diagnoses());
  }

  @Test
  void givenSkippableRowsWhenLoadingThenEachIsCountedWithItsFirstLine() throws IOException {
    LoadReport r = loader.load(dir).report();
    // 3 + 5 + 6 + 2 + 1 + 5 data rows
    assertEquals(22, r.rowsRead());
    assertEquals(2, r.patients());
    assertEquals(3, r.visits());
    assertEquals(Map.of(
        "conditions.csv: code repeated in the same encounter (kept once)", 1L,
        "conditions.csv: unknown PATIENT", 1L,
        "conditions.csv: unknown ENCOUNTER", 1L,
        "procedures.csv: PATIENT differs from the encounter's patient", 1L,
        "observations.csv: lab repeated in the same encounter (first kept)", 1L,
        "encounters.csv: encounter without coded event or listed lab (not a visit)", 2L,
        "patients.csv: patient without any visit", 1L), r.skipped());
    assertEquals("conditions.csv line 4", r.firstOccurrence().get("conditions.csv: code repeated in the same encounter (kept once)"));
    assertEquals("observations.csv line 3", r.firstOccurrence().get("observations.csv: lab repeated in the same encounter (first kept)"));
    assertEquals("patient p3", r.firstOccurrence().get("patients.csv: patient without any visit"));
  }

  @Test
  void givenAMalformedDateThenTheErrorNamesFileLineAndField() throws IOException {
    replace("encounters.csv", "2020-03-01T10:00:00Z", "2020-13-01T10:00:00Z");
    var e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("encounters.csv line 2, field START: '2020-13-01T10:00:00Z' is not a date or date-time "
        + "(expected e.g. 2012-01-19T20:12:34Z)", e.getMessage());
  }

  @Test
  void givenAMalformedBirthDateThenTheErrorNamesFileLineAndField() throws IOException {
    replace("patients.csv", "1980-01-02", "1980-01-xx");
    var e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("patients.csv line 3, field BIRTHDATE: '1980-01-xx' is not a date (expected yyyy-MM-dd or an ISO date-time)",
        e.getMessage());
  }

  @Test
  void givenANonNumericOrNonFiniteLabValueThenTheErrorNamesFileLineAndField() throws IOException {
    replace("observations.csv", "131,", "high,");
    var e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("observations.csv line 6, field VALUE: 'high' is not a decimal number (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)", e.getMessage());
    replace("observations.csv", "high,", "NaN,");
    e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("observations.csv line 6, field VALUE: 'NaN' is not a decimal number (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)", e.getMessage());
  }

  @Test
  void givenAMissingColumnThenTheErrorNamesFileAndColumn() throws IOException {
    replace("medications.csv", "ENCOUNTER,", "ENC,");
    var e = assertThrows(IOException.class, () -> loader.load(dir));
    assertTrue(e.getMessage().startsWith("medications.csv line 1: missing column ENCOUNTER (header has [START, STOP, PATIENT, PAYER, ENC,"),
        e.getMessage());
  }

  @Test
  void givenARowWithTooFewFieldsOrADuplicateIdThenClearErrors() throws IOException {
    replace("procedures.csv", "Medication reconciliation (procedure),1", "Medication reconciliation (procedure)");
    var e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("procedures.csv line 2: 7 fields, the header has 8 "
        + "([START, STOP, PATIENT, ENCOUNTER, SYSTEM, CODE, DESCRIPTION, BASE_COST])", e.getMessage());
    write();
    replace("encounters.csv", "e3,", "e1,");
    e = assertThrows(IllegalArgumentException.class, () -> loader.load(dir));
    assertEquals("encounters.csv line 4, field Id: duplicate encounter id e1", e.getMessage());
  }

  @Test
  void givenTheDefaultTablesThenElevenLabelFamiliesAndAListedLabPerLine() throws IOException {
    ChronicLabelMap chronic = ChronicLabelMap.syntheaDefault();
    assertEquals(List.of("alzheimers_dementia", "heart_failure", "chronic_kidney_disease", "cancer", "copd",
        "depression", "diabetes", "ischemic_heart_disease", "osteoporosis", "arthritis", "stroke_tia"), chronic.labels());
    assertEquals("diabetes", chronic.labelOf("44054006"));
    LabAllowList labs = LabAllowList.syntheaDefault();
    assertTrue(labs.contains("8480-6") && labs.contains("4548-4"));
    assertFalse(labs.contains("72514-3"), "pain score is a survey-like score, not a lab");
  }
}
