package halo.data;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Loads a Synthea CSV export (patients, encounters, conditions, procedures, medications,
 * observations) into a {@link Cohort}. Every file is streamed record by record, so memory grows with
 * the kept content (codes and listed labs per encounter), not with the size of observations.csv; the
 * claims files are never read.
 *
 * <ul>
 *   <li>A visit is an encounter carrying at least one coded event (condition, procedure, medication)
 *       or one listed numeric lab; its date is the encounter's START (UTC). Visits are ordered by
 *       START, ties by file order. Encounters without content are counted, not kept.
 *   <li>Conditions become diagnoses, procedures procedures, medications medications (codes as
 *       strings). Descriptions are collected for {@link Cohort#descriptions()}.
 *   <li>Labs: observations of TYPE numeric whose CODE is in the {@link LabAllowList}; the first value
 *       of a lab in an encounter is kept, repeats are counted.
 *   <li>Chronic labels from the {@link ChronicLabelMap}: {@link Patient#labels()} holds those of any
 *       condition of the patient's whole history, and the cohort carries the map as its label
 *       definition, so encoding derives each label from the visits a record keeps ({@link Encoder}).
 *       With {@link ConditionCoding#ACTIVE} (the default) a labelled condition's code is listed in every
 *       visit while it is active (conditions.csv START/STOP), as claims data code chronic conditions;
 *       with {@link ConditionCoding#ONSET} only in the encounter that diagnosed it, as Synthea does.
 *       Demographics (GENDER, RACE, ETHNICITY, birth year) from patients.csv.
 *   <li>Patients without any visit are counted and left out. Patients are ordered by id.
 * </ul>
 *
 * Malformed dates or numbers, dates outside 1850 to a year after today, encounters before the
 * patient's birth, missing columns, duplicate patient or encounter ids, and rows with a wrong field
 * count are errors naming file, line and field ({@link CsvFile}: strict UTF-8, gzip found by content,
 * {@code name.csv.gz} when {@code name.csv} is absent); a lab code seen in several units is split by
 * unit ({@link LabUnits}); rows of unknown patients or encounters,
 * rows whose PATIENT differs from their encounter's, and non-numeric observations of a listed code
 * are skipped and counted in the {@link LoadReport}.
 */
public final class SyntheaLoader {
  /** How chronic conditions are coded unless told otherwise (see results/README.md for the measurement behind it). */
  public static final ConditionCoding DEFAULT_CODING = ConditionCoding.ACTIVE;

  private final LabAllowList labs;
  private final ChronicLabelMap chronic;
  private final ConditionCoding coding;

  public SyntheaLoader(LabAllowList labs, ChronicLabelMap chronic, ConditionCoding coding) {
    this.labs = labs;
    this.chronic = chronic;
    this.coding = coding;
  }

  public SyntheaLoader(LabAllowList labs, ChronicLabelMap chronic) {
    this(labs, chronic, DEFAULT_CODING);
  }

  /** A loader with the project's default lab list and chronic-label table (datasets/synthea/). */
  public static SyntheaLoader withDefaults() throws IOException {
    return withDefaults(DEFAULT_CODING);
  }

  /** The default tables with the given coding of chronic conditions. */
  public static SyntheaLoader withDefaults(ConditionCoding coding) throws IOException {
    return new SyntheaLoader(LabAllowList.syntheaDefault(), ChronicLabelMap.syntheaDefault(), coding);
  }

  /** A labelled condition's active period, in epoch days: [start, stop), stop = Long.MAX_VALUE while still active. */
  private record Active(String code, long start, long stop) {}

  /** What one encounter carries, filled while streaming the event files. */
  private static final class Content {
    final List<String> dx = new ArrayList<>(2), px = new ArrayList<>(2), rx = new ArrayList<>(2);
    List<Lab> labs;

    boolean isEmpty() {
      return dx.isEmpty() && px.isEmpty() && rx.isEmpty() && (labs == null || labs.isEmpty());
    }
  }

  /** The state shared by the passes over the files. */
  private static final class State {
    final LoadReport.Builder report;
    final Object2IntOpenHashMap<String> patientIndex = new Object2IntOpenHashMap<>();
    final List<String> patientIds = new ArrayList<>();
    final List<Demographics> demographics = new ArrayList<>();
    final LongArrayList birth = new LongArrayList(); // epoch second of each patient's birth date
    final List<SortedSet<String>> labels = new ArrayList<>();
    final List<List<Active>> active = new ArrayList<>();
    final Object2IntOpenHashMap<String> encounterIndex = new Object2IntOpenHashMap<>();
    final IntArrayList encounterPatient = new IntArrayList();
    final LongArrayList encounterStart = new LongArrayList();
    final List<Content> content = new ArrayList<>();
    final Map<String, String> descriptions = new HashMap<>();
    final Map<String, String> strings = new HashMap<>();

    State(String source) {
      report = new LoadReport.Builder(source);
      patientIndex.defaultReturnValue(-1);
      encounterIndex.defaultReturnValue(-1);
    }

    String intern(String s) {
      String old = strings.putIfAbsent(s, s);
      return old == null ? s : old;
    }

    synchronized void skip(String reason, String where) {
      report.skip(reason, where);
    }

    synchronized void read(long n) {
      report.read(n);
    }

    Content content(int encounter) {
      Content c = content.get(encounter);
      if (c == null) {
        c = new Content();
        content.set(encounter, c);
      }
      return c;
    }
  }

  /** Loads the export in {@code dir} (the folder holding patients.csv, encounters.csv, ...). */
  public Cohort load(Path dir) throws IOException {
    State s = new State("synthea " + dir);
    readPatients(dir.resolve("patients.csv"), s);
    readEncounters(dir.resolve("encounters.csv"), s);
    // observations.csv is by far the largest file: read it on a second thread while the coded
    // events are read on this one. Labs go to their own per-encounter table, merged afterwards.
    List<List<Lab>> labTable = new ArrayList<>(Collections.nCopies(s.content.size(), null));
    Map<String, String> labDescriptions = new HashMap<>();
    CompletableFuture<Void> observations = CompletableFuture.runAsync(() -> {
      try {
        readObservations(dir.resolve("observations.csv"), s, labTable, labDescriptions);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      readEvents(dir.resolve("conditions.csv"), s, CodeKind.DIAGNOSIS);
      readEvents(dir.resolve("procedures.csv"), s, CodeKind.PROCEDURE);
      readEvents(dir.resolve("medications.csv"), s, CodeKind.MEDICATION);
    } finally {
      try {
        observations.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof UncheckedIOException u) throw u.getCause();
        if (cause instanceof RuntimeException r) throw r;
        throw new IOException(cause);
      }
    }
    for (int e = 0; e < labTable.size(); e++) {
      if (labTable.get(e) != null) s.content(e).labs = labTable.get(e);
    }
    s.descriptions.putAll(labDescriptions);
    return assemble(s);
  }

  private void readPatients(Path file, State s) throws IOException {
    try (CsvFile csv = CsvFile.open(file, "Id", "BIRTHDATE", "RACE", "ETHNICITY", "GENDER")) {
      int id = csv.require("Id"), birth = csv.require("BIRTHDATE"), race = csv.require("RACE");
      int eth = csv.require("ETHNICITY"), sex = csv.require("GENDER");
      long n = 0;
      for (CsvFile.Row row : csv) {
        n++;
        String pid = row.required(id);
        if (s.patientIndex.containsKey(pid)) {
          throw row.error(id, "duplicate patient id " + pid);
        }
        LocalDate born = row.date(birth);
        s.birth.add(born.atStartOfDay().toEpochSecond(ZoneOffset.UTC));
        s.patientIndex.put(pid, s.patientIds.size());
        s.patientIds.add(pid);
        s.demographics.add(new Demographics(row.get(sex), row.get(race), row.get(eth), born.getYear()));
        s.labels.add(new TreeSet<>());
        s.active.add(null);
      }
      s.read(n);
    }
  }

  private void readEncounters(Path file, State s) throws IOException {
    try (CsvFile csv = CsvFile.open(file, "Id", "START", "PATIENT")) {
      int id = csv.require("Id"), start = csv.require("START"), patient = csv.require("PATIENT");
      long n = 0;
      for (CsvFile.Row row : csv) {
        n++;
        String eid = row.required(id);
        int p = s.patientIndex.getInt(row.required(patient));
        if (p < 0) {
          s.skip("encounters.csv: unknown PATIENT", row.where());
          continue;
        }
        long when = row.epochSecond(start);
        if (when < s.birth.getLong(p)) {
          throw row.error(start, "'" + row.get(start) + "' is before the birth of patient " + row.get(patient) + " ("
              + LocalDate.ofEpochDay(s.birth.getLong(p) / 86400) + " in patients.csv): correct the date or the BIRTHDATE");
        }
        if (s.encounterIndex.containsKey(eid)) {
          throw row.error(id, "duplicate encounter id " + eid);
        }
        s.encounterIndex.put(eid, s.encounterPatient.size());
        s.encounterPatient.add(p);
        s.encounterStart.add(when);
        s.content.add(null);
      }
      s.read(n);
    }
  }

  /** The encounter index of an event row, or -1 after counting why the row is skipped. */
  private static int encounterOf(CsvFile.Row row, int patientColumn, int encounterColumn, State s, String file) {
    int p = s.patientIndex.getInt(row.required(patientColumn));
    if (p < 0) {
      s.skip(file + ": unknown PATIENT", row.where());
      return -1;
    }
    String eid = row.get(encounterColumn);
    if (eid.isEmpty()) {
      s.skip(file + ": empty ENCOUNTER", row.where());
      return -1;
    }
    int e = s.encounterIndex.getInt(eid);
    if (e < 0) {
      s.skip(file + ": unknown ENCOUNTER", row.where());
      return -1;
    }
    if (s.encounterPatient.getInt(e) != p) {
      s.skip(file + ": PATIENT differs from the encounter's patient", row.where());
      return -1;
    }
    return e;
  }

  private void readEvents(Path file, State s, CodeKind kind) throws IOException {
    String name = file.getFileName().toString();
    try (CsvFile csv = CsvFile.open(file, "PATIENT", "ENCOUNTER", "CODE", "DESCRIPTION")) {
      int patient = csv.require("PATIENT"), encounter = csv.require("ENCOUNTER");
      int code = csv.require("CODE"), desc = csv.require("DESCRIPTION");
      boolean periods = kind == CodeKind.DIAGNOSIS && coding == ConditionCoding.ACTIVE;
      int start = periods ? csv.require("START") : -1, stop = periods ? csv.require("STOP") : -1;
      long n = 0;
      for (CsvFile.Row row : csv) {
        n++;
        String c = row.required(code);
        if (kind == CodeKind.DIAGNOSIS) {
          // the history's chronic labels come from any condition of a known patient, whatever its encounter
          int p = s.patientIndex.getInt(row.required(patient));
          String label = chronic.labelOf(c);
          if (p >= 0 && label != null) {
            s.labels.get(p).add(label);
            if (periods) {
              long from = row.date(start).toEpochDay();
              long to = row.get(stop).isEmpty() ? Long.MAX_VALUE : row.date(stop).toEpochDay();
              if (s.active.get(p) == null) s.active.set(p, new ArrayList<>(2));
              s.active.get(p).add(new Active(s.intern(c), from, to));
            }
          }
        }
        int e = encounterOf(row, patient, encounter, s, name);
        if (e < 0) continue;
        c = s.intern(c);
        List<String> codes = switch (kind) {
          case DIAGNOSIS -> s.content(e).dx;
          case PROCEDURE -> s.content(e).px;
          default -> s.content(e).rx;
        };
        if (codes.contains(c)) {
          s.skip(name + ": code repeated in the same encounter (kept once)", row.where());
          continue;
        }
        codes.add(c);
        String key = Token.key(kind, c);
        if (!s.descriptions.containsKey(key)) s.descriptions.put(key, row.get(desc));
      }
      s.read(n);
    }
  }

  private void readObservations(Path file, State s, List<List<Lab>> labTable, Map<String, String> descriptions)
      throws IOException {
    String name = file.getFileName().toString();
    try (CsvFile csv = CsvFile.open(file, "PATIENT", "ENCOUNTER", "CODE", "DESCRIPTION", "VALUE", "UNITS", "TYPE")) {
      int patient = csv.require("PATIENT"), encounter = csv.require("ENCOUNTER"), code = csv.require("CODE");
      int desc = csv.require("DESCRIPTION"), value = csv.require("VALUE"), units = csv.require("UNITS");
      int type = csv.require("TYPE");
      Map<String, String> local = new HashMap<>();
      long n = 0;
      for (CsvFile.Row row : csv) {
        n++;
        String c = row.get(code);
        if (!labs.contains(c)) continue; // not a listed lab: not part of the cohort
        if (!"numeric".equals(row.get(type))) {
          s.skip(name + ": listed code with non-numeric TYPE", row.where());
          continue;
        }
        int e = encounterOf(row, patient, encounter, s, name);
        if (e < 0) continue;
        double v = row.number(value);
        List<Lab> list = labTable.get(e);
        if (list == null) {
          list = new ArrayList<>(4);
          labTable.set(e, list);
        }
        boolean repeated = false;
        for (Lab l : list) repeated |= l.code().equals(c);
        if (repeated) {
          s.skip(name + ": lab repeated in the same encounter (first kept)", row.where());
          continue;
        }
        String unit = local.computeIfAbsent("unit:" + row.get(units), u -> u.substring(5));
        list.add(new Lab(local.computeIfAbsent(c, x -> x), v, unit));
        descriptions.putIfAbsent(Token.key(CodeKind.LAB, c), labs.descriptions().get(c));
      }
      s.read(n);
    }
  }

  private Cohort assemble(State s) {
    List<IntArrayList> byPatient = new ArrayList<>(s.patientIds.size());
    for (int p = 0; p < s.patientIds.size(); p++) byPatient.add(new IntArrayList());
    int empty = 0;
    for (int e = 0; e < s.content.size(); e++) {
      Content c = s.content.get(e);
      if (c == null || c.isEmpty()) {
        empty++;
      } else {
        byPatient.get(s.encounterPatient.getInt(e)).add(e);
      }
    }
    if (empty > 0) {
      // one count, not one per row: these encounters are not errors, they just carry nothing we model
      s.report.skip("encounters.csv: encounter without coded event or listed lab (not a visit)", "encounters.csv", empty);
    }
    TreeMap<String, Patient> patients = new TreeMap<>();
    int visits = 0;
    long carried = 0;
    for (int p = 0; p < s.patientIds.size(); p++) {
      IntArrayList es = byPatient.get(p);
      if (es.isEmpty()) {
        s.report.skip("patients.csv: patient without any visit", "patient " + s.patientIds.get(p));
        continue;
      }
      es.sort((a, b) -> {
        int cmp = Long.compare(s.encounterStart.getLong(a), s.encounterStart.getLong(b));
        return cmp != 0 ? cmp : Integer.compare(a, b);
      });
      List<Visit> vs = new ArrayList<>(es.size());
      List<Active> periods = s.active.get(p) == null ? List.of() : s.active.get(p);
      for (int i = 0; i < es.size(); i++) {
        int e = es.getInt(i);
        Content c = s.content.get(e);
        LocalDate date = LocalDate.ofInstant(Instant.ofEpochSecond(s.encounterStart.getLong(e)), ZoneOffset.UTC);
        TreeSet<String> dx = new TreeSet<>(c.dx);
        long day = date.toEpochDay();
        for (Active a : periods) {
          if (a.start() <= day && day < a.stop() && dx.add(a.code())) carried++;
        }
        vs.add(new Visit(date, dx, new TreeSet<>(c.px), new TreeSet<>(c.rx),
            c.labs == null ? List.of() : c.labs));
        s.content.set(e, null); // free as we go
      }
      visits += vs.size();
      String id = s.patientIds.get(p);
      patients.put(id, new Patient(id, s.demographics.get(p), s.labels.get(p), vs));
    }
    if (carried > 0) {
      // not a skip: a count of what the ACTIVE coding added, so the report says how the visits were built
      s.report.note("conditions.csv: chronic condition codes carried into later visits while active (condition coding 'active')", carried);
    }
    LoadReport report = s.report.build(patients.size(), visits);
    return LabUnits.separate(new Cohort("synthea", chronic.labels(), new ArrayList<>(patients.values()), s.descriptions, report, chronic));
  }
}
