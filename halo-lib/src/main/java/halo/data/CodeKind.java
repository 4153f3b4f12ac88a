package halo.data;

/**
 * What a vocabulary code stands for. Clinical codes keep their source namespace apart (a diagnosis
 * "4019" and a procedure "4019" are different codes); lab and gap codes are discretised buckets of a
 * numeric value (protocol Part A §8).
 */
public enum CodeKind {
  DIAGNOSIS("dx"),
  PROCEDURE("px"),
  MEDICATION("rx"),
  /** A bucket of a numeric lab or vital sign: one code per (lab, bucket). */
  LAB("lab"),
  /** A bucket of the gap in days since the previous visit. */
  GAP("gap");

  private final String prefix;

  CodeKind(String prefix) {
    this.prefix = prefix;
  }

  /** The short prefix used in token names and files, e.g. {@code dx}. */
  public String prefix() {
    return prefix;
  }

  /** The kind for a prefix or a name ({@code dx}, {@code diagnosis}, case-insensitive). */
  public static CodeKind parse(String s) {
    for (CodeKind k : values()) {
      if (k.prefix.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown code kind '" + s + "': expected one of "
        + java.util.Arrays.stream(values()).map(CodeKind::prefix).collect(java.util.stream.Collectors.joining("|")) + " (or their names: "
        + java.util.Arrays.stream(values()).map(k -> k.name().toLowerCase(java.util.Locale.ROOT)).collect(java.util.stream.Collectors.joining("|")) + ")");
  }

  /** True for diagnosis, procedure and medication codes (not discretised buckets). */
  public boolean clinical() {
    return this == DIAGNOSIS || this == PROCEDURE || this == MEDICATION;
  }
}
