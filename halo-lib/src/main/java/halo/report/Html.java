package halo.report;

import java.util.concurrent.atomic.AtomicInteger;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Page;

/**
 * HTML renderings of tables and interactive figures, for notebooks ({@code display("text/html",
 * Html.of(table))}) and for the standalone files written to results/.
 *
 * <p>Figures are Tablesaw jsplot (plotly.js) figures. In a notebook output the plotly library is
 * loaded once from its CDN by the browser that shows the notebook; the drawing code waits for it, so
 * the output works in JupyterLab and in the classic Notebook alike.
 */
public final class Html {
  /** The plotly.js build whose figure format Tablesaw 0.44 writes. */
  public static final String PLOTLY_JS = "https://cdn.plot.ly/plotly-1.58.5.min.js";

  private static final AtomicInteger NEXT_ID = new AtomicInteger();

  private Html() {}

  /** An HTML table with the table's name as caption; long tables show the first and last rows. */
  public static String of(Table table) {
    return of(table, 40);
  }

  /** As {@link #of(Table)}, showing at most {@code maxRows} rows (the first and last halves). */
  public static String of(Table table, int maxRows) {
    StringBuilder sb = new StringBuilder("<table class=\"halo-table\">");
    if (table.name() != null && !table.name().isBlank()) {
      sb.append("<caption style=\"text-align:left\"><b>")
          .append(escape(table.name()))
          .append("</b></caption>");
    }
    sb.append("<thead><tr>");
    for (String c : table.columnNames()) {
      sb.append("<th>").append(escape(c)).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int n = table.rowCount();
    int head = n <= maxRows ? n : maxRows / 2;
    for (int r = 0; r < n; r++) {
      if (r == head && n > maxRows) {
        sb.append("<tr><td colspan=\"")
            .append(table.columnCount())
            .append("\">… ")
            .append(n - maxRows)
            .append(" more rows …</td></tr>");
        r = n - (maxRows - head);
      }
      sb.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        sb.append("<td>").append(escape(table.getString(r, c))).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  /** An interactive figure for a notebook output cell. */
  public static String of(Figure figure) {
    String div = "halo-fig-" + ProcessHandle.current().pid() + "-" + NEXT_ID.incrementAndGet();
    String script = figure.asJavascript(div).replace("<script>", "").replace("</script>", "");
    return "<div id=\"" + div + "\"></div>\n<script>\n(function draw() {\n"
        + "  if (window.Plotly === undefined) {\n"
        + "    if (!document.getElementById('halo-plotly')) {\n"
        + "      var s = document.createElement('script'); s.id = 'halo-plotly';\n"
        + "      s.src = '" + PLOTLY_JS + "'; document.head.appendChild(s);\n"
        + "    }\n"
        + "    setTimeout(draw, 100); return;\n"
        + "  }\n"
        + script
        + "\n})();\n</script>";
  }

  /** An interactive chart for a notebook output cell. */
  public static String of(Chart chart) {
    return of(chart.figure());
  }

  /**
   * The chart as a static PNG embedded in an {@code <img>} tag (data URI), for outputs that must
   * render without JavaScript (nbconvert to HTML/PDF, GitHub previews).
   */
  public static String image(Chart chart) {
    try {
      java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(chart.render(900, 650), "png", png);
      return "<img alt=\"" + escape(chart.title()) + "\" src=\"data:image/png;base64,"
          + java.util.Base64.getEncoder().encodeToString(png.toByteArray()) + "\"/>";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A standalone HTML page holding one figure, for results/. */
  public static String page(Figure figure) {
    return Page.pageBuilder(figure, "plot").plotlyJsLocation(PLOTLY_JS).build().asJavascript();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
