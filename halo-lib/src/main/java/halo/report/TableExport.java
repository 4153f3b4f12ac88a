package halo.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Tables to CSV, Markdown and LaTeX, each with a provenance comment header and a sidecar JSON.
 * Numbers are written with up to 6 significant digits in Markdown and LaTeX (full precision in CSV);
 * missing values as empty (CSV) or "–" (Markdown, LaTeX).
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
    for (Column<?> c : t.columns()) sb.append(numeric(c) ? " ---: |" : " --- |");
    sb.append('\n');
    for (int r = 0; r < t.rowCount(); r++) {
      sb.append('|');
      for (Column<?> c : t.columns()) sb.append(' ').append(pretty(c, r, "–").replace("|", "\\|")).append(" |");
      sb.append('\n');
    }
    return sb.toString();
  }

  /** A booktabs LaTeX table environment after "% key: value" comment lines. */
  public static String latex(Table t, Provenance p) {
    StringBuilder sb = new StringBuilder();
    p.headerLines("% ").forEach(l -> sb.append(l).append('\n'));
    sb.append("\\begin{table}[ht]\n\\centering\n\\caption{").append(tex(t.name())).append("}\n\\begin{tabular}{");
    for (Column<?> c : t.columns()) sb.append(numeric(c) ? 'r' : 'l');
    sb.append("}\n\\toprule\n");
    sb.append(String.join(" & ", t.columnNames().stream().map(TableExport::tex).toList())).append(" \\\\\n\\midrule\n");
    for (int r = 0; r < t.rowCount(); r++) {
      List<String> cells = new ArrayList<>();
      for (Column<?> c : t.columns()) cells.add(tex(pretty(c, r, "--")));
      sb.append(String.join(" & ", cells)).append(" \\\\\n");
    }
    return sb.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n").toString();
  }

  private static boolean numeric(Column<?> c) {
    ColumnType t = c.type();
    return t == ColumnType.DOUBLE || t == ColumnType.INTEGER || t == ColumnType.LONG || t == ColumnType.FLOAT
        || t == ColumnType.SHORT;
  }

  private static String raw(Column<?> c, int r) {
    Object v = c.get(r);
    return v instanceof Double d ? Double.toString(d) : String.valueOf(v);
  }

  private static String pretty(Column<?> c, int r, String missing) {
    if (c.isMissing(r)) return missing;
    Object v = c.get(r);
    if (v instanceof Double d) {
      if (d.isNaN()) return missing;
      if (d.isInfinite()) return d > 0 ? "inf" : "-inf";
      return String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
          .replaceAll("\\.$", "");
    }
    return String.valueOf(v);
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
