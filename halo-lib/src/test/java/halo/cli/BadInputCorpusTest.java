package halo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad-input corpus (issue 14): malformed inputs for every loader and misuses of the command line,
 * each generated here into its own temporary folder and run through {@code ./halo} in-process. Every
 * case must be refused with exit code 2 and exactly the expected message (naming file, line and
 * field, or the option and its range), print no stack trace, and write nothing: no {@code --out}
 * folder, no temporary sibling left behind. {@code {dir}} in arguments and messages is the case's
 * folder. The accepted-with-a-word cases (BOM, gzip named .csv, dotted ICD codes, two lab units) are
 * at the end: converted, with what was changed said in load-report.txt.
 */
class BadInputCorpusTest {
  @TempDir Path root;

  // ------------------------------------------------------------------ fixtures

  static final String EVENTS = """
      patient_id,visit_date,kind,code,value,unit,description
      p1,2019-03-02,dx,44054006,,,Diabetes
      p1,2019-03-02,lab,4548-4,7.9,%,Hemoglobin A1c
      p1,2019-09-14,dx,433144002,,,CKD 3
      p2,2018-11-20,dx,414545008,,,IHD
      p2,2019-01-05,px,232717009,,,CABG
      p3,2021-06-30,dx,444814009,,,Sinusitis
      p4,2017-02-11,dx,185086009,,,COPD
      p4,2017-08-19,rx,896209,,,Inhaler
      """;
  static final String PATIENTS = """
      patient_id,sex,race,ethnicity,birth_year,labels
      p1,F,white,nonhispanic,1948,diabetes
      p2,M,black,nonhispanic,1961,ischemic_heart_disease
      p3,F,asian,hispanic,1990,
      p4,M,white,nonhispanic,,copd
      """;

  static final String S_PATIENTS = """
      Id,BIRTHDATE,DEATHDATE,SSN,RACE,ETHNICITY,GENDER
      p1,1950-05-01,,999,white,nonhispanic,F
      p2,1980-01-02,,998,black,hispanic,M
      p3,2001-03-04,,997,asian,nonhispanic,F
      p4,1970-07-08,,996,white,nonhispanic,M
      """;
  static final String S_ENCOUNTERS = """
      Id,START,STOP,PATIENT,ENCOUNTERCLASS,CODE,DESCRIPTION
      e1,2020-01-01T10:00:00Z,2020-01-01T11:00:00Z,p1,wellness,1,x
      e2,2020-03-01T10:00:00Z,2020-03-01T11:00:00Z,p2,ambulatory,1,x
      e3,2021-06-01T10:00:00Z,2021-06-01T11:00:00Z,p3,wellness,1,x
      e4,2021-07-01T10:00:00Z,2021-07-01T11:00:00Z,p4,wellness,1,x
      """;
  static final String S_CONDITIONS = """
      START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION
      2020-01-01,,p1,e1,SNOMED-CT,44054006,Diabetes mellitus type 2 (disorder)
      2020-03-01,,p2,e2,SNOMED-CT,59621000,Essential hypertension (disorder)
      2021-06-01,,p3,e3,SNOMED-CT,13644009,Meniere's disease (disorder)
      2021-07-01,,p4,e4,SNOMED-CT,22298006,Myocardial infarction (disorder)
      """;
  static final String S_PROCEDURES = """
      START,STOP,PATIENT,ENCOUNTER,SYSTEM,CODE,DESCRIPTION,BASE_COST
      2020-01-01T10:00:00Z,,p1,e1,SNOMED-CT,430193006,Medication reconciliation (procedure),1
      """;
  static final String S_MEDICATIONS = """
      START,STOP,PATIENT,PAYER,ENCOUNTER,CODE,DESCRIPTION,BASE_COST
      2020-01-01T10:00:00Z,,p1,x,e1,860975,Metformin,1
      """;
  static final String S_OBSERVATIONS = """
      DATE,PATIENT,ENCOUNTER,CATEGORY,CODE,DESCRIPTION,VALUE,UNITS,TYPE
      2020-01-01T10:00:00Z,p1,e1,laboratory,4548-4,HbA1c,7.5,%,numeric
      2020-03-01T10:00:00Z,p2,e2,vital-signs,8480-6,Systolic,131,mm[Hg],numeric
      """;

  static final String ADMISSIONS = """
      ROW_ID,SUBJECT_ID,HADM_ID,ADMITTIME,DISCHTIME,ETHNICITY
      1,10,100,2151-03-02 08:00:00,2151-03-09 08:00:00,WHITE
      2,10,101,2150-01-05 22:10:00,2150-01-07 10:00:00,WHITE
      3,20,200,2149-07-01 01:00:00,2149-07-02 01:00:00,BLACK
      4,30,300,2152-07-01 01:00:00,2152-07-02 01:00:00,ASIAN
      5,40,400,2153-07-01 01:00:00,2153-07-02 01:00:00,WHITE
      """;
  static final String DIAGNOSES = """
      ROW_ID,SUBJECT_ID,HADM_ID,SEQ_NUM,ICD9_CODE
      1,10,100,1,4019
      2,10,100,2,5849
      3,10,101,1,25000
      4,20,200,1,4019
      5,30,300,1,25000
      6,40,400,1,5849
      """;
  static final String YAML = """
      Essential hypertension:
        codes: ['4019']
        use_in_benchmark: true
      Acute and unspecified renal failure:
        codes: ['5849', '5845']
        use_in_benchmark: true
      Diabetes mellitus without complication:
        codes: ['25000', '25001']
        use_in_benchmark: true
      """;

