package halo.eval.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;

/** The phenotyping summary over seeds, against values computed by hand. */
class PhenotypingSummaryTest {
  /** Two labels, sources "real" and "halo", three seeds; AUROC of halo = 0.6 + 0.1·seed + 0.05·label, real = 1. */
  static Table perSeed() {
    Table t = Table.create("t", IntColumn.create("seed"), IntColumn.create("label"), StringColumn.create("label_name"),
        StringColumn.create("source"), StringColumn.create("classifier"), IntColumn.create("n_test"),
        IntColumn.create("train_positives_available"), DoubleColumn.create("accuracy"), DoubleColumn.create("f1"),
        DoubleColumn.create("auroc"), DoubleColumn.create("auprc"));
    for (int seed = 0; seed < 3; seed++) {
      for (int label = 0; label < 2; label++) {
        for (String source : new String[] {"real", "halo"}) {
          double auroc = source.equals("real") ? 1 : 0.6 + 0.1 * seed + 0.05 * label;
          t.intColumn("seed").append(seed);
          t.intColumn("label").append(label);
          t.stringColumn("label_name").append("l" + label);
          t.stringColumn("source").append(source);
          t.stringColumn("classifier").append("logistic");
          t.intColumn("n_test").append(100 + label);
          t.intColumn("train_positives_available").append(10);
          t.doubleColumn("accuracy").append(auroc);
          t.doubleColumn("f1").append(auroc / 2);
          t.doubleColumn("auroc").append(auroc);
          t.doubleColumn("auprc").append(auroc);
        }
      }
    }
    return t;
  }

  @Test
  void givenResultsOfThreeSeeds_whenSummarising_thenMeanSpreadAndRangeAreThoseOfTheLabelMeans() {
    Table s = PhenotypingSummary.of(perSeed());
    assertEquals(2, s.rowCount());
    int halo = s.stringColumn("source").indexOf("halo");
    // label means per seed: 0.625, 0.725, 0.825 -> mean 0.725, sd 0.1, min 0.625, max 0.825
    assertEquals(3, s.intColumn("seeds").get(halo));
    assertEquals(0.725, s.doubleColumn("auroc_mean").get(halo), 1e-12);
    assertEquals(0.1, s.doubleColumn("auroc_sd").get(halo), 1e-12);
    assertEquals(0.625, s.doubleColumn("auroc_min").get(halo), 1e-12);
    assertEquals(0.825, s.doubleColumn("auroc_max").get(halo), 1e-12);
    assertEquals(0.3625, s.doubleColumn("f1_mean").get(halo), 1e-12);
    int real = s.stringColumn("source").indexOf("real");
    assertEquals(1.0, s.doubleColumn("auroc_mean").get(real), 1e-12);
    assertEquals(0.0, s.doubleColumn("auroc_sd").get(real), 1e-12);
  }

  @Test
  void givenASourceTrainedOnTheFirstSeedOnly_whenSummarising_thenItSaysOneSeed() {
    Table t = perSeed();
    Table first = t.where(t.intColumn("seed").isEqualTo(0).and(t.stringColumn("source").isEqualTo("halo")));
    first.stringColumn("source").set(first.stringColumn("source").isEqualTo("halo"), "real+halo");
    t.append(first);
    Table s = PhenotypingSummary.of(t);
    int combined = s.stringColumn("source").indexOf("real+halo");
    assertEquals(1, s.intColumn("seeds").get(combined));
    assertEquals(0.625, s.doubleColumn("auroc_mean").get(combined), 1e-12);
    assertEquals(3, s.intColumn("seeds").get(s.stringColumn("source").indexOf("halo")));
  }

  @Test
  void givenResultsOfThreeSeeds_whenSummarisingPerLabel_thenEachLabelKeepsItsOwnTestSize() {
    Table p = PhenotypingSummary.perLabel(perSeed());
    assertEquals(4, p.rowCount());
    for (int i = 0; i < p.rowCount(); i++) {
      int label = p.intColumn("label").get(i);
      assertEquals(100 + label, p.intColumn("n_test").get(i));
      if (p.stringColumn("source").get(i).equals("halo")) {
        assertEquals(0.7 + 0.05 * label, p.doubleColumn("auroc_mean").get(i), 1e-12);
        assertEquals(0.1, p.doubleColumn("auroc_sd").get(i), 1e-12);
      }
    }
  }
}
