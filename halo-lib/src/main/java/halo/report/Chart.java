package halo.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;

/**
 * A chart's data and how it is best read — scatter (optionally with the y = x line, as the paper's
 * probability plots), lines (densities, histograms), or grouped bars — drawn two ways from the same
 * decisions: a static PNG ({@link StaticChart}, XChart) and an interactive plotly.js figure
 * ({@link PlotlyFigure}).
 *
 * <p>The decisions: an axis is logarithmic when its positive values span at least two decades
 * ({@link #LOG_DECADES}); points at or below zero cannot sit on a log axis and are counted in the panel
 * title instead. When three or more series would overplot each other, each gets its own small panel
 * (as the paper's Fig. 3 does), with the reference series (a series named "real") drawn in every
 * panel, last and in black, so it is never hidden. Points that fall on the same cell of a grid about
 * a marker wide are drawn once ({@link #thinned}): a reader cannot tell them apart, and the notebook
 * stays small; at most {@link #MAX_POINTS} points are drawn per chart. The statistics in series names are computed
 * by the caller on all the data.
 */
public final class Chart {
  /** Chart kinds. */
  public enum Kind { SCATTER, LINES, BARS }

  /** One data series; for bars, {@code x} holds category positions 0..n-1. */
  public record Series(String name, double[] x, double[] y) {
    public Series {
      if (x.length != y.length) throw new IllegalArgumentException("series " + name + ": " + x.length + " x vs " + y.length + " y");
    }

    int size() {
      return x.length;
    }
  }

  /**
   * One small panel: its title, the series drawn in it (the reference last) and the axis ranges.
   * {@code hidden} counts the points left out because a log axis cannot show them (values ≤ 0).
   */
  public record Panel(String title, List<Series> series, boolean reference, Range x, Range y, int hidden) {}

  /** An axis: its data range (after padding) and whether it is logarithmic. */
  public record Range(double lo, double hi, boolean log) {}

  /** An axis is logarithmic when its positive values span at least this many decades. */
  public static final double LOG_DECADES = 2;

  /**
   * Cells per axis of the grid on which overlapping points are drawn once: about the size of a
   * marker in a one-panel chart (900 px) and in a small panel (400 px).
   */
  public static final int GRID = 200, PANEL_GRID = 100;

  /**
   * Most points drawn in one chart, over all its panels: when more cells are occupied, every k-th
   * occupied cell is kept (and the subtitle says so). Bounds a figure's size in a notebook.
   */
  public static final int MAX_POINTS = 2_400;

  /** The name a reference series carries (drawn in every panel). */
  public static final String REFERENCE = "real";

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

  /** Scatter of y against x; {@code identity} draws the y = x line (and gives both axes one range). */
  public static Chart scatter(String title, String xLabel, String yLabel, boolean identity, Series... series) {
    return new Chart(Kind.SCATTER, title, xLabel, yLabel, identity, List.of(series), List.of());
  }

  /** Polylines (points in the order given, usually sorted by x). */
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

  public String xLabel() {
    return xLabel;
  }

  public String yLabel() {
    return yLabel;
  }

  public boolean identity() {
    return identity;
  }

  public List<Series> series() {
    return series;
  }

  public List<String> categories() {
    return categories;
  }

  // ---------------------------------------------------------------- reading decisions

  /** The reference series (named "real") when there is one beside at least one other series. */
  Series reference() {
    if (kind == Kind.BARS || series.size() < 2) return null;
    return series.stream().filter(s -> s.name().equalsIgnoreCase(REFERENCE)).findFirst().orElse(null);
  }

  /** The colour index of a series: its place among the series other than the reference. */
  int colour(Series s) {
    Series ref = reference();
    int i = 0;
    for (Series t : series) {
      if (t == s) return i;
      if (t != ref) i++;
    }
    return 0;
  }

  /** The panels to draw: one per non-reference series when three or more would overplot, else one. */
  public List<Panel> panels() {
    Series ref = reference();
    List<Series> own = series.stream().filter(s -> s != ref).toList();
    Range xr, yr;
    if (kind == Kind.BARS) {
      xr = new Range(-0.5, categories.size() - 0.5, false);
      yr = pad(fit(series, false), 0.05, true);
    } else if (identity) {
      // one range for both axes, so that y = x is the diagonal: fitted to the x and the y values together
      List<Series> both = new ArrayList<>();
      for (Series s : series) {
        both.add(new Series(s.name(), s.x(), s.x()));
        both.add(new Series(s.name(), s.y(), s.y()));
      }
      xr = fit(both, true);
      yr = xr;
    } else {
      xr = fit(series, true);
      yr = fit(series, false);
    }
    List<Panel> panels = new ArrayList<>();
    if (kind == Kind.BARS || own.size() < 3) {
      List<Series> drawn = new ArrayList<>(own);
      if (ref != null) drawn.add(ref);
      panels.add(new Panel("", drawn, ref != null, xr, yr, hidden(drawn, xr, yr)));
    } else {
      for (Series s : own) {
        List<Series> drawn = ref == null ? List.of(s) : List.of(s, ref);
        panels.add(new Panel(s.name(), drawn, ref != null, xr, yr, hidden(drawn, xr, yr)));
      }
    }
    return panels;
  }

