package halo.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads your own data from a documented long CSV (see datasets/README.md and datasets/example/):
 *
 * <pre>
 * events.csv    patient_id,visit_date,kind,code,value,unit[,description]
 *               kind is dx|px|rx|lab; value (a finite number) is required for lab rows and must be
 *               empty otherwise; unit is optional; visit_date is yyyy-MM-dd. One visit per patient
 *               and date.
 * patients.csv  patient_id,sex,race,ethnicity,birth_year,labels   (optional)
 *               labels: chronic-label names separated by ';' (may be empty); birth_year may be empty.
 * </pre>
 *
 * The chronic labels of the cohort are the sorted union of the names in patients.csv. When
 * patients.csv is given, event rows of patients not in it are skipped and counted; patients without
 * any event are counted and left out. A code repeated in one visit, and a lab measured twice in one
 * visit (first value kept), are counted; a lab code seen in several units is split by unit
 * ({@link LabUnits}). Malformed rows are errors naming file, line and field: non-decimal values,
 * dates outside 1850 to a year after today, a birth year after the patient's first visit.
 */
public final class LongCsvLoader {
  private LongCsvLoader() {}

  private static final class VisitBuilder {
    final TreeSet<String> dx = new TreeSet<>(), px = new TreeSet<>(), rx = new TreeSet<>();
    final Map<String, Lab> labs = new LinkedHashMap<>();
  }

  /**
   * @param events the long events CSV
   * @param patients the patients CSV, or null
   */
  public static Cohort load(Path events, Path patients) throws IOException {
    LoadReport.Builder report = new LoadReport.Builder("csv " + events);
    Map<String, Demographics> demographics = new HashMap<>();
    Map<String, TreeSet<String>> labels = new HashMap<>();
    TreeSet<String> labelNames = new TreeSet<>();
    Map<String, Long> patientLines = new HashMap<>();
    if (patients != null) readPatients(patients, report, demographics, labels, labelNames, patientLines);
    TreeMap<String, TreeMap<LocalDate, VisitBuilder>> byPatient = new TreeMap<>();
    Map<String, String> descriptions = new HashMap<>();
    Map<String, String> firstVisitLine = new HashMap<>();
    String name = events.getFileName().toString();
    try (CsvFile csv = CsvFile.open(events, "patient_id", "visit_date", "kind", "code")) {
      int pid = csv.require("patient_id"), date = csv.require("visit_date"), kind = csv.require("kind");
      int code = csv.require("code"), value = csv.column("value"), unit = csv.column("unit");
      int desc = csv.column("description");
      for (CsvFile.Row row : csv) {
        report.read();
        String p = row.required(pid);
        LocalDate d = row.date(date);
        CodeKind k;
        try {
          k = CodeKind.parse(row.required(kind));
        } catch (IllegalArgumentException e) {
          throw row.error(kind, e.getMessage());
        }
        if (k == CodeKind.GAP) throw row.error(kind, "gap codes are computed from visit dates, not read");
        String c = row.required(code);
        if (patients != null && !demographics.containsKey(p)) {
          report.skip(name + ": patient_id not in " + patients.getFileName(), row.where());
          continue;
        }
        TreeMap<LocalDate, VisitBuilder> visitsOfP = byPatient.computeIfAbsent(p, x -> new TreeMap<>());
        if (visitsOfP.isEmpty() || d.isBefore(visitsOfP.firstKey())) firstVisitLine.put(p, row.where());
        VisitBuilder v = visitsOfP.computeIfAbsent(d, x -> new VisitBuilder());
        if (!row.get(desc).isEmpty()) descriptions.putIfAbsent(Token.key(k, c), row.get(desc));
        if (k == CodeKind.LAB) {
          double x = row.number(value);
          if (v.labs.containsKey(c)) {
            report.skip(name + ": lab repeated in the same visit (first kept)", row.where());
          } else {
            v.labs.put(c, new Lab(c, x, row.get(unit)));
          }
          continue;
        }
        if (!row.get(value).isEmpty()) {
          throw row.error(value, "a " + k.prefix() + " row takes no value (only lab rows do), got '" + row.get(value) + "'");
        }
        TreeSet<String> set = k == CodeKind.DIAGNOSIS ? v.dx : k == CodeKind.PROCEDURE ? v.px : v.rx;
        if (!set.add(c)) report.skip(name + ": code repeated in the same visit (kept once)", row.where());
      }
    }
    for (var e : byPatient.entrySet()) {
      Demographics dem = demographics.get(e.getKey());
      LocalDate first = e.getValue().firstKey();
      if (dem != null && dem.birthYear() > first.getYear()) {
        throw new IllegalArgumentException(patients.getFileName() + " line " + patientLines.get(e.getKey()) + ", field birth_year: "
            + dem.birthYear() + " is after the first visit of patient " + e.getKey() + " on " + first + " (" + firstVisitLine.get(e.getKey())
            + "): correct the birth year or the visit date");
      }
    }
    List<Patient> out = new ArrayList<>(byPatient.size());
    int visits = 0;
    for (var e : byPatient.entrySet()) {
      List<Visit> vs = new ArrayList<>();
      e.getValue().forEach((d, v) -> vs.add(new Visit(d, v.dx, v.px, v.rx, new ArrayList<>(v.labs.values()))));
      visits += vs.size();
      out.add(new Patient(e.getKey(), demographics.get(e.getKey()), labels.getOrDefault(e.getKey(), new TreeSet<>()), vs));
    }
    for (String p : new TreeSet<>(demographics.keySet())) {
      if (!byPatient.containsKey(p)) report.skip(patients.getFileName() + ": patient without any visit", "patient " + p);
    }
    return LabUnits.separate(new Cohort("csv", new ArrayList<>(labelNames), out, descriptions, report.build(out.size(), visits)));
  }

  private static void readPatients(Path file, LoadReport.Builder report, Map<String, Demographics> demographics,
      Map<String, TreeSet<String>> labels, TreeSet<String> labelNames, Map<String, Long> lines) throws IOException {
    try (CsvFile csv = CsvFile.open(file, "patient_id")) {
      int pid = csv.require("patient_id"), sex = csv.column("sex"), race = csv.column("race");
      int eth = csv.column("ethnicity"), birth = csv.column("birth_year"), lab = csv.column("labels");
      for (CsvFile.Row row : csv) {
        report.read();
        String p = row.required(pid);
        int year = 0;
        if (!row.get(birth).isEmpty()) {
          String y = row.get(birth);
          int latest = CsvFile.DateRange.realWorld().latest().getYear();
          if (!y.matches("\\d{4}") || Integer.parseInt(y) < 1850 || Integer.parseInt(y) > latest) {
            throw row.error(birth, "'" + y + "' is not a birth year (four digits from 1850 to one year after today, e.g. 1950)");
          }
          year = Integer.parseInt(y);
        }
        if (demographics.put(p, new Demographics(row.get(sex), row.get(race), row.get(eth), year)) != null) {
          throw row.error(pid, "duplicate patient_id " + p);
        }
        lines.put(p, row.line());
        TreeSet<String> ls = new TreeSet<>();
        for (String l : row.get(lab).split(";")) {
          if (!l.isBlank()) ls.add(l.strip());
        }
        labels.put(p, ls);
        labelNames.addAll(ls);
      }
    }
  }
}
