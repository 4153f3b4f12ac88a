package halo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The chart decisions (log axes, fitted ranges, panels, thinning) and their two renderings. Sample
 * PNGs are written to build/figure-samples/ for a person to look at.
 */
class ChartTest {
  static final String[] MODELS = {"halo", "coarse", "lstm", "gpt", "eva", "synteg"};

  /** Code probabilities as in Fig. 3: real p spread over 4 decades, each model noisier than the last. */
  static Chart probabilities(int codes) {
    Random rnd = new Random(4);
    double[] real = new double[codes];
    for (int i = 0; i < codes; i++) real[i] = Math.pow(10, -4 + 3.5 * rnd.nextDouble());
    List<Chart.Series> s = new ArrayList<>();
    for (int k = 0; k < MODELS.length; k++) {
      double[] syn = new double[codes];
      for (int i = 0; i < codes; i++) {
        syn[i] = i % 50 == 0 ? 0 : real[i] * Math.exp(rnd.nextGaussian() * 0.15 * (k + 1));
      }
      s.add(new Chart.Series(MODELS[k] + " (R² = 0.9" + k + ")", real, syn));
    }
    return Chart.scatter("Per-visit code probability", "real", "synthetic", true, s.toArray(Chart.Series[]::new));
  }

  static BufferedImage decode(byte[] png) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  static int pixels(BufferedImage img, Color c, int x0, int y0, int w, int h) {
    int n = 0;
    for (int x = x0; x < x0 + w; x++) {
      for (int y = y0; y < y0 + h; y++) {
        int rgb = img.getRGB(x, y);
        if (Math.abs(((rgb >> 16) & 255) - c.getRed()) < 40 && Math.abs(((rgb >> 8) & 255) - c.getGreen()) < 40
            && Math.abs((rgb & 255) - c.getBlue()) < 40) n++;
      }
    }
    return n;
  }