  /**
   * The range of the x or y values of {@code ss}: logarithmic when the positive values span at least
   * {@link #LOG_DECADES} decades (then from the decade below the smallest positive value to the decade
   * above the largest), else linear with a small margin (not below 0 for data that are not).
   */
  static Range fit(List<Series> ss, boolean xAxis) {
    double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY, minPositive = Double.POSITIVE_INFINITY;
    for (Series s : ss) {
      for (double v : xAxis ? s.x() : s.y()) {
        if (!Double.isFinite(v)) continue;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        if (v > 0) minPositive = Math.min(minPositive, v);
      }
    }
    if (!Double.isFinite(lo)) return new Range(0, 1, false);
    if (hi > 0 && Double.isFinite(minPositive) && Math.log10(hi / minPositive) >= LOG_DECADES) {
      return new Range(Math.pow(10, Math.floor(Math.log10(minPositive))), Math.pow(10, Math.ceil(Math.log10(hi))), true);
    }
    return pad(new Range(lo, hi, false), 0.04, false);
  }

  private static Range pad(Range r, double share, boolean fromZero) {
    double lo = fromZero ? Math.min(0, r.lo()) : r.lo(), hi = fromZero ? Math.max(0, r.hi()) : r.hi();
    if (hi == lo) return new Range(lo - 0.5, hi + 0.5, false);
    double p = (hi - lo) * share;
    return new Range(lo >= 0 && lo - p < 0 ? 0 : lo - p, hi + p, false);
  }

  private static int hidden(List<Series> ss, Range xr, Range yr) {
    int n = 0;
    for (Series s : ss) {
      for (int i = 0; i < s.size(); i++) if (!drawable(s.x()[i], xr) || !drawable(s.y()[i], yr)) n++;
    }
    return n;
  }

  static boolean drawable(double v, Range r) {
    return Double.isFinite(v) && (!r.log() || v > 0);
  }

  /**
   * The points of {@code s} worth drawing: those a log axis can show, and for scatter plots one point
   * per occupied grid cell (the others would be drawn on top of it), and of those every
   * {@link #sampleStep()}-th. Lines keep every point.
   */
  double[][] thinned(Series s, Range xr, Range yr) {
    double[][] xy = distinct(s, xr, yr);
    int step = sampleStep();
    if (step == 1) return xy;
    int k = (xy[0].length + step - 1) / step;
    double[] x = new double[k], y = new double[k];
    for (int i = 0, j = 0; i < xy[0].length; i += step, j++) {
      x[j] = xy[0][i];
      y[j] = xy[1][i];
    }
    return new double[][] {x, y};
  }

  private int step;

  /**
   * 1, or k when the distinct points of all panels together exceed {@link #MAX_POINTS}: then every
   * k-th point of every series is drawn, the same share of each, so that densities stay comparable.
   */
  int sampleStep() {
    if (step > 0) return step;
    int total = 0;
    if (kind == Kind.SCATTER) {
      for (Panel p : panels()) for (Series s : p.series()) total += distinct(s, p.x(), p.y())[0].length;
    }
    step = Math.max(1, (total + MAX_POINTS - 1) / MAX_POINTS);
    return step;
  }

  /** The drawable points of {@code s}, for scatter plots one per occupied grid cell. */
  private double[][] distinct(Series s, Range xr, Range yr) {
    int n = s.size(), grid = series.size() - (reference() == null ? 0 : 1) >= 3 ? PANEL_GRID : GRID;
    double[] x = new double[n], y = new double[n];
    int m = 0;
    BitSet seen = new BitSet(grid * grid);
    for (int i = 0; i < n; i++) {
      double a = s.x()[i], b = s.y()[i];
      if (!drawable(a, xr) || !drawable(b, yr)) continue;
      if (kind == Kind.SCATTER) {
        int cell = cell(a, xr, grid) * grid + cell(b, yr, grid);
        if (seen.get(cell)) continue;
        seen.set(cell);
      }
      x[m] = a;
      y[m] = b;
      m++;
    }
    return new double[][] {Arrays.copyOf(x, m), Arrays.copyOf(y, m)};
  }

  private static int cell(double v, Range r, int grid) {
    double f = r.log() ? (Math.log10(v) - Math.log10(r.lo())) / (Math.log10(r.hi()) - Math.log10(r.lo()))
        : (v - r.lo()) / (r.hi() - r.lo());
    return (int) Math.max(0, Math.min(grid - 1, Math.floor(f * grid)));
  }

  /** A note under the title: points a log axis cannot show, and how many points were drawn once. */
  String note(Panel p) {
    List<String> parts = new ArrayList<>();
    if (p.hidden() > 0) parts.add(String.format(Locale.ROOT, "%,d points at 0 not shown on the log scale", p.hidden()));
    return String.join("; ", parts);
  }

  // ---------------------------------------------------------------- files

  /** The static image as PNG bytes ({@link StaticChart}). */
  public byte[] png() {
    return StaticChart.png(this);
  }

  /** Writes the static PNG and its provenance sidecar. */
  public Path writePng(Path file, Provenance provenance) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.write(file, png());
    provenance.writeSidecar(file);
    return file;
  }

  /**
   * Writes a standalone interactive page and its provenance sidecar. The page loads plotly.js from
   * {@code plotlyJs} (a path relative to the page, see {@link PlotlyJs#copyBeside}); without it, it
   * says so and links the static PNG {@code pngName}.
   */
  public Path writeHtml(Path file, Provenance provenance, String plotlyJs, String pngName) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, Html.page(this, provenance, plotlyJs, pngName));
    provenance.writeSidecar(file);
    return file;
  }
}
