package halo.experiment;

import halo.eval.Agreement;
import java.util.SplittableRandom;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Marker;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** Interactive figures shared by the experiments (Tablesaw jsplot). */
public final class Figures {
  private Figures() {}

  /** Points drawn at most in a scatter; beyond that a seeded sample keeps the HTML light. */
  public static final int MAX_POINTS = 4000;

  /**
   * Synthetic against real probabilities, one point per key, the y = x line, and R² in the title.
   * Large key sets are subsampled (seeded) for drawing; R² is computed on all keys.
   */
  public static Figure scatter(String title, double[] real, double[] synthetic) {
    double r2 = Agreement.r2(real, synthetic);
    int n = real.length;
    int[] idx = pick(n, MAX_POINTS);
    double[] x = new double[idx.length], y = new double[idx.length];
    double max = 0;
    for (int i = 0; i < idx.length; i++) {
      x[i] = real[idx[i]];
      y[i] = synthetic[idx[i]];
      max = Math.max(max, Math.max(x[i], y[i]));
    }
    ScatterTrace points = ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.MARKERS)
        .marker(Marker.builder().size(4).opacity(0.6).build()).name("keys").build();
    ScatterTrace diagonal = ScatterTrace.builder(new double[] {0, max}, new double[] {0, max})
        .mode(ScatterTrace.Mode.LINE).name("y = x").build();
    String shown = idx.length < n ? " (%,d of %,d keys shown)".formatted(idx.length, n) : "";
    Layout layout = Layout.builder("%s — R² = %.3f%s".formatted(title, r2, shown))
        .xAxis(Axis.builder().title("real").build())
        .yAxis(Axis.builder().title("synthetic").build())
        .width(560).height(460).build();
    return new Figure(layout, points, diagonal);
  }

  private static int[] pick(int n, int max) {
    if (n <= max) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) all[i] = i;
      return all;
    }
    // reservoir sample of indices, seeded, then sorted for stable output
    SplittableRandom r = new SplittableRandom(4);
    int[] res = new int[max];
    for (int i = 0; i < n; i++) {
      if (i < max) res[i] = i;
      else {
        int j = r.nextInt(i + 1);
        if (j < max) res[j] = i;
      }
    }
    java.util.Arrays.sort(res);
    return res;
  }
}
