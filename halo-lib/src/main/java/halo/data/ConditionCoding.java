package halo.data;

import java.util.Locale;

/**
 * How a source's chronic conditions (the codes that define its chronic labels) appear in visits.
 *
 * <ul>
 *   <li>{@link #ONSET}: as Synthea records them — once, in the encounter where the condition is
 *       diagnosed. A record truncated to its most recent visits then loses the code (and, with labels
 *       derived from the kept visits, the label) of every condition diagnosed earlier.
 *   <li>{@link #ACTIVE}: as claims data code them (the paper's outpatient data) — the condition's code
 *       is listed in every visit while the condition is active (from its START date, inclusive, until its
 *       STOP date, exclusive, or the end of the record when it has none). Only visits that exist anyway
 *       get the code: an encounter without any other content does not become a visit.
 * </ul>
 */
public enum ConditionCoding {
  ONSET,
  ACTIVE;

  public static ConditionCoding parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown condition coding '" + s + "': expected onset or active", e);
    }
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