  static void sample(Chart c, String name) throws Exception {
    Path dir = halo.Halo.root().resolve("build/figure-samples");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), c.png());
  }

  @Test
  void givenProbabilitiesSpanningDecadesWhenChartedThenLogAxesFittedToTheDataAndOnePanelPerModel() throws Exception {
    Chart c = probabilities(900);
    List<Chart.Panel> panels = c.panels();
    assertEquals(6, panels.size(), "six models: six panels");
    Chart.Panel p = panels.get(0);
    assertTrue(p.x().log() && p.y().log(), "4 decades: log axes");
    // one range for x and y: from the decade below the smallest positive value to the decade above the largest
    double min = Double.MAX_VALUE, max = 0;
    for (Chart.Series s : c.series()) {
      for (double v : s.x()) if (v > 0) { min = Math.min(min, v); max = Math.max(max, v); }
      for (double v : s.y()) if (v > 0) { min = Math.min(min, v); max = Math.max(max, v); }
    }
    assertEquals(Math.pow(10, Math.floor(Math.log10(min))), p.x().lo(), 1e-15);
    assertEquals(Math.pow(10, Math.ceil(Math.log10(max))), p.x().hi(), 1e-12);
    assertEquals(p.x(), p.y(), "y = x is the diagonal");
    assertEquals(18, p.hidden(), "every 50th synthetic probability is 0 and cannot sit on a log axis");
    BufferedImage img = decode(c.png());
    assertEquals(3 * StaticChart.PANEL_WIDTH, img.getWidth());
    assertEquals(StaticChart.TITLE + 2 * StaticChart.PANEL_HEIGHT, img.getHeight());
    for (int k = 0; k < 6; k++) {
      int x0 = (k % 3) * StaticChart.PANEL_WIDTH, y0 = StaticChart.TITLE + (k / 3) * StaticChart.PANEL_HEIGHT;
      int drawn = pixels(img, StaticChart.PALETTE[k], x0, y0, StaticChart.PANEL_WIDTH, StaticChart.PANEL_HEIGHT);
      assertTrue(drawn > 500, MODELS[k] + "'s points are drawn in its own panel: " + drawn + " pixels");
    }
    sample(c, "probabilities-six-models");
  }

  @Test
  void givenSmallLinearProbabilitiesWhenChartedThenTheAxesHugTheDataNotTheUnitSquare() {
    // the case: data in 0..0.15 drawn in a -0.06..1.02 square
    Chart c = Chart.scatter("bigram", "real", "synthetic", true,
        new Chart.Series("halo", new double[] {0, 0.02, 0.05, 0.15}, new double[] {0.01, 0.03, 0.04, 0.14}));
    Chart.Panel p = c.panels().get(0);
    assertFalse(p.x().log(), "values do not span two decades here (0.01..0.15 with zeros)");
    assertEquals(0, p.x().lo(), 1e-12, "non-negative data: the axis starts at 0, not below");
    assertTrue(p.x().hi() > 0.15 && p.x().hi() < 0.17, "the axis ends just above the largest value: " + p.x().hi());
  }

  @Test
  void givenManyOverlappingPointsWhenThinnedThenEachScreenCellIsDrawnOnceAndAllPointsAreReal() {
    int n = 200_000;
    double[] x = new double[n], y = new double[n];
    Random rnd = new Random(1);
    for (int i = 0; i < n; i++) {
      x[i] = rnd.nextDouble();
      y[i] = x[i] + rnd.nextGaussian() * 0.01;
    }
    Chart.Series s = new Chart.Series("a", x, y);
    Chart c = Chart.scatter("t", "x", "y", true, s);
    Chart.Panel p = c.panels().get(0);
    double[][] t = c.thinned(s, p.x(), p.y());
    assertTrue(t[0].length <= Chart.MAX_POINTS && t[0].length > 1000, "kept " + t[0].length);
    for (int i = 0; i < t[0].length; i += 97) assertEquals(t[1][i] - t[0][i], t[1][i] - t[0][i]); // finite
    JsonNode fig = PlotlyFigure.of(c);
    assertEquals(t[0].length, fig.get("data").get(1).get("x").size(), "the interactive figure draws the same points");
    assertTrue(PlotlyFigure.json(fig).length() < 150_000, "figure JSON " + PlotlyFigure.json(fig).length() + " chars");
  }

  @Test
  void givenAGapDensityWithTheRealSeriesAndSixModelsThenEveryPanelShowsTheRealSeriesInBlack() throws Exception {
    // bucket middles from 0.5 to 11,600 days; densities from 0.3 down to 1e-6
    double[] mid = {0.5, 3, 10, 21, 45, 90, 180, 270, 360, 11_600};
    double[] real = {0.3, 0.05, 0.02, 0.01, 0.004, 0.002, 0.001, 0.0008, 0.0005, 1e-6};
    List<Chart.Series> s = new ArrayList<>(List.of(new Chart.Series("real", mid, real)));
    for (int k = 0; k < 6; k++) {
      double[] syn = new double[mid.length];
      for (int i = 0; i < mid.length; i++) syn[i] = real[i] * (1 + 0.2 * (k - 2.5) * (i % 3 - 1));
      s.add(new Chart.Series(MODELS[k], mid, syn));
    }
    Chart c = Chart.lines("Density of days between visits", "days", "density", s.toArray(Chart.Series[]::new));
    List<Chart.Panel> panels = c.panels();
    assertEquals(6, panels.size());
    assertTrue(panels.get(0).x().log() && panels.get(0).y().log(), "days and densities span decades");
    assertEquals("real", panels.get(3).series().get(1).name(), "the real series is drawn last in every panel");
    BufferedImage img = decode(c.png());
    for (int k = 0; k < 6; k++) {
      int x0 = (k % 3) * StaticChart.PANEL_WIDTH, y0 = StaticChart.TITLE + (k / 3) * StaticChart.PANEL_HEIGHT;
      assertTrue(pixels(img, Color.BLACK, x0 + 60, y0 + 40, StaticChart.PANEL_WIDTH - 80, StaticChart.PANEL_HEIGHT - 90) > 100,
          "the real series is visible in panel " + k);
    }
    sample(c, "gap-density-six-models");
  }

  @Test
  void givenBarsAndASingleLineThenOnePanelEach() throws Exception {
    Chart bars = Chart.bars("Phenotyping AUROC", "AUROC", List.of("diabetes", "hypertension"), List.of("real", "halo"),
        List.of(new double[] {0.9, 0.8}, new double[] {0.85, 0.7}));
    assertEquals(1, bars.panels().size());
    assertEquals(0, bars.panels().get(0).y().lo(), 1e-12, "bars start at 0");
    BufferedImage img = decode(bars.png());
    assertTrue(pixels(img, StaticChart.PALETTE[0], 0, 0, img.getWidth(), img.getHeight()) > 2000, "bars drawn");
    sample(bars, "bars");
    double[] x = new double[47], y = new double[47];
    for (int i = 0; i < 47; i++) {
      x[i] = i;
      y[i] = 3000 * Math.exp(-i / 8.0);
    }
    Chart visits = Chart.lines("Visits per record", "visits", "records", new Chart.Series("records", x, y));
    assertEquals(1, visits.panels().size());
    assertFalse(visits.panels().get(0).x().log(), "visit counts 0..46 stay linear");
    sample(visits, "visits-per-record");
  }

  @Test
  void givenTheWorstCaseOfSixModelsFillingEveryCellWhenShownInANotebookThenTheOutputStaysWithinItsBudget() {
    // 200,000 uniformly spread points per model occupy every grid cell: the most a figure can hold
    Random rnd = new Random(2);
    List<Chart.Series> s = new ArrayList<>();
    for (int k = 0; k < 6; k++) {
      double[] x = new double[200_000], y = new double[200_000];
      for (int i = 0; i < x.length; i++) {
        x[i] = Math.pow(10, -5 * rnd.nextDouble());
        y[i] = Math.pow(10, -5 * rnd.nextDouble());
      }
      s.add(new Chart.Series(MODELS[k], x, y));
    }
    Chart c = Chart.scatter("worst case", "real", "synthetic", true, s.toArray(Chart.Series[]::new));
    assertTrue(c.sampleStep() > 1);
    var bundle = Output.of(c).bundle();
    int bytes = bundle.values().stream().mapToInt(String::length).sum();
    System.out.println("worst case: png " + bundle.get("image/png").length() + " html " + bundle.get("text/html").length());
    // notebook 03 shows three such figures, notebook 06 four: at most 300 KB each keeps them under 1 MB
    assertTrue(bytes < 300_000, "one figure output: " + bytes + " bytes");
  }

  @Test
  void givenTickValuesThenLabelsAreRoundNumbers() {
    assertEquals("0.05", StaticChart.tick(0.05000000001));
    assertEquals("1e-4", StaticChart.tick(1e-4));
    assertEquals("200", StaticChart.tick(200.0));
    assertEquals("0.156", StaticChart.tick(0.156));
  }
}
