package halo.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The static rendering of a {@link Chart}, drawn with XChart: one XChart per panel, laid out in a grid
 * under the chart's title. Used for results/*.png and for the {@code image/png} part of notebook
 * outputs (what untrusted notebooks, GitHub and nbviewer show).
 */
final class StaticChart {
  private StaticChart() {}

  /** Matplotlib's "tab10" colours: distinguishable, and the same model keeps its colour in every figure. */
  static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22)};
  static final Color REFERENCE = Color.BLACK, IDENTITY = new Color(0x888888);

  /** Size of a chart with one panel, and of each small panel. */
  static final int WIDTH = 900, HEIGHT = 560, PANEL_WIDTH = 380, PANEL_HEIGHT = 300, TITLE = 54, COLUMNS = 3;

  static byte[] png(Chart chart) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(indexed(render(chart)), "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The image with a palette of its 256 most frequent colours (a chart has few: white, greys, the
   * series colours and their anti-aliased blends), other colours mapped to the nearest of them. An
   * 8-bit PNG is about a third of the size of a 24-bit one, which keeps notebooks small.
   */
  static BufferedImage indexed(BufferedImage img) {
    int w = img.getWidth(), h = img.getHeight();
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int v : rgb) counts.merge(v & 0xffffff, 1, Integer::sum);
    int[] palette = counts.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(256)
        .mapToInt(Map.Entry::getKey).toArray();
    byte[] r = new byte[palette.length], g = new byte[palette.length], b = new byte[palette.length];
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < palette.length; i++) {
      r[i] = (byte) (palette[i] >> 16);
      g[i] = (byte) (palette[i] >> 8);
      b[i] = (byte) palette[i];
      index.put(palette[i], i);
    }
    int bits = palette.length <= 2 ? 1 : palette.length <= 4 ? 2 : palette.length <= 16 ? 4 : 8;
    var model = new IndexColorModel(bits, palette.length, r, g, b);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_INDEXED, model);
    var raster = out.getRaster();
    for (int i = 0; i < rgb.length; i++) {
      int c = rgb[i] & 0xffffff;
      raster.setSample(i % w, i / w, 0, index.computeIfAbsent(c, k -> nearest(k, palette)));
    }
    return out;
  }

  private static int nearest(int c, int[] palette) {
    int best = 0;
    long bestD = Long.MAX_VALUE;
    for (int i = 0; i < palette.length; i++) {
      int dr = ((c >> 16) & 255) - ((palette[i] >> 16) & 255), dg = ((c >> 8) & 255) - ((palette[i] >> 8) & 255),
          db = (c & 255) - (palette[i] & 255);
      long d = (long) dr * dr + (long) dg * dg + (long) db * db;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  static BufferedImage render(Chart chart) {
    System.setProperty("java.awt.headless", "true");
    List<Chart.Panel> panels = chart.panels();
    boolean single = panels.size() == 1;
    int cols = single ? 1 : Math.min(COLUMNS, panels.size()), rows = (panels.size() + cols - 1) / cols;
    int pw = single ? WIDTH : PANEL_WIDTH, ph = single ? HEIGHT : PANEL_HEIGHT;
    int width = cols * pw, height = TITLE + rows * ph;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
      centered(g, chart.title(), width / 2, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      centered(g, subtitle(chart, panels), width / 2, 44);
      for (int i = 0; i < panels.size(); i++) {
        Graphics2D pg = (Graphics2D) g.create((i % cols) * pw, TITLE + (i / cols) * ph, pw, ph);
        try {
          Chart.Panel p = panels.get(i);
          if (chart.kind() == Chart.Kind.BARS) bars(chart, pw, ph).paint(pg, pw, ph);
          else xy(chart, p, single, pw, ph).paint(pg, pw, ph);
        } finally {
          pg.dispose();
        }
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  /** What the panels share, said once under the title. */
  static String subtitle(Chart chart, List<Chart.Panel> panels) {
    List<String> parts = new ArrayList<>();
    if (panels.size() > 1) parts.add("one panel per source");
    if (panels.get(0).reference()) parts.add("black: " + Chart.REFERENCE + " data");
    if (chart.identity()) parts.add("dashed: y = x");
    int hidden = panels.stream().mapToInt(Chart.Panel::hidden).max().orElse(0);
    if (hidden > 0) parts.add("values of 0 are not shown on log axes");
    if (chart.kind() == Chart.Kind.SCATTER) parts.add(chart.sampleStep() > 1 ? "1 in " + chart.sampleStep() + " distinct points drawn" : "overlapping points drawn once");
    return String.join("; ", parts);
  }

  private static XYChart xy(Chart chart, Chart.Panel p, boolean single, int w, int h) {
    XYChart c = new XYChartBuilder().width(w).height(h).title(p.title()).xAxisTitle(chart.xLabel())
        .yAxisTitle(chart.yLabel()).build();
    style(c.getStyler(), single);
    var st = c.getStyler();
    st.setXAxisLogarithmic(p.x().log()).setYAxisLogarithmic(p.y().log());
    st.setXAxisMin(p.x().lo()).setXAxisMax(p.x().hi()).setYAxisMin(p.y().lo()).setYAxisMax(p.y().hi());
    if (!p.x().log()) st.setxAxisTickLabelsFormattingFunction(StaticChart::tick);
    if (!p.y().log()) st.setyAxisTickLabelsFormattingFunction(StaticChart::tick);
    st.setMarkerSize(chart.kind() == Chart.Kind.SCATTER ? 5 : 0);
    st.setLegendVisible(single && chart.series().size() > 1);
    if (chart.identity()) {
      XYSeries id = c.addSeries("y = x", new double[] {p.x().lo(), p.x().hi()}, new double[] {p.x().lo(), p.x().hi()});
      id.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      id.setMarker(SeriesMarkers.NONE);
      id.setLineColor(IDENTITY);
      id.setLineStyle(new BasicStroke(1.3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
      id.setShowInLegend(false);
    }
    for (Chart.Series s : p.series()) {
      double[][] xy = chart.thinned(s, p.x(), p.y());
      if (xy[0].length == 0) continue;
      boolean ref = p.reference() && s.name().equalsIgnoreCase(Chart.REFERENCE);
      Color color = ref ? REFERENCE : PALETTE[chart.colour(s) % PALETTE.length];
      XYSeries xs = c.addSeries(s.name(), xy[0], xy[1]);
      if (chart.kind() == Chart.Kind.SCATTER) {
        xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        xs.setMarker(SeriesMarkers.CIRCLE);
        xs.setMarkerColor(color);
      } else {
        xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        xs.setMarker(SeriesMarkers.NONE);
        xs.setLineColor(color);
        xs.setLineStyle(new BasicStroke(ref ? 2.6f : 1.8f));
      }
    }
    return c;
  }

  private static CategoryChart bars(Chart chart, int w, int h) {
    CategoryChart c = new CategoryChartBuilder().width(w).height(h).title("").yAxisTitle(chart.yLabel()).build();
    style(c.getStyler(), true);
    c.getStyler().setLegendVisible(chart.series().size() > 1);
    c.getStyler().setOverlapped(false);
    c.getStyler().setyAxisTickLabelsFormattingFunction(StaticChart::tick);
    if (chart.categories().size() > 6) c.getStyler().setXAxisLabelRotation(35);
    int k = 0;
    for (Chart.Series s : chart.series()) {
      List<Double> y = new ArrayList<>();
      for (double v : s.y()) y.add(Double.isFinite(v) ? v : 0.0);
      var cs = c.addSeries(s.name(), chart.categories(), y);
      cs.setFillColor(PALETTE[k++ % PALETTE.length]);
    }
    return c;
  }

  private static void style(Styler st, boolean single) {
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderColor(new Color(0x999999));
    st.setChartTitleBoxBackgroundColor(Color.WHITE);
    st.setChartTitleBoxBorderColor(Color.WHITE);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, single ? 14 : 13));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    st.setLegendPosition(Styler.LegendPosition.InsideNW);
    st.setLegendBorderColor(new Color(0xcccccc));
    st.setChartPadding(8);
    if (st instanceof org.knowm.xchart.style.AxesChartStyler a) {
      a.setPlotGridLinesVisible(false); // a log axis would draw a line at every minor tick
      a.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
      a.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }
  }

  /** A tick label: a round number as people write it (0.05, 200, 1e-4), never 0.15600000001. */
  static String tick(Double v) {
    if (v == null || !Double.isFinite(v)) return "";
    double a = Math.abs(v);
    if (a == 0) return "0";
    if (a < 1e-3 || a >= 1e6) {
      int e = (int) Math.floor(Math.log10(a));
      double m = v / Math.pow(10, e);
      String ms = new BigDecimal(m).round(new MathContext(2)).stripTrailingZeros().toPlainString();
      return ("1".equals(ms) ? "" : "-1".equals(ms) ? "-" : ms + "×") + "1e" + e;
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  private static void centered(Graphics2D g, String s, int x, int y) {
    g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
  }
}
