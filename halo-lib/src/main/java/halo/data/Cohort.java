package halo.data;

import java.util.List;
import java.util.Map;

/**
 * A set of patient records as loaded from a source, with the ordered list of chronic-label names the
 * source defines (e.g. the 11 Synthea chronic families, the 25 MIMIC-III phenotypes), display texts of
 * codes keyed by {@link Token#key(CodeKind, String)} (may be empty) and the report of what loading read
 * and skipped.
 */
public record Cohort(
    String name, List<String> chronicLabels, List<Patient> patients, Map<String, String> descriptions, LoadReport report) {
  public Cohort {
    chronicLabels = List.copyOf(chronicLabels);
    descriptions = Map.copyOf(descriptions);
    patients = List.copyOf(patients);
    report = report == null ? LoadReport.empty(name) : report;
  }

  public int visitCount() {
    return patients.stream().mapToInt(p -> p.visits().size()).sum();
  }
}
