package halo.experiment;

import java.util.Locale;

/**
 * The three sizes every experiment runs at (protocol Part A §9): {@code smoke} for CI (seconds to a
 * minute, tiny models, a few hundred records), {@code default} for the embedded default cohort on a
 * 2-core CPU (the whole reproduction well under an hour), {@code paper} for a GPU host and full-size
 * data with the authors' hyperparameters.
 */
public enum Scale {
  SMOKE,
  DEFAULT,
  PAPER;

  /** The environment variable notebooks and the CLI read the scale from. */
  public static final String ENV = "HALO_SCALE";

  /** The scale named by {@code HALO_SCALE}, or {@link #DEFAULT} when it is unset. */
  public static Scale fromEnvironment() {
    String s = System.getenv(ENV);
    return s == null || s.isBlank() ? DEFAULT : parse(s);
  }

  public static Scale parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown scale '" + s + "': expected smoke, default or paper", e);
    }
  }

  /** Lower-case name, as written in HALO_SCALE and in result provenance. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