  static Map<String, Object> csv(String events, String patients) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events.csv", events);
    if (patients != null) m.put("patients.csv", patients);
    return m;
  }

  static Map<String, Object> synthea(String file, String from, String to) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> base = Map.of("patients.csv", S_PATIENTS, "encounters.csv", S_ENCOUNTERS, "conditions.csv", S_CONDITIONS,
        "procedures.csv", S_PROCEDURES, "medications.csv", S_MEDICATIONS, "observations.csv", S_OBSERVATIONS);
    for (var e : new java.util.TreeMap<>(base).entrySet()) {
      String text = e.getValue();
      if (e.getKey().equals(file)) {
        if (!text.contains(from)) throw new IllegalArgumentException("fixture " + file + " has no '" + from + "'");
        text = text.replace(from, to);
      }
      m.put("export/" + e.getKey(), text);
    }
    return m;
  }

  static Map<String, Object> mimic(String file, String from, String to) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (var e : Map.of("ADMISSIONS.csv", ADMISSIONS, "DIAGNOSES_ICD.csv", DIAGNOSES).entrySet()) {
      String text = e.getValue();
      if (e.getKey().equals(file)) {
        if (!text.contains(from)) throw new IllegalArgumentException("fixture " + file + " has no '" + from + "'");
        text = text.replace(from, to);
      }
      m.put("mimic/" + e.getKey(), text);
    }
    m.put("phenotypes.yaml", YAML);
    return m;
  }

  /** {@code text} with {@code from} replaced by raw bytes (e.g. a Latin-1 é). */
  static byte[] withBytes(String text, String from, byte... to) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    byte[] f = from.getBytes(StandardCharsets.UTF_8);
    int at = indexOf(t, f);
    if (at < 0) throw new IllegalArgumentException("no '" + from + "'");
    byte[] out = new byte[t.length - f.length + to.length];
    System.arraycopy(t, 0, out, 0, at);
    System.arraycopy(to, 0, out, at, to.length);
    System.arraycopy(t, at + f.length, out, at + to.length, t.length - at - f.length);
    return out;
  }

  private static int indexOf(byte[] a, byte[] b) {
    outer:
    for (int i = 0; i + b.length <= a.length; i++) {
      for (int j = 0; j < b.length; j++) if (a[i + j] != b[j]) continue outer;
      return i;
    }
    return -1;
  }

  static byte[] gzip(String text) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      try (GZIPOutputStream z = new GZIPOutputStream(b)) {
        z.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return b.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final String CONVERT_CSV = "dataset convert --format csv --input {dir}/events.csv --patients-file {dir}/patients.csv --out {dir}/out";
  static final String CONVERT_EVENTS = "dataset convert --format csv --input {dir}/events.csv --out {dir}/out";
  static final String CONVERT_SYNTHEA = "dataset convert --format synthea --input {dir}/export --out {dir}/out";
  static final String CONVERT_MIMIC = "dataset convert --format mimic --input {dir}/mimic --phenotypes {dir}/phenotypes.yaml --out {dir}/out";
  static final String FIX_DECIMAL = " (write digits with an optional '.' and exponent, e.g. 8 or 7.9 or 1.2e3)";
  static final String DATE_RULE = " is outside the dates accepted, from 1850-01-01 to one year after today; correct the date";
  static final String UTF8_FIX = " not valid UTF-8 (the file is probably in another encoding, e.g. Windows-1252 or Latin-1): save it as UTF-8, e.g."
      + " iconv -f WINDOWS-1252 -t UTF-8 ";

  /** One corpus entry: files to write, the command, the exact error message. */
  record Case(String name, Map<String, Object> files, String command, String message) {}

  static List<Case> corpus() {
    List<Case> c = new ArrayList<>();
    // --- own long CSV: encoding and compression
    c.add(new Case("Latin-1 byte in events.csv", Map.of("events.csv", withBytes(EVENTS, "Sinusitis", (byte) 'c', (byte) 'a', (byte) 'f', (byte) 0xE9),
        "patients.csv", PATIENTS), CONVERT_CSV, "events.csv line 7, column 33: byte 0xE9 is" + UTF8_FIX + "events.csv > utf8-events.csv"));
    c.add(new Case("Latin-1 byte in patients.csv", Map.of("events.csv", EVENTS, "patients.csv", withBytes(PATIENTS, "hispanic,1990", (byte) 'h',
        (byte) 0xED, (byte) 's')), CONVERT_CSV, "patients.csv line 4, column 13: byte 0xED is" + UTF8_FIX + "patients.csv > utf8-patients.csv"));
    c.add(new Case("truncated UTF-8 sequence", Map.of("events.csv", withBytes(EVENTS, "CABG", (byte) 'C', (byte) 0xE2, (byte) 0x82)),
        CONVERT_EVENTS, "events.csv line 6, column 31: bytes 0xE2 0x82 are" + UTF8_FIX + "events.csv > utf8-events.csv"));
    byte[] big = gzip(EVENTS.repeat(1) + "p9,2019-03-02,dx,1,,,x\n".repeat(20000));
    c.add(new Case("gzip cut short", Map.of("events.csv", Arrays.copyOf(big, big.length / 2)), CONVERT_EVENTS,
        "events.csv near line 5693: the gzip data is damaged or cut short (Unexpected end of ZLIB input stream): compress the file again or use the uncompressed CSV"));
    c.add(new Case("zip archive named .csv", Map.of("events.csv", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0}), CONVERT_EVENTS,
        "events.csv is a zip archive: unzip it and give the CSV file inside"));
    c.add(new Case("bzip2 named .csv", Map.of("events.csv", new byte[] {'B', 'Z', 'h', '9', '1', 'A'}), CONVERT_EVENTS,
        "events.csv is bzip2-compressed: decompress it (bunzip2) or gzip it instead"));
    c.add(new Case("xz named .csv", Map.of("events.csv", new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}), CONVERT_EVENTS,
        "events.csv is xz-compressed: decompress it (unxz) or gzip it instead"));
    c.add(new Case("zstd named .csv", Map.of("events.csv", new byte[] {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD, 0, 0}), CONVERT_EVENTS,
        "events.csv is zstd-compressed: decompress it (unzstd) or gzip it instead"));
    // --- header
    c.add(new Case("empty events file", csv("", null), CONVERT_EVENTS, "events.csv line 1: no header line (the file is empty)"));
    c.add(new Case("duplicate header column", csv(EVENTS.replace("unit,description", "code,description"), null), CONVERT_EVENTS,
        "events.csv line 1: column code appears twice (columns 4 and 6); rename or remove one of them"));
    c.add(new Case("missing column", csv(EVENTS.replace("visit_date", "date"), null), CONVERT_EVENTS,
        "events.csv line 1: missing column visit_date (header has [patient_id, date, kind, code, value, unit, description])"));
    c.add(new Case("column name in other case", csv(EVENTS.replace("patient_id,visit", "Patient_ID,visit"), null), CONVERT_EVENTS,
        "events.csv line 1: missing column patient_id (header has [Patient_ID, visit_date, kind, code, value, unit, description]);"
            + " column 'Patient_ID' differs only in case or spaces: names must match exactly"));
    c.add(new Case("patients.csv without patient_id", csv(EVENTS, PATIENTS.replace("patient_id,sex", "id,sex")), CONVERT_CSV,
        "patients.csv line 1: missing column patient_id (header has [id, sex, race, ethnicity, birth_year, labels])"));
    c.add(new Case("duplicate column in patients.csv", csv(EVENTS, PATIENTS.replace(",labels", ",sex")), CONVERT_CSV,
        "patients.csv line 1: column sex appears twice (columns 2 and 6); rename or remove one of them"));
    // --- structure and line numbers
    c.add(new Case("too many fields", csv(EVENTS.replace("p2,2018-11-20,dx,414545008,,,IHD", "p2,2018-11-20,dx,414545008,,,IHD,extra"), null),
        CONVERT_EVENTS, "events.csv line 5: 8 fields, the header has 7 ([patient_id, visit_date, kind, code, value, unit, description])"));
    c.add(new Case("too few fields after a blank line", csv(EVENTS.replace("p2,2018-11-20,dx,414545008,,,IHD\n", "\np2,2018-11-20,dx\n"), null),
        CONVERT_EVENTS, "events.csv line 6: 3 fields, the header has 7 ([patient_id, visit_date, kind, code, value, unit, description])"));
    c.add(new Case("bad value after a quoted multi-line field", csv(EVENTS.replace(",Diabetes", ",\"Diabetes\nmellitus\ntype 2\"")
        .replace("7.9,%", "7.9d,%"), null), CONVERT_EVENTS, "events.csv line 5, field value: '7.9d' is not a decimal number" + FIX_DECIMAL));
    c.add(new Case("bad date after multi-line field and blank lines", csv(EVENTS.replace("CKD 3", "\"CKD\nstage 3\"")
        .replace("p3,2021-06-30", "\n\np3,2021-13-30"), null), CONVERT_EVENTS,
        "events.csv line 10, field visit_date: '2021-13-30' is not a date (expected yyyy-MM-dd or an ISO date-time)"));
    c.add(new Case("unclosed quote", csv(EVENTS.replace("p4,2017-02-11,dx,185086009,,,COPD", "p4,2017-02-11,dx,185086009,,,\"COPD"), null),
        CONVERT_EVENTS, "events.csv line 8: a quoted field starts on this line and is never closed; check the quotes: a field that"
            + " contains a comma, a quote or a line break must be quoted, and a quote inside it doubled (\"\")"));
    // --- numbers
    for (String v : List.of("0x1p3", "7.9d", "1f", "NaN", "Infinity", "-Infinity", "7,9", "1 000", "seven", "+-1")) {
      String row = v.contains(",") ? "\"" + v + "\"" : v;
      c.add(new Case("lab value " + v, csv(EVENTS.replace("7.9,%", row + ",%"), null), CONVERT_EVENTS,
          "events.csv line 3, field value: '" + v + "' is not a decimal number" + FIX_DECIMAL));
    }
    c.add(new Case("lab value too large", csv(EVENTS.replace("7.9,%", "1e999,%"), null), CONVERT_EVENTS,
        "events.csv line 3, field value: '1e999' is too large for a number"));
    c.add(new Case("lab row without value", csv(EVENTS.replace("7.9,%", ",%"), null), CONVERT_EVENTS, "events.csv line 3, field value: is empty"));
    c.add(new Case("value on a diagnosis row", csv(EVENTS.replace("44054006,,", "44054006,3,"), null), CONVERT_EVENTS,
        "events.csv line 2, field value: a dx row takes no value (only lab rows do), got '3'"));
    // --- codes and kinds
    c.add(new Case("unknown kind", csv(EVENTS.replace("p3,2021-06-30,dx", "p3,2021-06-30,diag"), null), CONVERT_EVENTS,
        "events.csv line 7, field kind: unknown code kind 'diag': expected one of dx|px|rx|lab|gap (or their names: diagnosis|procedure|medication|lab|gap)"));
    c.add(new Case("gap kind", csv(EVENTS.replace("p3,2021-06-30,dx", "p3,2021-06-30,gap"), null), CONVERT_EVENTS,
        "events.csv line 7, field kind: gap codes are computed from visit dates, not read"));
    c.add(new Case("empty code", csv(EVENTS.replace("444814009", ""), null), CONVERT_EVENTS, "events.csv line 7, field code: is empty"));
    c.add(new Case("empty patient id", csv(EVENTS.replace("p3,2021-06-30", ",2021-06-30"), null), CONVERT_EVENTS,
        "events.csv line 7, field patient_id: is empty"));
    // --- dates
    c.add(new Case("month 13", csv(EVENTS.replace("2021-06-30", "2021-13-30"), null), CONVERT_EVENTS,
        "events.csv line 7, field visit_date: '2021-13-30' is not a date (expected yyyy-MM-dd or an ISO date-time)"));
    c.add(new Case("US date format", csv(EVENTS.replace("2021-06-30", "06/30/2021"), null), CONVERT_EVENTS,
        "events.csv line 7, field visit_date: '06/30/2021' is not a date (expected yyyy-MM-dd or an ISO date-time)"));
    c.add(new Case("year 0001", csv(EVENTS.replace("2021-06-30", "0001-01-01"), null), CONVERT_EVENTS,
        "events.csv line 7, field visit_date: '0001-01-01'" + DATE_RULE));
    c.add(new Case("year 2914", csv(EVENTS.replace("2021-06-30", "2914-06-30"), null), CONVERT_EVENTS,
        "events.csv line 7, field visit_date: '2914-06-30'" + DATE_RULE));
    c.add(new Case("birth year with a letter", csv(EVENTS, PATIENTS.replace("1990", "19x0")), CONVERT_CSV,
        "patients.csv line 4, field birth_year: '19x0' is not a birth year (four digits from 1850 to one year after today, e.g. 1950)"));
    c.add(new Case("birth year 1700", csv(EVENTS, PATIENTS.replace("1990", "1700")), CONVERT_CSV,
        "patients.csv line 4, field birth_year: '1700' is not a birth year (four digits from 1850 to one year after today, e.g. 1950)"));
    c.add(new Case("birth year after the visits", csv(EVENTS, PATIENTS.replace("1961", "2019")), CONVERT_CSV,
        "patients.csv line 3, field birth_year: 2019 is after the first visit of patient p2 on 2018-11-20 (events.csv line 5):"
            + " correct the birth year or the visit date"));
    c.add(new Case("duplicate patient", csv(EVENTS, PATIENTS + "p2,M,black,nonhispanic,1961,\n"), CONVERT_CSV,
        "patients.csv line 6, field patient_id: duplicate patient_id p2"));
    // --- Synthea export
    c.add(new Case("Synthea: Latin-1 description (Ménière)", syntheaBytes("conditions.csv", "Meniere", new byte[] {'M', (byte) 0xE9, 'n', 'i', (byte) 0xE8, 'r', 'e'}),
        CONVERT_SYNTHEA, "conditions.csv line 4, column 39: byte 0xE9 is" + UTF8_FIX + "conditions.csv > utf8-conditions.csv"));
    c.add(new Case("Synthea: no patients.csv", without(synthea("patients.csv", "p1", "p1"), "export/patients.csv"), CONVERT_SYNTHEA,
        "file not found: {dir}/export/patients.csv (nor patients.csv.gz)"));
    c.add(new Case("Synthea: encounter before birth", synthea("encounters.csv", "e2,2020-03-01T10:00:00Z", "e2,1979-03-01T10:00:00Z"),
        CONVERT_SYNTHEA, "encounters.csv line 3, field START: '1979-03-01T10:00:00Z' is before the birth of patient p2 (1980-01-02 in"
            + " patients.csv): correct the date or the BIRTHDATE"));
    c.add(new Case("Synthea: BIRTHDATE year 0001", synthea("patients.csv", "1950-05-01", "0001-05-01"), CONVERT_SYNTHEA,
        "patients.csv line 2, field BIRTHDATE: '0001-05-01'" + DATE_RULE));
    c.add(new Case("Synthea: encounter in 2914", synthea("encounters.csv", "e4,2021-07-01T10:00:00Z", "e4,2914-07-01T10:00:00Z"),
        CONVERT_SYNTHEA, "encounters.csv line 5, field START: '2914-07-01T10:00:00Z'" + DATE_RULE));
    c.add(new Case("Synthea: observation 7.9d", synthea("observations.csv", ",7.5,", ",7.9d,"), CONVERT_SYNTHEA,
        "observations.csv line 2, field VALUE: '7.9d' is not a decimal number" + FIX_DECIMAL));
    c.add(new Case("Synthea: observation 0x1p3", synthea("observations.csv", ",131,", ",0x1p3,"), CONVERT_SYNTHEA,
        "observations.csv line 3, field VALUE: '0x1p3' is not a decimal number" + FIX_DECIMAL));
    c.add(new Case("Synthea: duplicate encounter id", synthea("encounters.csv", "e3,", "e1,"), CONVERT_SYNTHEA,
        "encounters.csv line 4, field Id: duplicate encounter id e1"));
    c.add(new Case("Synthea: duplicate patient id", synthea("patients.csv", "p4,1970", "p1,1970"), CONVERT_SYNTHEA,
        "patients.csv line 5, field Id: duplicate patient id p1"));
    c.add(new Case("Synthea: duplicate header column", synthea("medications.csv", "PAYER", "CODE"), CONVERT_SYNTHEA,
        "medications.csv line 1: column CODE appears twice (columns 4 and 6); rename or remove one of them"));
    c.add(new Case("Synthea: missing column", synthea("procedures.csv", "ENCOUNTER", "ENC"), CONVERT_SYNTHEA,
        "procedures.csv line 1: missing column ENCOUNTER (header has [START, STOP, PATIENT, ENC, SYSTEM, CODE, DESCRIPTION, BASE_COST])"));
    c.add(new Case("Synthea: --input is a file", synthea("patients.csv", "p1", "p1"), "dataset convert --format synthea --input"
        + " {dir}/export/patients.csv --out {dir}/out", "--input {dir}/export/patients.csv is a file: --format synthea takes the folder of its tables"));
    // --- MIMIC-III
    c.add(new Case("MIMIC: malformed dotted ICD-9", mimic("DIAGNOSES_ICD.csv", ",5849\n", ",58.4.9\n"), CONVERT_MIMIC,
        "DIAGNOSES_ICD.csv line 3, field ICD9_CODE: '58.4.9' is not an ICD code (expected e.g. 25000 or 250.00, V5861 or V58.61)"));
    c.add(new Case("MIMIC: ADMITTIME in 2914", mimic("ADMISSIONS.csv", "2153-07-01 01:00:00,2153", "2914-07-01 01:00:00,2153"), CONVERT_MIMIC,
        "ADMISSIONS.csv line 6, field ADMITTIME: '2914-07-01 01:00:00' is outside the dates accepted, from 1850-01-01 to 2300-12-31"
            + " (MIMIC-III shifts dates into 2100-2210); correct the date"));
    c.add(new Case("MIMIC: ADMITTIME 25:10", mimic("ADMISSIONS.csv", "22:10:00", "25:10:00"), CONVERT_MIMIC,
        "ADMISSIONS.csv line 3, field ADMITTIME: '2150-01-05 25:10:00' is not a date or date-time (expected e.g. 2012-01-19T20:12:34Z)"));
    c.add(new Case("MIMIC: no DIAGNOSES_ICD", without(mimic("ADMISSIONS.csv", "1,", "1,"), "mimic/DIAGNOSES_ICD.csv"), CONVERT_MIMIC,
        "MIMIC-III table missing: {dir}/mimic/DIAGNOSES_ICD.csv (or DIAGNOSES_ICD.csv.gz)"));
    c.add(new Case("MIMIC: duplicate admission", mimic("ADMISSIONS.csv", "4,30,300", "4,30,100"), CONVERT_MIMIC,
        "ADMISSIONS.csv line 5, field HADM_ID: duplicate admission 100"));
    c.add(new Case("MIMIC: Latin-1 ethnicity", mimicBytes("ADMISSIONS.csv", "ASIAN", new byte[] {'A', (byte) 0xC9, 'S'}), CONVERT_MIMIC,
        "ADMISSIONS.csv line 5, column 51: byte 0xC9 is" + UTF8_FIX + "ADMISSIONS.csv > utf8-ADMISSIONS.csv"));
    c.add(new Case("MIMIC: malformed code in the phenotype YAML", replaceFile(mimic("ADMISSIONS.csv", "1,", "1,"), "phenotypes.yaml", "'5845'", "'58.4.5'"),
        CONVERT_MIMIC, "{dir}/phenotypes.yaml: group 'Acute and unspecified renal failure': '58.4.5' is not an ICD code (expected e.g. 25000"
            + " or 250.00, V5861 or V58.61)"));
    c.add(new Case("MIMIC: a code in two phenotype groups once undotted", replaceFile(mimic("ADMISSIONS.csv", "1,", "1,"), "phenotypes.yaml", "'5845'", "'401.9'"),
        CONVERT_MIMIC, "{dir}/phenotypes.yaml: code 4019 is in two groups, 'Acute and unspecified renal failure' and 'Essential hypertension'"));
    // --- misuses of the command line (option and its range)
    c.add(new Case("convert without --phenotypes for mimic", mimic("ADMISSIONS.csv", "1,", "1,"), "dataset convert --format mimic --input {dir}/mimic --out {dir}/out",
        "--format mimic needs --phenotypes (hcup_ccs_2015_definitions_benchmark.yaml of mimic3-benchmarks)"));
    c.add(new Case("--phenotypes that does not exist", mimic("ADMISSIONS.csv", "1,", "1,"), "dataset convert --format mimic --input {dir}/mimic"
        + " --phenotypes {dir}/nope.yaml --out {dir}/out", "--phenotypes {dir}/nope.yaml does not exist"));
    c.add(new Case("--input that does not exist", Map.of(), CONVERT_EVENTS, "--input {dir}/events.csv does not exist"));
    c.add(new Case("--patients-file that does not exist", csv(EVENTS, null), CONVERT_CSV, "--patients-file {dir}/patients.csv does not exist"));
    c.add(new Case("csv --input is a folder", Map.of("events.csv/x", "x"), CONVERT_EVENTS,
        "--input {dir}/events.csv is a folder: --format csv takes the events CSV file"));
    c.add(new Case("unknown --format", csv(EVENTS, null), "dataset convert --format excel --input {dir}/events.csv --out {dir}/out",
        "Invalid value for option '--format': expected one of [synthea, mimic, csv] (case-insensitive) but was 'excel'"));
    c.add(new Case("--lab-buckets 0", csv(EVENTS, null), CONVERT_EVENTS + " --lab-buckets 0", "--lab-buckets must be from 1 to 1,000, got 0"));
    c.add(new Case("--gap-buckets -1", csv(EVENTS, null), CONVERT_EVENTS + " --gap-buckets -1", "--gap-buckets must be from 0 to 1,000, got -1"));
    c.add(new Case("--min-lab-count 0", csv(EVENTS, null), CONVERT_EVENTS + " --min-lab-count 0",
        "--min-lab-count must be from 1 to 2,147,483,647, got 0"));
    c.add(new Case("--max-visits 0", csv(EVENTS, null), CONVERT_EVENTS + " --max-visits 0", "--max-visits must be from 1 to 100,000, got 0"));
    c.add(new Case("--max-visits not a number", csv(EVENTS, null), CONVERT_EVENTS + " --max-visits many",
        "Invalid value for option '--max-visits': 'many' is not an int"));
    c.add(new Case("synthea --patients 0", Map.of(), "dataset synthea --patients 0 --out {dir}/out", "--patients must be from 1 to 10,000,000, got 0"));
    c.add(new Case("--out is a file", Map.of("events.csv", EVENTS, "out", "not a folder"), CONVERT_EVENTS,
        "{dir}/out is a file, not a folder: choose a folder name for --out"));
    c.add(new Case("--out under a file", Map.of("events.csv", EVENTS, "file", "x"), "dataset convert --format csv --input {dir}/events.csv --out {dir}/file/out",
        "cannot write {dir}/file/out: {dir}/file is a file, not a folder; choose another --out"));
    c.add(new Case("--out not empty, not a dataset, with --overwrite", Map.of("events.csv", EVENTS, "out/notes.txt", "mine"),
        CONVERT_EVENTS + " --overwrite", "{dir}/out is not empty and does not hold a dataset (it holds notes.txt): choose a new or empty folder for --out"));
    c.add(new Case("generate --out is a file", Map.of("x.ckpt", "not read", "out", "a file"), "generate --checkpoint {dir}/x.ckpt --out {dir}/out",
        "{dir}/out is a file, not a folder: choose a folder name for --out"));
    c.add(new Case("generate --out under a file", Map.of("x.ckpt", "not read", "file", "x"), "generate --checkpoint {dir}/x.ckpt --out {dir}/file/out",
        "cannot write {dir}/file/out: {dir}/file is a file, not a folder; choose another --out"));
    c.add(new Case("generate from a file that is not a checkpoint", Map.of("x.ckpt", "HALO?", "vocabulary.json", "{}"),
        "generate --checkpoint {dir}/x.ckpt --vocabulary {dir}/vocabulary.json --out {dir}/out",
        "{dir}/vocabulary.json: format 'null', expected 'halo-vocabulary/1'"));
    c.add(new Case("train --out is a file", Map.of("out", "a file"), "train --preset smoke --out {dir}/out",
        "{dir}/out is a file, not a folder: choose a folder name for --out"));
    c.add(new Case("train --out under a file", Map.of("file", "x"), "train --preset smoke --out {dir}/file/run",
        "cannot write {dir}/file/run: {dir}/file is a file, not a folder; choose another --out"));
    c.add(new Case("generate --count -5", Map.of(), "generate --checkpoint {dir}/x.ckpt --count -5 --out {dir}/out", "--count must be from 1 to 10,000,000, got -5"));
    c.add(new Case("generate --count 0", Map.of(), "generate --checkpoint {dir}/x.ckpt --count 0 --out {dir}/out", "--count must be from 1 to 10,000,000, got 0"));
    c.add(new Case("generate --keep-visits -3", Map.of(), "generate --checkpoint {dir}/x.ckpt --continue {dir} --keep-visits -3 --out {dir}/out",
        "--keep-visits must be from 0 to 100,000, got -3"));
    c.add(new Case("generate --checkpoint missing", Map.of(), "generate --checkpoint {dir}/x.ckpt --out {dir}/out", "--checkpoint {dir}/x.ckpt does not exist"));
    c.add(new Case("train --epochs 0", Map.of(), "train --epochs 0 --out {dir}/out", "--epochs must be from 1 to 100,000, got 0"));
    c.add(new Case("train --lr 1e6", Map.of(), "train --lr 1e6 --out {dir}/out", "--lr must be greater than 0 and at most 1.0, got 1000000.0"));
    c.add(new Case("train --lr 0", Map.of(), "train --lr 0 --out {dir}/out", "--lr must be greater than 0 and at most 1.0, got 0.0"));
    c.add(new Case("train --lr NaN", Map.of(), "train --lr NaN --out {dir}/out", "--lr must be greater than 0 and at most 1.0, got NaN"));
    c.add(new Case("train --label-balance 2", Map.of(), "train --label-balance 2 --out {dir}/out", "--label-balance must be from 0.0 to 1.0, got 2.0"));
    c.add(new Case("train --label-balance -0.5", Map.of(), "train --label-balance -0.5 --out {dir}/out", "--label-balance must be from 0.0 to 1.0, got -0.5"));
    c.add(new Case("train --batch 0", Map.of(), "train --batch 0 --out {dir}/out", "--batch must be from 1 to 1,000,000, got 0"));
    c.add(new Case("train --context 2", Map.of(), "train --context 2 --out {dir}/out", "--context must be from 3 to 100,000, got 2"));
    c.add(new Case("train --patience -1", Map.of(), "train --patience -1 --out {dir}/out", "--patience must be from 0 to 1,000,000, got -1"));
    c.add(new Case("train --checkpoint-every -1", Map.of(), "train --checkpoint-every -1 --out {dir}/out",
        "--checkpoint-every must be from 0 to 2,147,483,647, got -1"));
    c.add(new Case("train --gan-lr 2", Map.of(), "train --gan-lr 2 --out {dir}/out", "--gan-lr must be greater than 0 and at most 1.0, got 2.0"));
    c.add(new Case("train --data missing", Map.of(), "train --data {dir}/nodata --out {dir}/out", "--data {dir}/nodata does not exist"));
    c.add(new Case("train --resume and --overwrite", Map.of("out/x", "x"), "train --preset smoke --resume --overwrite --out {dir}/out",
        "--resume continues the run in {dir}/out and --overwrite replaces it: give only one of them"));
    c.add(new Case("train --resume without a run", Map.of(), "train --preset smoke --resume --out {dir}/out",
        "{dir}/out does not exist: there is no run to resume; leave out --resume to start a new run"));
    c.add(new Case("train unknown --model", Map.of(), "train --model gan --out {dir}/out",
        "unknown model 'gan': expected one of halo, coarse, lstm, gpt, eva, synteg, promptehr, vae, medgan, corgan, ddpm, textgpt"));
    c.add(new Case("--threads 0", Map.of(), "train --threads 0 --out {dir}/out", "--threads must be from 1 to 256, got 0"));
    c.add(new Case("--threads 1000", Map.of(), "--threads 1000 env", "--threads must be from 1 to 256, got 1000"));
    c.add(new Case("unknown option", Map.of(), "train --epoch 3 --out {dir}/out", "Unknown options: '--epoch', '3'"));
    c.add(new Case("evaluate --epochs 0", Map.of(), "evaluate --family utility --epochs 0", "--epochs must be from 1 to 100,000, got 0"));
    c.add(new Case("evaluate lm without --model", Map.of(), "evaluate --family lm --out {dir}/out",
        "the lm family needs at least one --model NAME=CHECKPOINT"));
    c.add(new Case("evaluate unknown family", Map.of(), "evaluate --family speed",
        "Invalid value for option '--family': expected one of [lm, similarity, matrix, privacy, utility, rare, continuous, imputation, all] (case-insensitive) but was 'speed'"));
    c.add(new Case("bench --generate 0", Map.of(), "bench --generate 0", "--generate must be from 1 to 10,000,000, got 0"));
    c.add(new Case("reproduce unknown scale", Map.of(), "reproduce --scale huge", "unknown scale 'huge': expected smoke, default or paper"));
    return c;
  }

  static Map<String, Object> syntheaBytes(String file, String from, byte[] to) {
    Map<String, Object> m = synthea(file, from, from);
    m.put("export/" + file, withBytes((String) m.get("export/" + file), from, to));
    return m;
  }

  static Map<String, Object> mimicBytes(String file, String from, byte[] to) {
    Map<String, Object> m = mimic(file, from, from);
    m.put("mimic/" + file, withBytes((String) m.get("mimic/" + file), from, to));
    return m;
  }

  static Map<String, Object> without(Map<String, Object> files, String name) {
    Map<String, Object> m = new LinkedHashMap<>(files);
    m.remove(name);
    return m;
  }

  static Map<String, Object> replaceFile(Map<String, Object> files, String name, String from, String to) {
    Map<String, Object> m = new LinkedHashMap<>(files);
    String s = (String) m.get(name);
    if (!s.contains(from)) throw new IllegalArgumentException(name + " has no '" + from + "'");
    m.put(name, s.replace(from, to));
    return m;
  }

  static void write(Path dir, Map<String, Object> files) throws IOException {
    Files.createDirectories(dir);
    for (var e : files.entrySet()) {
      Path p = dir.resolve(e.getKey());
      Files.createDirectories(p.getParent());
      if (e.getValue() instanceof byte[] b) Files.write(p, b);
      else Files.writeString(p, (String) e.getValue());
    }
  }

  static String[] args(String command, Path dir) {
    return Arrays.stream(command.split(" ")).map(a -> a.replace("{dir}", dir.toString())).toArray(String[]::new);
  }

  @TestFactory
  Stream<DynamicTest> givenEachMalformedInputOrMisuseThenRefusedWithItsExactMessageAndNothingWritten() {
    List<Case> cases = corpus();
    assertTrue(cases.size() >= 60, "the corpus has " + cases.size() + " cases; the issue asks for at least 60");
    return cases.stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
      Path dir = root.resolve(k.name().replaceAll("[^A-Za-z0-9]+", "-"));
      write(dir, k.files());
      Map<String, String> before = CliRun.snapshot(dir);
      CliRun r = CliRun.of(args(k.command(), dir));
      r.refused(k.message().replace("{dir}", dir.toString()));
      // nothing written: the inputs are as they were, no output folder, no temporary folder left
      assertEquals(before, CliRun.snapshot(dir), "the case's files changed");
      boolean outGiven = k.files().keySet().stream().anyMatch(n -> n.equals("out") || n.startsWith("out/"));
      assertEquals(outGiven, Files.exists(dir.resolve("out")), "--out folder created by a refused command");
      try (Stream<Path> s = Files.list(dir)) {
        List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
        assertEquals(List.of(), names, "temporary files left behind");
      }
    }));
  }

  // ------------------------------------------------------------------ accepted, and said so

  @Test
  void givenAByteOrderMarkAndGzipUnderAnyNameThenConvertedAsIs() throws IOException {
    Path dir = root.resolve("bom");
    write(dir, Map.of("events.csv", gzip("\uFEFF" + EVENTS), "patients.csv.gz", "\uFEFF" + PATIENTS)); // text named .gz
    CliRun.of(args(CONVERT_CSV.replace("patients.csv", "patients.csv.gz"), dir)).succeeded();
    String report = Files.readString(dir.resolve("out/load-report.txt"));
    assertTrue(report.contains("12 rows read, 4 patients, 7 visits, 0 rows skipped"), report);
    assertTrue(Files.readString(dir.resolve("out/vocabulary.json")).contains("\"diabetes\""));
  }

  @Test
  void givenAGzippedSyntheaExportThenItIsRead() throws IOException {
    Path dir = root.resolve("synthea-gz");
    for (var e : synthea("patients.csv", "p1", "p1").entrySet()) {
      write(dir, Map.of(e.getKey() + ".gz", gzip((String) e.getValue())));
    }
    CliRun r = CliRun.of(args(CONVERT_SYNTHEA, dir)).succeeded();
    assertTrue(r.err().contains("4 patients, 4 visits"), r.err());
  }

  @Test
  void givenDottedIcdCodesAndTwoLabUnitsThenConvertedAndTheChangesAreInTheLoadReport() throws IOException {
    Path dir = root.resolve("changes");
    Map<String, Object> files = mimic("DIAGNOSES_ICD.csv", ",4019\n", ",401.9\n");
    files.put("mimic/DIAGNOSES_ICD.csv", ((String) files.get("mimic/DIAGNOSES_ICD.csv")).replace(",25000\n", ",250.00\n"));
    files.put("mimic/LABEVENTS.csv", """
        ROW_ID,SUBJECT_ID,HADM_ID,ITEMID,CHARTTIME,VALUE,VALUENUM,VALUEUOM,FLAG
        1,10,100,50931,2151-03-02 09:00:00,90,90,mg/dL,
        2,20,200,50931,2149-07-01 09:00:00,0.9,0.9,g/L,
        """);
    write(dir, files);
    CliRun.of(args(CONVERT_MIMIC, dir)).succeeded();
    String report = Files.readString(dir.resolve("out/load-report.txt"));
    assertTrue(report.contains("changed         4  DIAGNOSES_ICD.csv: ICD9_CODE written with a dot or in lower case, read as MIMIC-III"
        + " writes codes (e.g. 250.00 as 25000) (first at DIAGNOSES_ICD.csv line 2)"), report);
    assertTrue(report.contains("changed         2  lab 50931 has values in 2 units (g/L: 1, mg/dL: 1): kept apart as 50931 [g/L] and"
        + " 50931 [mg/dL] (first at lab 50931)"), report);
    // the dotted codes reach the phenotypes: every patient with a 401.9 or 250.00 diagnosis has its label
    halo.data.Dataset d = halo.data.Dataset.load(dir.resolve("out"));
    // 401.9 (patients 10, 20) and 250.00 (patients 10, 30) were written with dots
    for (var e : Map.of("Essential hypertension", List.of("10", "20"), "Diabetes mellitus without complication", List.of("10", "30")).entrySet()) {
      int label = d.vocabulary().labelIndexOf(e.getKey());
      assertEquals(e.getValue(), d.cohort().patients().stream().filter(p -> p.hasLabel(label)).map(p -> p.id()).sorted().toList(), e.getKey());
    }
  }
}
