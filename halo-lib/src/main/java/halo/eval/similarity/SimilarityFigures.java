package halo.eval.similarity;

import halo.eval.Agreement;
import halo.eval.similarity.CodeStatistics.Statistic;
import halo.report.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The paper's Fig. 3 style charts: synthetic against real probability, y = x line, R² in the legend. */
public final class SimilarityFigures {
  private SimilarityFigures() {}

  /** One scatter per statistic; one series per synthetic source, named "source (R² = …)". */
  public static Chart scatter(Statistic s, CodeStatistics real, Map<String, CodeStatistics> synthetic) {
    List<Chart.Series> series = new ArrayList<>();
    synthetic.forEach((name, syn) -> {
      Similarity.Aligned a = Similarity.align(real, syn, s);
      String label = String.format(Locale.ROOT, "%s (R² = %.3f)", name, Agreement.r2(a.real(), a.synthetic()));
      series.add(new Chart.Series(label, a.real(), a.synthetic()));
    });
    return Chart.scatter(s.label() + " probability", "real", "synthetic", true, series.toArray(Chart.Series[]::new));
  }
}
