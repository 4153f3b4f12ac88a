package halo.eval.utility;

import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Phenotyping results over seeds (paper Table 4 with its spread): the rows of {@link Phenotyping} for
 * several seeds, a first column "seed" added to each, summarised per (classifier, source) and per label.
 */
public final class PhenotypingSummary {
  private PhenotypingSummary() {}

  /**
   * Mean over labels for each (classifier, source, seed), then over seeds: mean, standard deviation
   * (n − 1), minimum and maximum of the label-mean AUROC, and the means of AUPRC, F1 and accuracy.
   */
  public static Table of(Table perSeed) {
    Table byLabel = perSeed.summarize("auroc", "auprc", "f1", "accuracy", AggregateFunctions.mean).by("classifier", "source", "seed");
    Table t = byLabel.summarize("Mean [auroc]", AggregateFunctions.mean, AggregateFunctions.stdDev, AggregateFunctions.min,
        AggregateFunctions.max).by("classifier", "source");
    Table rest = byLabel.summarize("Mean [auprc]", "Mean [f1]", "Mean [accuracy]", AggregateFunctions.mean).by("classifier", "source");
    Table out = Table.create("Phenotyping, mean over chronic labels, over seeds (higher is better)",
        t.stringColumn("classifier"), t.stringColumn("source"));
    Table n = byLabel.countBy("classifier", "source");
    IntColumn seeds = IntColumn.create("seeds");
    for (int i = 0; i < t.rowCount(); i++) {
      for (int j = 0; j < n.rowCount(); j++) {
        if (n.stringColumn(0).get(j).equals(t.stringColumn(0).get(i)) && n.stringColumn(1).get(j).equals(t.stringColumn(1).get(i))) {
          seeds.append(((Number) n.column(2).get(j)).intValue());
        }
      }
    }
    out.addColumns(seeds, t.doubleColumn(2).setName("auroc_mean"), t.doubleColumn(3).setName("auroc_sd"), t.doubleColumn(4).setName("auroc_min"),
        t.doubleColumn(5).setName("auroc_max"), rest.doubleColumn(2).setName("auprc_mean"), rest.doubleColumn(3).setName("f1_mean"),
        rest.doubleColumn(4).setName("accuracy_mean"));
    return out;
  }

  /** Per label and source: AUROC mean and sd over seeds, the test set's size, and the mean of the other metrics. */
  public static Table perLabel(Table perSeed) {
    int seeds = perSeed.intColumn("seed").countUnique();
    Table t = perSeed.summarize("auroc", AggregateFunctions.mean, AggregateFunctions.stdDev).by("label", "label_name", "classifier", "source");
    Table rest = perSeed.summarize("auprc", "f1", "n_test", "train_positives_available", AggregateFunctions.mean)
        .by("label", "label_name", "classifier", "source");
    Table out = Table.create("Phenotyping per label, over " + seeds + (seeds == 1 ? " seed" : " seeds") + " (higher is better)",
        t.intColumn("label"), t.stringColumn("label_name"), t.stringColumn("classifier"), t.stringColumn("source"));
    out.addColumns(rest.doubleColumn(6).asIntColumn().setName("n_test"), rest.doubleColumn(7).setName("train_positives_available"),
        t.doubleColumn(4).setName("auroc_mean"), t.doubleColumn(5).setName("auroc_sd"), rest.doubleColumn(4).setName("auprc_mean"),
        rest.doubleColumn(5).setName("f1_mean"));
    return out;
  }
}
