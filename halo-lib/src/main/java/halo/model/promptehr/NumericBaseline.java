package halo.model.promptehr;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Patient;
import halo.data.Visit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Numerical baseline features by patient id (the paper's x_num, Eq. (1)–(2)): {@code names} and, per
 * id, one value per name, {@code NaN} where a value is unknown.
 *
 * <p><b>Where ages are.</b> An {@link EncodedPatient} holds no dates and no birth year: only the label
 * row's birth decade ({@code birth:1950s}, a categorical feature of {@link BaselineFeatures}) and the
 * gap buckets between visits. Age at the first visit therefore needs the loaded records
 * ({@link Patient}: {@link halo.data.Demographics#birthYear()} and {@link Visit#date()}), which the
 * embedded default cohort does not keep (only its encoding is committed, see datasets/default/README):
 * on it use {@link #none()}, and the age is present only through the birth-decade category.
 */
public record NumericBaseline(List<String> names, Map<String, double[]> values) {
  public NumericBaseline {
    names = List.copyOf(names);
    Map<String, double[]> copy = new HashMap<>();
    for (var e : values.entrySet()) {
      if (e.getValue().length != names.size()) {
        throw new IllegalArgumentException("patient " + e.getKey() + " has " + e.getValue().length + " numeric values for the "
            + names.size() + " features " + names);
      }
      copy.put(e.getKey(), e.getValue().clone());
    }
    values = Map.copyOf(copy);
  }

  /** No numerical features (m_u = 0): what an encoded cohort alone offers. */
  public static NumericBaseline none() {
    return new NumericBaseline(List.of(), Map.of());
  }

  /** The values of patient {@code id}, all {@code NaN} when the id has none. */
  public double[] of(String id) {
    double[] v = values.get(id);
    if (v != null) return v.clone();
    double[] unknown = new double[names.size()];
    Arrays.fill(unknown, Double.NaN);
    return unknown;
  }

  /**
   * One feature, {@code age}: the age in years at the first visit the encoded record keeps (the
   * encoder keeps a record's most recent visits, so that is visit {@code size − kept} of the loaded
   * record), as the visit's year minus the birth year — the data give the birth year only, so the true
   * age is this or one less. {@code NaN} when the birth year is unknown or the record has no visit.
   *
   * @param loaded the loaded records the cohort was encoded from (at least every patient of it)
   */
  public static NumericBaseline ageAtFirstVisit(List<Patient> loaded, EncodedCohort encoded) {
    Map<String, Patient> byId = loaded.stream().collect(Collectors.toMap(Patient::id, Function.identity()));
    Map<String, double[]> ages = new HashMap<>();
    for (EncodedPatient e : encoded.patients()) {
      Patient p = byId.get(e.id());
      if (p == null) {
        throw new IllegalArgumentException("encoded patient " + e.id() + " is not among the " + loaded.size()
            + " loaded records given: pass the records the cohort was encoded from");
      }
      int kept = e.visitCount();
      if (kept > p.visits().size()) {
        throw new IllegalArgumentException("encoded patient " + e.id() + " has " + kept + " visits, its loaded record only "
            + p.visits().size() + ": pass the records the cohort was encoded from");
      }
      int birth = p.demographics().birthYear();
      double age = birth <= 0 || kept == 0 ? Double.NaN : p.visits().get(p.visits().size() - kept).date().getYear() - birth;
      ages.put(e.id(), new double[] {age});
    }
    return new NumericBaseline(List.of("age"), ages);
  }
}
