package halo.report;

import halo.Halo;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * HTML renderings of tables and figures: for notebook outputs (through {@link Output}) and for the
 * standalone pages written to results/.
 *
 * <p>Figures use the pinned plotly.js of {@link PlotlyJs}, never a CDN. In a notebook, every figure
 * output holds its static PNG inside the figure's element, so it shows where scripts do not run
 * (untrusted notebooks, GitHub, nbviewer); where they run, a small loader fetches plotly.js once per
 * page — through require.js from the classic Notebook's {@code nbextensions/} (installed by set-up),
 * else from the project's {@code build/plotly/} through the server's {@code files/} route (JupyterLab)
 * — and replaces the image by the interactive plot. If plotly.js cannot be loaded the image stays.
 */
public final class Html {
  private static final AtomicInteger NEXT_ID = new AtomicInteger();
  /** One per kernel session: element ids stay unique when outputs of several sessions share a page. */
  private static final String SESSION = UUID.randomUUID().toString().replace("-", "").substring(0, 8);

  private Html() {}

  /**
   * A new element id, unique on the page and a valid JavaScript identifier (Tablesaw turns the id of
   * a figure's element into a variable name, {@code target_<id>}).
   */
  static String newId() {
    return "halo_fig_" + SESSION + "_" + NEXT_ID.incrementAndGet();
  }

  /** An HTML table with the table's name as caption; long tables show the first and last rows. */
  public static String of(Table table) {
    return of(table, 40);
  }

