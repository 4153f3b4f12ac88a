package halo.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads MIMIC-III (v1.4) into a {@link Cohort} the way the authors' {@code build_dataset.py} does
 * (protocol Part B §1.1, §1.3), with optional extra kinds:
 *
 * <ul>
 *   <li>ADMISSIONS.csv (required): one visit per admission, in ADMITTIME order (ties by HADM_ID); an
 *       admission without any code still becomes an <b>empty visit</b>. Patients are ordered by their
 *       first admission. The visit date is ADMITTIME's date (MIMIC dates are shifted per patient).
 *   <li>DIAGNOSES_ICD.csv (required): ICD9_CODE as diagnoses (no dots, as strings); rows with an empty
 *       code are dropped and counted.
 *   <li>PROCEDURES_ICD.csv, PRESCRIPTIONS.csv (NDC), LABEVENTS.csv (ITEMID with VALUENUM and VALUEUOM,
 *       first value per admission kept): read when present.
 *   <li>PATIENTS.csv, when present: GENDER as sex. Birth years are left unknown (shifted dates make
 *       them meaningless); ETHNICITY of the first admission becomes the ethnicity label.
 *   <li>Labels: the benchmark phenotypes of a mimic3-benchmarks phenotype YAML
 *       ({@link #phenotypes(Path)}); label order = group names sorted; a code in two groups is an error.
 *       A patient has a label when any diagnosis in any of its visits belongs to the group.
 * </ul>
 *
 * Every file may also be gzip-compressed ({@code .csv.gz}; found by content). Rows of unknown
 * admissions are counted. ICD-9 codes (diagnoses, procedures, and the phenotype definitions) may be
 * written with or without the dot: both are read undotted ({@link IcdCodes}), each dotted one counted
 * as a change in the load report. Dates must lie in 1850-2300 (MIMIC-III shifts them into
 * 2100-2210). A lab ITEMID seen in several units is split by unit ({@link LabUnits}).
 */
public final class MimicLoader {
  private final ChronicLabelMap phenotypes;

  public MimicLoader(ChronicLabelMap phenotypes) {
    this.phenotypes = phenotypes;
  }

  /** A loader whose labels come from the phenotype YAML at {@code yaml}. */
  public static MimicLoader withPhenotypes(Path yaml) throws IOException {
    return new MimicLoader(phenotypes(yaml));
  }

  /**
   * Reads a mimic3-benchmarks phenotype definitions YAML (e.g. hcup_ccs_2015_definitions_benchmark.yaml):
   * a map from group name to {@code {codes: [...], use_in_benchmark: bool, ...}}. Groups with
   * {@code use_in_benchmark: false} are left out; names are sorted (Java String order, which equals
   * Python's for these ASCII names).
   */
  public static ChronicLabelMap phenotypes(Path yaml) throws IOException {
    if (!Files.isRegularFile(yaml)) throw new IOException("phenotype definitions not found: " + yaml);
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
    } catch (IOException e) {
      throw new IOException(yaml + ": not a readable YAML file: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) throw new IOException(yaml + ": expected a map of phenotype groups");
    TreeMap<String, JsonNode> groups = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode use = e.getValue().get("use_in_benchmark");
      if (use == null || use.asBoolean()) groups.put(e.getKey(), e.getValue());
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (var g : groups.entrySet()) {
      JsonNode codes = g.getValue().get("codes");
      if (codes == null || !codes.isArray()) {
        throw new IOException(yaml + ": group '" + g.getKey() + "' has no 'codes' list");
      }
      for (JsonNode c : codes) {
        String code;
        try {
          code = IcdCodes.normalise(c.asText());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(yaml + ": group '" + g.getKey() + "': " + e.getMessage(), e);
        }
        String before = map.put(code, g.getKey());
        if (before != null && !before.equals(g.getKey())) {
          throw new IllegalArgumentException(yaml + ": code " + code + " is in two groups, '" + before + "' and '"
              + g.getKey() + "'");
        }
      }
    }
    return new ChronicLabelMap(new ArrayList<>(groups.keySet()), map);
  }

  private static final class Admission {
    final String hadm;
    final String subject;
    final long time;
    final LocalDate date;
    final String ethnicity;
    final TreeSet<String> dx = new TreeSet<>(), px = new TreeSet<>(), rx = new TreeSet<>();
    final Map<String, Lab> labs = new LinkedHashMap<>();

    Admission(String hadm, String subject, long time, LocalDate date, String ethnicity) {
      this.hadm = hadm;
      this.subject = subject;
      this.time = time;
      this.date = date;
      this.ethnicity = ethnicity;
    }
  }

  /** Loads the MIMIC-III tables found in {@code dir}. */
  public Cohort load(Path dir) throws IOException {
    LoadReport.Builder report = new LoadReport.Builder("mimic-iii " + dir);
    Map<String, Admission> admissions = readAdmissions(need(dir, "ADMISSIONS.csv"), report);
    readCodes(need(dir, "DIAGNOSES_ICD.csv"), "ICD9_CODE", admissions, report, CodeKind.DIAGNOSIS);
    Path procedures = CsvFile.find(dir, "PROCEDURES_ICD.csv");
    if (procedures != null) readCodes(procedures, "ICD9_CODE", admissions, report, CodeKind.PROCEDURE);
    Path prescriptions = CsvFile.find(dir, "PRESCRIPTIONS.csv");
    if (prescriptions != null) readCodes(prescriptions, "NDC", admissions, report, CodeKind.MEDICATION);
    Path labevents = CsvFile.find(dir, "LABEVENTS.csv");
    if (labevents != null) readLabs(labevents, admissions, report);
    Map<String, String> sex = new HashMap<>();
    Path patients = CsvFile.find(dir, "PATIENTS.csv");
    if (patients != null) {
      try (CsvFile csv = CsvFile.open(patients, "SUBJECT_ID", "GENDER")) {
        int id = csv.require("SUBJECT_ID"), gender = csv.require("GENDER");
        for (CsvFile.Row row : csv) {
          report.read();
          sex.put(row.required(id), row.get(gender));
        }
      }
    }
    List<Admission> ordered = new ArrayList<>(admissions.values());
    ordered.sort(Comparator.comparingLong((Admission a) -> a.time).thenComparing(a -> a.hadm));
    Map<String, List<Admission>> bySubject = new LinkedHashMap<>();
    for (Admission a : ordered) bySubject.computeIfAbsent(a.subject, s -> new ArrayList<>()).add(a);
    List<Patient> out = new ArrayList<>(bySubject.size());
    int visits = 0;
    for (var e : bySubject.entrySet()) {
      List<Visit> vs = new ArrayList<>();
      TreeSet<String> labels = new TreeSet<>();
      for (Admission a : e.getValue()) {
        vs.add(new Visit(a.date, a.dx, a.px, a.rx, new ArrayList<>(a.labs.values())));
        labels.addAll(phenotypes.labelsOf(a.dx));
      }
      visits += vs.size();
      Demographics d = new Demographics(sex.getOrDefault(e.getKey(), ""), "", e.getValue().get(0).ethnicity, 0);
      out.add(new Patient(e.getKey(), d, labels, vs));
    }
    return LabUnits.separate(new Cohort("mimic-iii", phenotypes.labels(), out, Map.of(), report.build(out.size(), visits), phenotypes));
  }

  private static Path need(Path dir, String name) throws IOException {
    Path p = CsvFile.find(dir, name);
    if (p == null) throw new IOException("MIMIC-III table missing: " + dir.resolve(name) + " (or " + name + ".gz)");
    return p;
  }

  private static Map<String, Admission> readAdmissions(Path file, LoadReport.Builder report) throws IOException {
    Map<String, Admission> out = new HashMap<>();
    try (CsvFile csv = CsvFile.open(file, "SUBJECT_ID", "HADM_ID", "ADMITTIME").dates(CsvFile.DateRange.mimic())) {
      int subject = csv.require("SUBJECT_ID"), hadm = csv.require("HADM_ID"), time = csv.require("ADMITTIME");
      int eth = csv.column("ETHNICITY");
      for (CsvFile.Row row : csv) {
        report.read();
        String h = row.required(hadm);
        long t = row.epochSecond(time);
        var a = new Admission(h, row.required(subject), t, row.date(time), row.get(eth));
        if (out.put(h, a) != null) throw row.error(hadm, "duplicate admission " + h);
      }
    }
    return out;
  }

  /** The admission of a row, or null after counting why it is skipped. */
  private static Admission admissionOf(CsvFile.Row row, int subject, int hadm, Map<String, Admission> admissions,
      LoadReport.Builder report, String file) {
    String h = row.get(hadm);
    if (h.isEmpty()) {
      report.skip(file + ": empty HADM_ID", row.where());
      return null;
    }
    Admission a = admissions.get(h);
    if (a == null) {
      report.skip(file + ": unknown HADM_ID", row.where());
      return null;
    }
    if (!a.subject.equals(row.get(subject))) {
      report.skip(file + ": SUBJECT_ID differs from the admission's", row.where());
      return null;
    }
    return a;
  }

  private static void readCodes(Path file, String codeColumn, Map<String, Admission> admissions,
      LoadReport.Builder report, CodeKind kind) throws IOException {
    String name = file.getFileName().toString();
    try (CsvFile csv = CsvFile.open(file, "SUBJECT_ID", "HADM_ID", codeColumn)) {
      int subject = csv.require("SUBJECT_ID"), hadm = csv.require("HADM_ID"), code = csv.require(codeColumn);
      for (CsvFile.Row row : csv) {
        report.read();
        String c = row.get(code);
        if (c.isEmpty() || (kind == CodeKind.MEDICATION && c.equals("0"))) {
          report.skip(name + ": empty " + codeColumn, row.where());
          continue;
        }
        Admission a = admissionOf(row, subject, hadm, admissions, report, name);
        if (a == null) continue;
        if (kind != CodeKind.MEDICATION) {
          String undotted;
          try {
            undotted = IcdCodes.normalise(c);
          } catch (IllegalArgumentException e) {
            throw row.error(code, e.getMessage());
          }
          if (!undotted.equals(c)) {
            report.change(name + ": " + codeColumn + " written with a dot or in lower case, read as MIMIC-III writes codes"
                + " (e.g. 250.00 as 25000)", row.where());
          }
          c = undotted;
        }
        (kind == CodeKind.DIAGNOSIS ? a.dx : kind == CodeKind.PROCEDURE ? a.px : a.rx).add(c);
      }
    }
  }

  private static void readLabs(Path file, Map<String, Admission> admissions, LoadReport.Builder report)
      throws IOException {
    String name = file.getFileName().toString();
    try (CsvFile csv = CsvFile.open(file, "SUBJECT_ID", "HADM_ID", "ITEMID", "VALUENUM")) {
      int subject = csv.require("SUBJECT_ID"), hadm = csv.require("HADM_ID"), item = csv.require("ITEMID");
      int value = csv.require("VALUENUM"), unit = csv.column("VALUEUOM");
      for (CsvFile.Row row : csv) {
        report.read();
        if (row.get(value).isEmpty()) {
          report.skip(name + ": empty VALUENUM", row.where());
          continue;
        }
        double v = row.number(value);
        Admission a = admissionOf(row, subject, hadm, admissions, report, name);
        if (a == null) continue;
        String code = row.required(item);
        if (a.labs.containsKey(code)) {
          report.skip(name + ": lab repeated in the same admission (first kept)", row.where());
          continue;
        }
        a.labs.put(code, new Lab(code, v, row.get(unit)));
      }
    }
  }
}
