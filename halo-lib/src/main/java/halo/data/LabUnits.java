package halo.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps one lab per (code, unit): a lab code whose values come in more than one unit (e.g. glucose
 * in mg/dL and in mmol/L) becomes one lab per unit, named {@code CODE [UNIT]} ({@code CODE [no unit]}
 * for values without a unit), so that values in different units are never bucketed together. Units
 * are compared exactly as written ({@code mg/dL} and {@code mg/dl} are kept apart); nothing is
 * converted. Each split is counted in the cohort's {@link LoadReport} as a change.
 */
public final class LabUnits {
  private LabUnits() {}

  /** The cohort with every lab code that has several units split by unit; the same cohort when none has. */
  public static Cohort separate(Cohort cohort) {
    Map<String, TreeMap<String, Long>> units = new TreeMap<>();
    for (Patient p : cohort.patients()) {
      for (Visit v : p.visits()) {
        for (Lab l : v.labs()) units.computeIfAbsent(l.code(), x -> new TreeMap<>()).merge(l.unit(), 1L, Long::sum);
      }
    }
    units.values().removeIf(m -> m.size() < 2);
    if (units.isEmpty()) return cohort;
    List<Patient> patients = new ArrayList<>(cohort.patients().size());
    for (Patient p : cohort.patients()) {
      List<Visit> visits = new ArrayList<>(p.visits().size());
      for (Visit v : p.visits()) {
        List<Lab> labs = v.labs();
        if (labs.stream().anyMatch(l -> units.containsKey(l.code()))) {
          labs = labs.stream().map(l -> units.containsKey(l.code()) ? new Lab(named(l.code(), l.unit()), l.value(), l.unit()) : l).toList();
        }
        visits.add(labs == v.labs() ? v : new Visit(v.date(), v.diagnoses(), v.procedures(), v.medications(), labs));
      }
      patients.add(new Patient(p.id(), p.demographics(), p.labels(), visits));
    }
    Map<String, String> descriptions = new HashMap<>(cohort.descriptions());
    LoadReport report = cohort.report();
    for (var e : units.entrySet()) {
      String code = e.getKey();
      String description = cohort.descriptions().get(Token.key(CodeKind.LAB, code));
      List<String> parts = new ArrayList<>(), names = new ArrayList<>();
      long n = 0;
      for (var u : e.getValue().entrySet()) {
        parts.add("%s: %,d".formatted(u.getKey().isEmpty() ? "no unit" : u.getKey(), u.getValue()));
        names.add(named(code, u.getKey()));
        n += u.getValue();
        if (description != null) descriptions.put(Token.key(CodeKind.LAB, named(code, u.getKey())), description);
      }
      report = report.withChange("lab " + code + " has values in " + e.getValue().size() + " units (" + String.join(", ", parts)
          + "): kept apart as " + String.join(" and ", names), "lab " + code, n);
    }
    return new Cohort(cohort.name(), cohort.chronicLabels(), patients, descriptions, report, cohort.labelDefinition());
  }

  /** The name of lab {@code code}'s values in {@code unit} once the code is split by unit. */
  public static String named(String code, String unit) {
    return code + " [" + (unit.isEmpty() ? "no unit" : unit) + "]";
  }
}
