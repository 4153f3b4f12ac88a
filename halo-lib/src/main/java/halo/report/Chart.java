package halo.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.ScatterTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * A small chart — scatter (optionally with the y = x line, as the paper's probability plots), lines
 * (densities, histograms as polylines), or grouped bars — rendered two ways from the same data: a
 * static PNG drawn with java.awt on a headless {@link BufferedImage}, and an interactive Tablesaw
 * jsplot {@link Figure} for HTML. Series names carry their statistics (e.g. "HALO (R² = 0.93)") into
 * the legend. Scatter plots with very many points are thinned for drawing (every k-th point, stated
 * in the subtitle); the data and the statistics are not affected.
 */
public final class Chart {
  /** Chart kinds. */
  public enum Kind { SCATTER, LINES, BARS }

  /** One data series; for bars, {@code x} holds category positions 0..n-1. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x vs " + y.length + " y");
    }
  }

  /** Most points drawn per series. */
  public static final int MAX_POINTS = 20_000;

  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
      new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

  private final Kind kind;
  private final String title, xLabel, yLabel;
  private final boolean identity;
  private final List<Series> series;
  private final List<String> categories;

  private Chart(Kind kind, String title, String xLabel, String yLabel, boolean identity, List<Series> series,
      List<String> categories) {
    if (series.isEmpty()) throw new IllegalArgumentException("chart '" + title + "' has no series");
    this.kind = kind;
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.identity = identity;
    this.series = List.copyOf(series);
    this.categories = List.copyOf(categories);
  }

  /** Scatter of y against x; {@code identity} draws the y = x line. */
  public static Chart scatter(String title, String xLabel, String yLabel, boolean identity, Series... series) {
    return new Chart(Kind.SCATTER, title, xLabel, yLabel, identity, List.of(series), List.of());
  }

  /** Polylines (points sorted by x as given). */
  public static Chart lines(String title, String xLabel, String yLabel, Series... series) {
    return new Chart(Kind.LINES, title, xLabel, yLabel, false, List.of(series), List.of());
  }

  /** Grouped bars: each series gives one value per category. */
  public static Chart bars(String title, String yLabel, List<String> categories, List<String> names, List<double[]> values) {
    List<Series> s = new ArrayList<>();
    double[] pos = new double[categories.size()];
    for (int i = 0; i < pos.length; i++) pos[i] = i;
    for (int k = 0; k < names.size(); k++) {
      if (values.get(k).length != categories.size()) {
        throw new IllegalArgumentException("bar series " + names.get(k) + " has " + values.get(k).length
            + " values for " + categories.size() + " categories");
      }
      s.add(new Series(names.get(k), pos, values.get(k)));
    }
    return new Chart(Kind.BARS, title, "", yLabel, false, s, categories);
  }

  public Kind kind() {
    return kind;
  }

  public String title() {
    return title;
  }

  // ---------------------------------------------------------------- interactive (plotly via Tablesaw)

  /** The interactive figure. */
  public Figure figure() {
    Layout layout = Layout.builder().title(title).xAxis(Axis.builder().title(xLabel).build())
        .yAxis(Axis.builder().title(yLabel).build()).barMode(Layout.BarMode.GROUP).build();
    List<Trace> traces = new ArrayList<>();
    for (Series s : series) {
      if (kind == Kind.BARS) {
        traces.add(BarTrace.builder(categories.toArray(), s.y()).name(s.name()).showLegend(true).build());
      } else {
        double[][] xy = thin(s);
        traces.add(ScatterTrace.builder(xy[0], xy[1]).name(s.name()).showLegend(true)
            .mode(kind == Kind.SCATTER ? ScatterTrace.Mode.MARKERS : ScatterTrace.Mode.LINE).build());
      }
    }
    if (identity) {
      double[] r = range();
      traces.add(ScatterTrace.builder(new double[] {r[0], r[1]}, new double[] {r[0], r[1]}).name("y = x")
          .mode(ScatterTrace.Mode.LINE).showLegend(true).build());
    }
    return new Figure(layout, traces.toArray(Trace[]::new));
  }

  /** Writes a standalone HTML page and its provenance sidecar. */
  public Path writeHtml(Path file, Provenance provenance) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, "<!-- " + String.join(" | ", provenance.headerLines("")).replace("--", "- -") + " -->\n"
        + Html.page(figure()));
    provenance.writeSidecar(file);
    return file;
  }

  // ---------------------------------------------------------------- static (java.awt)

  /** Writes a PNG (headless rendering) and its provenance sidecar. */
  public Path writePng(Path file, Provenance provenance) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(render(900, 650), "png", file.toFile());
    provenance.writeSidecar(file);
    return file;
  }

  /** Draws the chart on a new image. */
  public BufferedImage render(int width, int height) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int left = 80, right = 30, top = 60, bottom = 70;
      int pw = width - left - right, ph = height - top - bottom;
      double[] xr = kind == Kind.BARS ? new double[] {-0.5, categories.size() - 0.5} : range(true);
      double[] yr = kind == Kind.SCATTER && identity ? xr : range(false);
      if (kind == Kind.BARS) yr = new double[] {Math.min(0, yr[0]), Math.max(0, yr[1])};
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      drawCentered(g, title, left + pw / 2, 28);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      if (kind != Kind.BARS && series.stream().anyMatch(s -> s.x().length > MAX_POINTS)) {
        drawCentered(g, "(drawing at most " + MAX_POINTS + " points per series)", left + pw / 2, 46);
      }
      // axes and ticks
      g.setColor(new Color(0xdddddd));
      for (int i = 0; i <= 5; i++) {
        int y = top + ph - i * ph / 5;
        g.drawLine(left, y, left + pw, y);
      }
      g.setColor(Color.BLACK);
      g.drawRect(left, top, pw, ph);
      for (int i = 0; i <= 5; i++) {
        double v = yr[0] + i * (yr[1] - yr[0]) / 5;
        String s = fmt(v);
        int y = top + ph - i * ph / 5;
        g.drawString(s, left - 6 - g.getFontMetrics().stringWidth(s), y + 4);
      }
      if (kind == Kind.BARS) {
        for (int c = 0; c < categories.size(); c++) {
          int x = px(c, xr, left, pw);
          drawRotated(g, shorten(categories.get(c)), x, top + ph + 12);
        }
      } else {
        for (int i = 0; i <= 5; i++) {
          double v = xr[0] + i * (xr[1] - xr[0]) / 5;
          drawCentered(g, fmt(v), left + i * pw / 5, top + ph + 18);
        }
      }
      drawCentered(g, xLabel, left + pw / 2, height - 15);
      AffineTransform at = g.getTransform();
      g.rotate(-Math.PI / 2);
      drawCentered(g, yLabel, -(top + ph / 2), 18);
      g.setTransform(at);
      // data
      g.setClip(left, top, pw + 1, ph + 1);
      if (identity) {
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
        g.drawLine(px(xr[0], xr, left, pw), py(xr[0], yr, top, ph), px(xr[1], xr, left, pw), py(xr[1], yr, top, ph));
      }
      g.setStroke(new BasicStroke(2f));
      int n = series.size();
      for (int k = 0; k < n; k++) {
        Series s = series.get(k);
        g.setColor(PALETTE[k % PALETTE.length]);
        if (kind == Kind.BARS) {
          double slot = 0.8 / n;
          for (int c = 0; c < s.y().length; c++) {
            if (!Double.isFinite(s.y()[c])) continue;
            int x0 = px(c - 0.4 + k * slot, xr, left, pw), x1 = px(c - 0.4 + (k + 1) * slot, xr, left, pw);
            int y0 = py(0, yr, top, ph), y1 = py(s.y()[c], yr, top, ph);
            g.fillRect(x0, Math.min(y0, y1), Math.max(1, x1 - x0 - 1), Math.abs(y1 - y0));
          }
        } else {
          double[][] xy = thin(s);
          int prevX = Integer.MIN_VALUE, prevY = 0;
          for (int i = 0; i < xy[0].length; i++) {
            if (!Double.isFinite(xy[0][i]) || !Double.isFinite(xy[1][i])) {
              prevX = Integer.MIN_VALUE;
              continue;
            }
            int x = px(xy[0][i], xr, left, pw), y = py(xy[1][i], yr, top, ph);
            if (kind == Kind.SCATTER) g.fillOval(x - 3, y - 3, 6, 6);
            else if (prevX != Integer.MIN_VALUE) g.drawLine(prevX, prevY, x, y);
            prevX = x;
            prevY = y;
          }
        }
      }
      g.setClip(null);
      // legend
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      FontMetrics fm = g.getFontMetrics();
      int lw = series.stream().mapToInt(s -> fm.stringWidth(s.name())).max().orElse(0) + 36;
      List<String> names = new ArrayList<>(series.stream().map(Series::name).toList());
      if (identity) names.add("y = x");
      int lx = left + 10, ly = top + 10;
      g.setColor(new Color(255, 255, 255, 220));
      g.fillRect(lx, ly, Math.max(lw, fm.stringWidth("y = x") + 36), names.size() * 18 + 8);
      for (int k = 0; k < names.size(); k++) {
        g.setColor(k < series.size() ? PALETTE[k % PALETTE.length] : Color.GRAY);
        g.fillRect(lx + 6, ly + 8 + k * 18, 18, 8);
        g.setColor(Color.BLACK);
        g.drawString(names.get(k), lx + 30, ly + 17 + k * 18);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  private static double[][] thin(Series s) {
    int n = s.x().length;
    int step = Math.max(1, (n + MAX_POINTS - 1) / MAX_POINTS);
    if (step == 1) return new double[][] {s.x(), s.y()};
    int m = (n + step - 1) / step;
    double[] x = new double[m], y = new double[m];
    for (int i = 0, j = 0; i < n; i += step, j++) {
      x[j] = s.x()[i];
      y[j] = s.y()[i];
    }
    return new double[][] {x, y};
  }

  private double[] range() {
    double[] x = range(true), y = range(false);
    return new double[] {Math.min(x[0], y[0]), Math.max(x[1], y[1])};
  }

  private double[] range(boolean xAxis) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (double v : xAxis ? s.x() : s.y()) {
        if (Double.isFinite(v)) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    if (identity && kind == Kind.SCATTER && xAxis) {
      double[] other = range(false);
      lo = Math.min(lo, other[0]);
      hi = Math.max(hi, other[1]);
    }
    if (!Double.isFinite(lo)) return new double[] {0, 1};
    if (hi == lo) return new double[] {lo - 0.5, hi + 0.5};
    double pad = (hi - lo) * 0.03;
    return new double[] {lo - pad, hi + pad};
  }

  private static int px(double v, double[] r, int left, int w) {
    return left + (int) Math.round((v - r[0]) / (r[1] - r[0]) * w);
  }

  private static int py(double v, double[] r, int top, int h) {
    return top + h - (int) Math.round((v - r[0]) / (r[1] - r[0]) * h);
  }

  private static String fmt(double v) {
    double a = Math.abs(v);
    if (a != 0 && (a < 1e-3 || a >= 1e5)) return String.format(Locale.ROOT, "%.1e", v);
    return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 1 ? "%.2f" : "%.3f", v);
  }

  private static String shorten(String s) {
    return s.length() > 22 ? s.substring(0, 21) + "…" : s;
  }

  private static void drawCentered(Graphics2D g, String s, int x, int y) {
    g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, y);
  }

  private static void drawRotated(Graphics2D g, String s, int x, int y) {
    AffineTransform at = g.getTransform();
    g.translate(x, y);
    g.rotate(Math.PI / 6);
    g.drawString(s, 0, 0);
    g.setTransform(at);
  }
}
