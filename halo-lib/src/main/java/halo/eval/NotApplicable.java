package halo.eval;

import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Rows that say a metric does not apply to a model (it lacks the capability the metric needs), so a
 * result table lists every model it was given instead of silently leaving some out.
 */
public final class NotApplicable {
  /** The column holding why a row has no values (empty on rows that have them). */
  public static final String COLUMN = "not_applicable";

  private NotApplicable() {}

  /**
   * Appends to {@code t} a row whose {@code keyColumn} is {@code key}, whose {@link #COLUMN} is
   * {@code reason} and whose other values are missing; adds {@link #COLUMN} to {@code t} first if it
   * has none (existing rows get an empty value). Returns {@code t}.
   */
  public static Table append(Table t, String keyColumn, String key, String reason) {
    addColumn(t);
    Row row = t.appendRow();
    row.setString(keyColumn, key);
    row.setString(COLUMN, reason);
    return t;
  }

  /** Gives both tables {@link #COLUMN} when one of them has it, so that rows of one can be appended to the other. */
  public static void align(Table a, Table b) {
    if (a.containsColumn(COLUMN) || b.containsColumn(COLUMN)) {
      addColumn(a);
      addColumn(b);
    }
  }

  private static void addColumn(Table t) {
    if (t.containsColumn(COLUMN)) return;
    StringColumn c = StringColumn.create(COLUMN);
    for (int i = 0; i < t.rowCount(); i++) c.append("");
    t.addColumns(c);
  }
}
