package halo.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.Color;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The interactive rendering of a {@link Chart}: a plotly.js figure ({@code {data, layout}} as JSON)
 * with the same panels, log axes and ranges as the static image. Coordinates keep four significant
 * digits (more than a screen can show) and overlapping scatter points are drawn once, which keeps the
 * figure small enough for a notebook.
 */
final class PlotlyFigure {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MathContext DIGITS = new MathContext(4);

  private PlotlyFigure() {}

  /** The figure as a JSON object with {@code data} and {@code layout}. */
  static ObjectNode of(Chart chart) {
    List<Chart.Panel> panels = chart.panels();
    boolean single = panels.size() == 1;
    int cols = single ? 1 : Math.min(StaticChart.COLUMNS, panels.size()), rows = (panels.size() + cols - 1) / cols;
    ObjectNode fig = JSON.createObjectNode();
    ArrayNode data = fig.putArray("data");
    ObjectNode layout = fig.putObject("layout");
    layout.putObject("title").put("text", chart.title());
    layout.put("height", single ? 520 : 120 + rows * 300);
    layout.putObject("margin").put("t", 80).put("l", 60).put("r", 20).put("b", 50);
    layout.put("hovermode", "closest");
    ArrayNode notes = layout.putArray("annotations");
    if (chart.kind() == Chart.Kind.BARS) {
      layout.put("barmode", "group");
      int k = 0;
      for (Chart.Series s : chart.series()) {
        ObjectNode t = data.addObject().put("type", "bar").put("name", s.name());
        ArrayNode x = t.putArray("x"), y = t.putArray("y");
        chart.categories().forEach(x::add);
        for (double v : s.y()) number(y, v);
        t.putObject("marker").put("color", css(StaticChart.PALETTE[k++ % StaticChart.PALETTE.length]));
      }
      layout.putObject("yaxis").putObject("title").put("text", chart.yLabel());
      return fig;
    }
    if (!single) layout.putObject("grid").put("rows", rows).put("columns", cols).put("pattern", "independent");
    Set<String> inLegend = new HashSet<>();
    for (int i = 0; i < panels.size(); i++) {
      Chart.Panel p = panels.get(i);
      String suffix = i == 0 ? "" : Integer.toString(i + 1);
      axis(layout.putObject("xaxis" + suffix), p.x(), i / cols == rows - 1 || single ? chart.xLabel() : null);
      axis(layout.putObject("yaxis" + suffix), p.y(), i % cols == 0 ? chart.yLabel() : null);
      if (!single) {
        notes.addObject().put("text", "<b>" + Html.escape(p.title()) + "</b>").put("showarrow", false)
            .put("xref", "x" + suffix + " domain").put("yref", "y" + suffix + " domain").put("x", 0.5).put("y", 1.0)
            .put("xanchor", "center").put("yanchor", "bottom");
      }
      if (chart.identity()) {
        ObjectNode id = trace(data, "y = x", "x" + suffix, "y" + suffix, inLegend);
        id.put("mode", "lines").put("hoverinfo", "skip");
        id.putObject("line").put("color", css(StaticChart.IDENTITY)).put("dash", "dash").put("width", 1.3);
        number(number(id.putArray("x"), p.x().lo()), p.x().hi());
        number(number(id.putArray("y"), p.x().lo()), p.x().hi());
      }
      for (Chart.Series s : p.series()) {
        boolean ref = p.reference() && s.name().equalsIgnoreCase(Chart.REFERENCE);
        Color color = ref ? StaticChart.REFERENCE : StaticChart.PALETTE[chart.colour(s) % StaticChart.PALETTE.length];
        ObjectNode t = trace(data, s.name(), "x" + suffix, "y" + suffix, inLegend);
        double[][] xy = chart.thinned(s, p.x(), p.y());
        ArrayNode x = t.putArray("x"), y = t.putArray("y");
        for (int j = 0; j < xy[0].length; j++) {
          number(x, xy[0][j]);
          number(y, xy[1][j]);
        }
        if (chart.kind() == Chart.Kind.SCATTER) {
          t.put("mode", "markers");
          t.putObject("marker").put("color", css(color)).put("size", 5).put("opacity", 0.7);
        } else {
          t.put("mode", "lines");
          t.putObject("line").put("color", css(color)).put("width", ref ? 2.6 : 1.8);
        }
      }
    }
    return fig;
  }

  private static ObjectNode trace(ArrayNode data, String name, String xaxis, String yaxis, Set<String> inLegend) {
    ObjectNode t = data.addObject().put("type", "scatter").put("name", name).put("legendgroup", name);
    t.put("showlegend", inLegend.add(name));
    if (!xaxis.equals("x")) t.put("xaxis", xaxis).put("yaxis", yaxis);
    return t;
  }

  private static void axis(ObjectNode a, Chart.Range r, String title) {
    a.put("type", r.log() ? "log" : "linear");
    ArrayNode range = a.putArray("range");
    if (r.log()) {
      range.add(Math.log10(r.lo())).add(Math.log10(r.hi()));
      a.put("dtick", 1).put("exponentformat", "power"); // one label per decade, as 10⁻⁴ rather than 100µ
    } else {
      number(number(range, r.lo()), r.hi());
    }
    if (title != null) a.putObject("title").put("text", title);
    a.put("zeroline", false);
  }

  /** Appends {@code v} rounded to four significant digits (null for NaN and infinities). */
  static ArrayNode number(ArrayNode a, double v) {
    if (!Double.isFinite(v)) return a.addNull();
    if (v == 0) return a.add(0);
    return a.add(new BigDecimal(v).round(DIGITS).stripTrailingZeros());
  }

  private static String css(Color c) {
    return String.format("#%06x", c.getRGB() & 0xffffff);
  }

  /** The figure's JSON text, safe to place inside a {@code <script>} element. */
  static String json(JsonNode fig) {
    try {
      return JSON.writeValueAsString(fig).replace("</", "<\\/");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
