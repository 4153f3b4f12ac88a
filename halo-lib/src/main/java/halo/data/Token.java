package halo.data;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One code of the vocabulary. Clinical codes have {@code bucket == -1}; lab and gap codes are buckets
 * {@code [low, high)} of a numeric value in {@code unit} ({@code high} is inclusive for the last
 * bucket). {@code description} is the source's display text when known, else empty.
 */
public record Token(CodeKind kind, String code, int bucket, String unit, double low, double high, String description) {
  public Token {
    unit = unit == null ? "" : unit;
    description = description == null ? "" : description;
    if (kind.clinical() != (bucket < 0)) {
      throw new IllegalArgumentException(kind + " token " + code + " has bucket " + bucket);
    }
  }

  public static Token clinical(CodeKind kind, String code, String description) {
    return new Token(kind, code, -1, "", Double.NaN, Double.NaN, description);
  }

  /** The unique name of this token, e.g. {@code dx:44054006}, {@code lab:8480-6#3}, {@code gap:days#0}. */
  public String key() {
    return key(kind, code) + (bucket >= 0 ? "#" + bucket : "");
  }

  public static String key(CodeKind kind, String code) {
    return kind.prefix() + ":" + code;
  }

  /**
   * A readable label: the description when known, with the bucket's range for labs and gaps, its
   * bounds as people write them ({@code days since previous visit [357, 22820) days}).
   */
  public String label() {
    String base = description.isEmpty() ? key(kind, code) : description;
    return bucket < 0 ? base : "%s [%s, %s) %s".formatted(base, readable(low), readable(high), unit).strip();
  }

  /** A bound with at most four significant digits, never in scientific notation (22820, 0.0123, 7.5). */
  static String readable(double v) {
    if (!Double.isFinite(v)) return Double.toString(v);
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    if (Math.abs(v) >= 1000) return Long.toString(Math.round(v));
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
