package halo.experiment;

import halo.data.EncodedCohort;
import halo.eval.continuous.ContinuousVariables;
import halo.model.ModelKind;
import halo.report.Chart;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Paper Fig. 4: continuous variables — the density of days between visits, the mean gap by visit
 * number, each lab's presence probability and mean value (each with R²) and a per-lab Wasserstein
 * distance, for each model's synthetic cohort against the real training records. Both sides are
 * decoded from bucket codes by a uniform draw inside the bucket (protocol Part A §8).
 */
public final class Continuous {
  public static final String ID = "06-continuous-variables";
  public static final List<ModelKind> MODELS = Models.ALL;

  private Continuous() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    var v = wb.dataset().vocabulary();
    EncodedCohort real = wb.dataset().train();
    Table summary = null, labs = null;
    List<Chart.Series> density = new ArrayList<>(), byVisit = new ArrayList<>(), presence = new ArrayList<>(), means = new ArrayList<>();
    for (ModelKind k : MODELS) {
      var r = ContinuousVariables.standard().of(k.id(), v, real, Models.synthetic(wb, k, log), Workbench.SEED);
      summary = StatisticalSimilarity.append(summary, r.summary());
      Table perLab = r.perLab().copy();
      perLab.insertColumn(0, tech.tablesaw.api.StringColumn.create("source", java.util.Collections.nCopies(perLab.rowCount(), k.id())));
      labs = StatisticalSimilarity.append(labs, perLab);
      if (density.isEmpty()) {
        density.add(new Chart.Series("real", centres(r.gapDensity()), r.gapDensity().doubleColumn("real_density").asDoubleArray()));
        byVisit.add(series("real", r.gapByVisit(), "visit_number", "real_mean"));
      }
      density.add(new Chart.Series(k.id(), centres(r.gapDensity()), r.gapDensity().doubleColumn("synthetic_density").asDoubleArray()));
      byVisit.add(series(k.id(), r.gapByVisit(), "visit_number", "synthetic_mean"));
      presence.add(series(k.id(), r.perLab(), "real_presence", "synthetic_presence"));
      Table both = r.perLab().where(r.perLab().doubleColumn("real_mean").isNotMissing()
          .and(r.perLab().doubleColumn("synthetic_mean").isNotMissing()));
      means.add(series(k.id(), both, "real_mean", "synthetic_mean"));
    }
    return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "decoding seed " + Workbench.SEED))
        .table("summary", summary)
        .table("labs", labs)
        .chart("gap-density", Chart.lines("Density of days between visits (by gap bucket)", "days (bucket centre)", "density",
            density.toArray(Chart.Series[]::new)))
        .chart("gap-by-visit", Chart.lines("Mean days since the previous visit, by visit number", "visit number", "days",
            byVisit.toArray(Chart.Series[]::new)))
        .chart("lab-presence", Chart.scatter("Probability that a visit holds each lab", "real", "synthetic", true,
            presence.toArray(Chart.Series[]::new)))
        .chart("lab-mean", Chart.scatter("Mean value of each lab (its own unit)", "real", "synthetic", true,
            means.toArray(Chart.Series[]::new)))
        .build();
  }

  /** Each gap bucket's centre on a log scale: √(low·high), or high/2 for the bucket that starts at 0. */
  private static double[] centres(Table gapDensity) {
    double[] low = gapDensity.numberColumn("low").asDoubleArray(), high = gapDensity.numberColumn("high").asDoubleArray();
    double[] c = new double[low.length];
    for (int i = 0; i < c.length; i++) c[i] = low[i] > 0 ? Math.sqrt(low[i] * high[i]) : high[i] / 2;
    return c;
  }

  private static Chart.Series series(String name, Table t, String x, String y) {
    return new Chart.Series(name, t.numberColumn(x).asDoubleArray(), t.numberColumn(y).asDoubleArray());
  }
}
