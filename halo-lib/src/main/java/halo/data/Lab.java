package halo.data;

/**
 * One numeric measurement in a visit: a lab or vital sign code (LOINC in Synthea, ITEMID in
 * MIMIC-III), its value and unit.
 */
public record Lab(String code, double value, String unit) {
  public Lab {
    if (code == null || code.isBlank()) {
      throw new IllegalArgumentException("lab code is empty");
    }
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("lab " + code + " has a non-finite value " + value);
    }
    unit = unit == null ? "" : unit;
  }
}