  /**
   * As {@link #of(Table)}, showing at most {@code maxRows} rows (the first and last halves). Numbers
   * are rounded for reading ({@link Cells}) and right-aligned, text is left-aligned.
   */
  public static String of(Table table, int maxRows) {
    StringBuilder sb = new StringBuilder("<table class=\"halo-table\">");
    if (table.name() != null && !table.name().isBlank()) {
      sb.append("<caption style=\"text-align:left\"><b>").append(escape(table.name())).append("</b></caption>");
    }
    boolean[] numeric = new boolean[table.columnCount()];
    sb.append("<thead><tr>");
    for (int c = 0; c < table.columnCount(); c++) {
      numeric[c] = Cells.numeric(table.column(c));
      sb.append("<th style=\"text-align:").append(numeric[c] ? "right" : "left").append("\">")
          .append(escape(table.column(c).name())).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int n = table.rowCount();
    int head = n <= maxRows ? n : maxRows / 2;
    for (int r = 0; r < n; r++) {
      if (r == head && n > maxRows) {
        sb.append("<tr><td colspan=\"").append(table.columnCount()).append("\" style=\"text-align:left\">… ")
            .append(n - maxRows).append(" more rows …</td></tr>");
        r = n - (maxRows - head);
      }
      sb.append("<tr>");
      for (int c = 0; c < table.columnCount(); c++) {
        sb.append("<td style=\"text-align:").append(numeric[c] ? "right" : "left").append("\">")
            .append(escape(Cells.pretty(table.column(c), r, "–"))).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</tbody></table>").toString();
  }

  /**
   * A chart for a notebook output: its static PNG inside the figure's element, and the script that
   * replaces it by the interactive plot where scripts run.
   */
  public static String of(Chart chart) {
    return of(chart, Base64.getEncoder().encodeToString(chart.png()));
  }

  /** As {@link #of(Chart)} with the chart's PNG already encoded (base64). */
  static String of(Chart chart, String pngBase64) {
    return figure("<img alt=\"" + escape(chart.title()) + "\" style=\"max-width:100%\" src=\"data:image/png;base64,"
        + pngBase64 + "\"/>",
        id -> "P.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});",
        "var fig = " + PlotlyFigure.json(PlotlyFigure.of(chart)) + ";\n");
  }

  /** A Tablesaw jsplot figure for a notebook output (interactive only: it has no static rendering). */
  public static String of(Figure figure) {
    return figure("<p style=\"color:#777\">(interactive figure: shown where the notebook is trusted)</p>",
        id -> figure.asJavascript(id).replace("<script>", "").replace("</script>", ""), "");
  }

  private static String figure(String fallback, Function<String, String> draw, String data) {
    String id = newId();
    return "<div class=\"halo-figure\" id=\"" + id + "\">" + fallback + "</div>\n<script type=\"text/javascript\">\n"
        + "(function () {\n  var el = document.getElementById('" + id + "');\n  " + data
        + "  " + loaderFor() + "  haloPlotly(function (P) {\n    el.innerHTML = '';\n    var Plotly = P;\n"
        + draw.apply(id) + "\n    el.setAttribute('data-halo-drawn', 'true');\n  });\n})();\n</script>";
  }

  /**
   * Loads plotly.js once per page and calls {@code done(Plotly)}; on failure leaves the static image
   * and warns on the console. Candidates: the classic Notebook's nbextensions/ copy, then the
   * project's build/plotly/ through the server's files/ route, relative to the notebook.
   */
  private static final String LOADER = """
      function haloPlotly(done) {
          if (window.Plotly) { done(window.Plotly); return; }
          var fail = function (e) { console.warn('halo: plotly.js could not be loaded, the static image stays', e); };
          var base = (document.body && document.body.getAttribute('data-base-url')) || '/';
          var urls = [base + '%s'];
          var m = window.location.pathname.match(/^(.*?\\/)(?:notebooks|lab\\/tree|doc\\/tree|tree)\\/(.*\\/)?[^\\/]*$/);
          if (m) urls.push(m[1] + 'files/' + (m[2] || '') + '%s');
          if (window.requirejs) {
            window.requirejs.config({paths: {'halo-plotly': urls}});
            window.requirejs(['halo-plotly'], function (P) { window.Plotly = P; done(P); }, fail);
            return;
          }
          if (!window.haloPlotlyLoad) window.haloPlotlyLoad = new Promise(function (ok, no) {
            (function next(i) {
              if (i >= urls.length) { no(new Error('not found at ' + urls.join('.js, ') + '.js')); return; }
              var s = document.createElement('script');
              s.src = urls[i] + '.js';
              s.onload = function () { ok(window.Plotly); };
              s.onerror = function () { s.remove(); next(i + 1); };
              document.head.appendChild(s);
            })(0);
          });
          window.haloPlotlyLoad.then(done, fail);
        }
      """;

  private static String loaderFor() {
    return String.format(LOADER, strip(PlotlyJs.NBEXTENSION), strip(projectRelative()));
  }

  /** build/plotly/plotly-x.min.js relative to the kernel's working folder (the notebook's folder). */
  private static String projectRelative() {
    try {
      Path cwd = Path.of("").toAbsolutePath().normalize();
      Path js = Halo.root().resolve("build/plotly").resolve(PlotlyJs.FILE);
      return cwd.relativize(js).toString().replace('\\', '/');
    } catch (RuntimeException e) {
      return "build/plotly/" + PlotlyJs.FILE;
    }
  }

  private static String strip(String js) {
    return js.endsWith(".js") ? js.substring(0, js.length() - 3) : js;
  }

  /**
   * A standalone page for results/: loads plotly.js from {@code plotlyJs} (relative to the page, so
   * the folder can be moved or opened offline by double-click) and draws the chart; where plotly.js is
   * missing it says so and links the static image.
   */
  static String page(Chart chart, Provenance provenance, String plotlyJs, String pngName) {
    String id = "halo_fig";
    return "<!DOCTYPE html>\n<!-- " + String.join(" | ", provenance.headerLines("")).replace("--", "- -") + " -->\n"
        + "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(chart.title()) + "</title>\n"
        + "<script src=\"" + escape(plotlyJs) + "\"></script>\n</head>\n<body>\n"
        + "<div id=\"" + id + "\"></div>\n<script>\n(function () {\n  var el = document.getElementById('" + id + "');\n"
        + "  var fig = " + PlotlyFigure.json(PlotlyFigure.of(chart)) + ";\n"
        + "  if (window.Plotly === undefined) {\n"
        + "    el.innerHTML = '<p>plotly.js was not found at " + escape(plotlyJs).replace("'", "\\'")
        + " (it travels with the results folder). The static figure: <a href=\"" + escape(pngName) + "\">"
        + escape(pngName) + "</a></p>';\n"
        + "    return;\n  }\n"
        + "  Plotly.newPlot(el, fig.data, fig.layout, {responsive: true, displaylogo: false});\n"
        + "  el.setAttribute('data-halo-drawn', 'true');\n})();\n</script>\n</body>\n</html>\n";
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
