package halo.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tables to CSV, Markdown and LaTeX, each with a provenance comment header and a sidecar JSON.
 * Numbers are rounded for reading in Markdown, LaTeX and plain text ({@link Cells}; full precision in
 * CSV); text is left-aligned, numbers right-aligned; missing values are empty (CSV) or "–".
 */
public final class TableExport {
  private TableExport() {}

  /** Writes {@code <dir>/<name>.csv}, {@code .md} and {@code .tex} plus their sidecars; returns the files. */
  public static List<Path> write(Table table, Path dir, String name, Provenance provenance) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    out.add(write(dir.resolve(name + ".csv"), csv(table, provenance), provenance));
    out.add(write(dir.resolve(name + ".md"), markdown(table, provenance), provenance));
    out.add(write(dir.resolve(name + ".tex"), latex(table, provenance), provenance));
    return out;
  }

  private static Path write(Path file, String content, Provenance provenance) throws IOException {
    Files.writeString(file, content);
    provenance.writeSidecar(file);
    return file;
  }

  /** CSV (RFC 4180 quoting) after "# key: value" header lines. */
  public static String csv(Table t, Provenance p) {
    StringBuilder sb = new StringBuilder();
    p.headerLines("# ").forEach(l -> sb.append(l).append('\n'));
    sb.append("# table: ").append(t.name()).append('\n');
    sb.append(String.join(",", t.columnNames().stream().map(TableExport::quote).toList())).append('\n');
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> cells = new ArrayList<>();
      for (Column<?> c : t.columns()) cells.add(quote(c.isMissing(r) ? "" : raw(c, r)));
      sb.append(String.join(",", cells)).append('\n');
    }
    return sb.toString();
  }

  /** A GitHub-flavoured Markdown table after an HTML comment holding the provenance. */
  public static String markdown(Table t, Provenance p) {
    StringBuilder sb = new StringBuilder("<!--\n");
    p.headerLines("").forEach(l -> sb.append(l.replace("--", "- -")).append('\n'));
    sb.append("-->\n\n**").append(t.name()).append("**\n\n|");
    for (String c : t.columnNames()) sb.append(' ').append(c.replace("|", "\\|")).append(" |");
    sb.append("\n|");
    for (Column<?> c : t.columns()) sb.append(Cells.numeric(c) ? " ---: |" : " :--- |");
    sb.append('\n');
    for (int r = 0; r < t.rowCount(); r++) {
      sb.append('|');
      for (Column<?> c : t.columns()) sb.append(' ').append(Cells.pretty(c, r, "–").replace("|", "\\|")).append(" |");
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A booktabs LaTeX table environment after "% key: value" comment lines. */
  public static String latex(Table t, Provenance p) {
    StringBuilder sb = new StringBuilder();
    p.headerLines("% ").forEach(l -> sb.append(l).append('\n'));
    sb.append("\\begin{table}[ht]\n\\centering\n\\caption{").append(tex(t.name())).append("}\n\\begin{tabular}{");
    for (Column<?> c : t.columns()) sb.append(Cells.numeric(c) ? 'r' : 'l');
    sb.append("}\n\\toprule\n");
    sb.append(String.join(" & ", t.columnNames().stream().map(TableExport::tex).toList())).append(" \\\\\n\\midrule\n");
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> cells = new ArrayList<>();
      for (Column<?> c : t.columns()) cells.add(tex(Cells.pretty(c, r, "--")));
      sb.append(String.join(" & ", cells)).append(" \\\\\n");
    }
    return sb.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n").toString();
  }

  private static String raw(Column<?> c, int r) {
    Object v = c.get(r);
    return v instanceof Double d ? Double.toString(d) : String.valueOf(v);
  }

  /**
   * The table as aligned plain text (a notebook's {@code text/plain}): its name, a header, at most
   * {@code maxRows} rows (the first and last halves), numbers rounded and right-aligned.
   */
  public static String text(Table t, int maxRows) {
    int n = t.rowCount(), head = n <= maxRows ? n : maxRows / 2;
    List<Integer> rows = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      if (r == head && n > maxRows) {
        rows.add(-1);
        r = n - (maxRows - head);
      }
      rows.add(r);
    }
    int cols = t.columnCount();
    String[][] cells = new String[rows.size() + 1][cols];
    int[] width = new int[cols];
    for (int c = 0; c < cols; c++) {
      cells[0][c] = t.column(c).name();
      for (int i = 0; i < rows.size(); i++) cells[i + 1][c] = rows.get(i) < 0 ? "…" : Cells.pretty(t.column(c), rows.get(i), "–");
      for (String[] row : cells) width[c] = Math.max(width[c], row[c].length());
    }
    StringBuilder sb = new StringBuilder();
    if (t.name() != null && !t.name().isBlank()) sb.append(t.name()).append('\n');
    for (String[] row : cells) {
      for (int c = 0; c < cols; c++) {
        String v = row[c];
        String padded = Cells.numeric(t.column(c)) ? " ".repeat(width[c] - v.length()) + v : v + " ".repeat(width[c] - v.length());
        sb.append(c == 0 ? "" : "  ").append(padded);
      }
      sb.append('\n');
    }
    if (n > maxRows) sb.append("(").append(n - maxRows).append(" more rows)\n");
    return sb.toString().stripTrailing();
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  static String tex(String s) {
    return s.replace("\\", "\\textbackslash{}").replace("&", "\\&").replace("%", "\\%").replace("$", "\\$")
        .replace("#", "\\#").replace("_", "\\_").replace("{", "\\{").replace("}", "\\}").replace("~", "\\~{}")
        .replace("^", "\\^{}");
  }
}
