package halo.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.columns.Column;

/**
 * Table cells as people read them (HTML, Markdown, LaTeX, plain text); CSV keeps full precision.
 * Whole numbers print as integers; other numbers keep three significant digits, trailing zeros
 * included so that a column reads evenly (0.973, 0.0290, 12.3, 6.10), none after the point from 1000
 * on (22820), and below 0.001 in scientific notation (1.20e-05).
 */
public final class Cells {
  private Cells() {}

  /** Whether a column holds numbers (right-aligned). */
  public static boolean numeric(Column<?> c) {
    ColumnType t = c.type();
    return t == ColumnType.DOUBLE || t == ColumnType.INTEGER || t == ColumnType.LONG || t == ColumnType.FLOAT
        || t == ColumnType.SHORT;
  }

  /** The cell at row {@code r}, rounded for reading; {@code missing} for missing values and NaN. */
  public static String pretty(Column<?> c, int r, String missing) {
    if (c.isMissing(r)) return missing;
    Object v = c.get(r);
    if (v instanceof Double d) return number(d, missing);
    if (v instanceof Float f) return number(f.doubleValue(), missing);
    return String.valueOf(v);
  }

  /** A number rounded for reading (see the class comment). */
  public static String number(double d, String missing) {
    if (Double.isNaN(d)) return missing;
    if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
    double a = Math.abs(d);
    if (d == Math.rint(d) && a < 1e15) return Long.toString((long) d);
    if (a >= 1000) return Long.toString(Math.round(d));
    if (a < 1e-3) return String.format(Locale.ROOT, "%.2e", d);
    return new BigDecimal(d).round(new MathContext(3)).toPlainString();
  }
}
