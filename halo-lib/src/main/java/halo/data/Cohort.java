package halo.data;

import java.util.List;
import java.util.Map;

/**
 * A set of patient records as loaded from a source, with the ordered list of chronic-label names the
 * source defines (e.g. the 11 Synthea chronic families, the 25 MIMIC-III phenotypes), display texts of
 * codes keyed by {@link Token#key(CodeKind, String)} (may be empty) and the report of what loading read
 * and skipped.
 *
 * <p>{@code labelDefinition}, when the source defines its chronic labels by diagnosis codes (Synthea's
 * chronic families, MIMIC-III's phenotypes), lets encoding derive each label from the visits a record
 * actually keeps ({@link Encoder}), so that a label always describes the record a model sees. It is
 * null when labels are given as such (a long CSV's patients.csv): they are then kept as given.
 * {@link Patient#labels()} holds the labels of the whole loaded history either way.
 */
public record Cohort(
    String name, List<String> chronicLabels, List<Patient> patients, Map<String, String> descriptions, LoadReport report,
    ChronicLabelMap labelDefinition) {
  public Cohort {
    chronicLabels = List.copyOf(chronicLabels);
    descriptions = Map.copyOf(descriptions);
    patients = List.copyOf(patients);
    report = report == null ? LoadReport.empty(name) : report;
    if (labelDefinition != null && !labelDefinition.labels().equals(chronicLabels)) {
      throw new IllegalArgumentException("cohort " + name + ": label definition defines " + labelDefinition.labels()
          + " but the cohort's chronic labels are " + chronicLabels);
    }
  }

  /** A cohort whose chronic labels are given as such, not defined by codes. */
  public Cohort(String name, List<String> chronicLabels, List<Patient> patients, Map<String, String> descriptions, LoadReport report) {
    this(name, chronicLabels, patients, descriptions, report, null);
  }

  public int visitCount() {
    return patients.stream().mapToInt(p -> p.visits().size()).sum();
  }
}
