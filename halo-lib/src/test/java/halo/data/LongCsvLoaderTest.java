package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LongCsvLoaderTest {
  @TempDir Path dir;

  static final String EVENTS = """
      patient_id,visit_date,kind,code,value,unit
      a,2020-01-02,dx,E11,,
      a,2020-01-02,lab,hba1c,7.2,%
      a,2020-01-02,lab,hba1c,7.0,%
      a,2019-05-01,rx,metformin,,
      a,2019-05-01,rx,metformin,,
      b,2021-02-03,px,cabg,,
      z,2021-02-03,dx,I10,,
      """;
  static final String PATIENTS = """
      patient_id,sex,race,ethnicity,birth_year,labels
      a,F,white,nonhispanic,1950,diabetes;ckd
      b,M,,,,
      c,F,asian,,1990,copd
      """;

  private Cohort load(String events, String patients) throws IOException {
    Files.writeString(dir.resolve("events.csv"), events);
    Path p = null;
    if (patients != null) Files.writeString(p = dir.resolve("patients.csv"), patients);
    return LongCsvLoader.load(dir.resolve("events.csv"), p);
  }

  @Test
  void givenEventsAndPatientsWhenLoadingThenVisitsByDateAndLabelsFromThePatientsFile() throws IOException {
    Cohort c = load(EVENTS, PATIENTS);
    assertEquals(List.of("ckd", "copd", "diabetes"), c.chronicLabels());
    assertEquals(List.of("a", "b"), c.patients().stream().map(Patient::id).toList());
    Patient a = c.patients().get(0);
    assertEquals(List.of(LocalDate.of(2019, 5, 1), LocalDate.of(2020, 1, 2)), a.visits().stream().map(Visit::date).toList());
    assertEquals(Set.of("metformin"), a.visits().get(0).medications());
    assertEquals(List.of(new Lab("hba1c", 7.2, "%")), a.visits().get(1).labs());
    assertEquals(Set.of("ckd", "diabetes"), a.labels());
    assertEquals(new Demographics("F", "white", "nonhispanic", 1950), a.demographics());
    assertEquals(Map.of(
        "events.csv: lab repeated in the same visit (first kept)", 1L,
        "events.csv: code repeated in the same visit (kept once)", 1L,
        "events.csv: patient_id not in patients.csv", 1L,
        "patients.csv: patient without any visit", 1L), c.report().skipped());
    assertEquals(3, c.report().visits());
  }

  @Test
  void givenNoPatientsFileThenEveryPatientIsKeptWithoutLabels() throws IOException {
    Cohort c = load(EVENTS, null);
    assertEquals(3, c.patients().size());
    assertEquals(List.of(), c.chronicLabels());
    assertEquals(Demographics.UNKNOWN, c.patients().get(2).demographics());
  }

  @Test
  void givenMalformedRowsThenErrorsNameFileLineAndField() throws IOException {
    var e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS.replace("hba1c,7.0", "hba1c,seven"), null));
    assertEquals("events.csv line 4, field value: 'seven' is not a decimal number (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS.replace("b,2021-02-03,px", "b,2021-02-30,px"), null));
    assertEquals("events.csv line 7, field visit_date: '2021-02-30' is not a date (expected yyyy-MM-dd or an ISO date-time)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS.replace("b,2021-02-03,px", "b,2021-02-03,xx"), null));
    assertTrue(e.getMessage().startsWith("events.csv line 7, field kind: unknown code kind 'xx'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS.replace("dx,E11,,", "dx,E11,3,"), null));
    assertEquals("events.csv line 2, field value: a dx row takes no value (only lab rows do), got '3'", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS, PATIENTS.replace("1990", "19x0")));
    assertEquals("patients.csv line 4, field birth_year: '19x0' is not a birth year (four digits from 1850 to one year after today, e.g. 1950)", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS.replace("7.2,%", "Infinity,%"), null));
    assertEquals("events.csv line 3, field value: 'Infinity' is not a decimal number (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)", e.getMessage());
  }

  @Test
  void givenTheShippedExampleThenItLoads() throws IOException {
    Path example = halo.Halo.root().resolve("datasets").resolve("example");
    Cohort c = LongCsvLoader.load(example.resolve("events.csv"), example.resolve("patients.csv"));
    assertEquals(4, c.patients().size());
    assertEquals(8, c.visitCount());
    assertEquals(0, c.report().skippedTotal());
  }

  @Test
  void givenOneLabInTwoUnitsThenTwoLabsAndTheVocabularyNeverMixesThem() throws IOException {
    // the case: glucose in mg/dL and in g/L was bucketed as one lab labelled g/L
    String events = """
        patient_id,visit_date,kind,code,value,unit
        a,2020-01-02,lab,glu,90,mg/dL
        a,2020-02-02,lab,glu,0.9,g/L
        a,2020-03-02,lab,glu,110,mg/dL
        """;
    Cohort c = load(events, null);
    var labs = c.patients().get(0).visits().stream().flatMap(v -> v.labs().stream()).toList();
    assertEquals(List.of(new Lab("glu [mg/dL]", 90, "mg/dL"), new Lab("glu [g/L]", 0.9, "g/L"), new Lab("glu [mg/dL]", 110, "mg/dL")), labs);
    assertEquals(Map.of("lab glu has values in 2 units (g/L: 1, mg/dL: 2): kept apart as glu [g/L] and glu [mg/dL]", 3L),
        c.report().changed());
    Vocabulary v = Vocabulary.fit(c.patients(), List.of(), Map.of(), new VocabularyConfig(2, 0, 1, 4));
    assertEquals("g/L", v.labUnit("glu [g/L]"));
    assertEquals("mg/dL", v.labUnit("glu [mg/dL]"));
    // a cohort built by hand with mixed units is refused by the vocabulary itself
    Patient mixed = new Patient("m", null, new java.util.TreeSet<>(), List.of(
        new Visit(LocalDate.of(2020, 1, 1), new java.util.TreeSet<>(), new java.util.TreeSet<>(), new java.util.TreeSet<>(), List.of(new Lab("glu", 90, "mg/dL"))),
        new Visit(LocalDate.of(2020, 2, 1), new java.util.TreeSet<>(), new java.util.TreeSet<>(), new java.util.TreeSet<>(), List.of(new Lab("glu", 0.9, "g/L")))));
    var e = assertThrows(IllegalArgumentException.class,
        () -> Vocabulary.fit(List.of(mixed), List.of(), Map.of(), new VocabularyConfig(2, 0, 1, 4)));
    assertEquals("lab glu has training values in 2 units [g/L, mg/dL]: split it by unit first (LabUnits.separate) or convert the values",
        e.getMessage());
  }

  @Test
  void givenABirthYearAfterTheFirstVisitThenAnErrorNamingBothLines() throws IOException {
    var e = assertThrows(IllegalArgumentException.class, () -> load(EVENTS, PATIENTS.replace("a,F,white,nonhispanic,1950", "a,F,white,nonhispanic,2020")));
    assertEquals("patients.csv line 2, field birth_year: 2020 is after the first visit of patient a on 2019-05-01 (events.csv line 5):"
        + " correct the birth year or the visit date", e.getMessage());
  }
}
