package halo.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A patient's demographics. Each non-empty field becomes a label code (see {@link #labelNames()}) so
 * that generation can be conditioned on it. Empty strings and {@code birthYear == 0} mean unknown.
 */
public record Demographics(String sex, String race, String ethnicity, int birthYear) {
  public static final Demographics UNKNOWN = new Demographics("", "", "", 0);

  public Demographics {
    sex = norm(sex);
    race = norm(race);
    ethnicity = norm(ethnicity);
  }

  /** The demographic label names of this patient: sex:F, race:white, ethnicity:hispanic, birth:1950s. */
  public List<String> labelNames() {
    var names = new ArrayList<String>(4);
    if (!sex.isEmpty()) names.add("sex:" + sex);
    if (!race.isEmpty()) names.add("race:" + race);
    if (!ethnicity.isEmpty()) names.add("ethnicity:" + ethnicity);
    if (birthYear > 0) names.add("birth:" + (birthYear / 10 * 10) + "s");
    return names;
  }

  private static String norm(String s) {
    return s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
  }
}
