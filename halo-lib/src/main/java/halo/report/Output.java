package halo.report;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * One notebook output as a MIME bundle, for any Jupyter front end: {@code text/plain} always, and
 * {@code text/html} (a rounded table, or a figure that turns interactive where the notebook is
 * trusted) and {@code image/png} (a chart's static image) where they apply. A notebook shows one with
 * the kernel's display call, e.g. with the rapaio kernel:
 *
 * <pre>{@code
 * void show(Output o) { var d = DisplayData.withType("text/plain", ""); o.bundle().forEach(d::putData); display(d); }
 * }</pre>
 *
 * @param bundle MIME type to content (base64 for images), in the order a front end should prefer them
 */
public record Output(Map<String, String> bundle) {
  public Output {
    bundle = Collections.unmodifiableMap(new LinkedHashMap<>(bundle));
  }

  /** A table (at most 40 rows shown). */
  public static Output of(Table table) {
    return of(table, 40);
  }

  /** A table showing at most {@code maxRows} rows. */
  public static Output of(Table table, int maxRows) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("text/html", Html.of(table, maxRows));
    m.put("text/plain", TableExport.text(table, maxRows));
    return new Output(m);
  }

  /** A chart: its static PNG, the interactive figure (which holds the PNG until it draws) and a text line. */
  public static Output of(Chart chart) {
    Map<String, String> m = new LinkedHashMap<>();
    String png = Base64.getEncoder().encodeToString(chart.png());
    m.put("text/html", Html.of(chart, png));
    m.put("image/png", png);
    m.put("text/plain", "<figure: " + chart.title() + ">");
    return new Output(m);
  }

  /** A Tablesaw jsplot figure (interactive only). */
  public static Output of(Figure figure) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("text/html", Html.of(figure));
    m.put("text/plain", "<interactive figure: open the notebook trusted in Jupyter to see it>");
    return new Output(m);
  }
}
