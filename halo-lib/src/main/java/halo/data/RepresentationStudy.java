package halo.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How the representation of a Synthea export decides what its labels mean: for each way of coding
 * chronic conditions ({@link ConditionCoding}) and each record length (most recent visits kept), the
 * share of the history's chronic labels whose defining codes are still in the kept visits — the labels
 * a model can learn — with the truncation it costs and the codes per visit. The measurement behind
 * the default representation (datasets/default/README.md); {@code ./halo dataset representation}.
 *
 * @param records one row per (coding, max_visits): truncated_records, visits_dropped, visits_kept, codes_per_visit
 * @param labels one row per (coding, max_visits, label): history (records with the label in their whole
 *     history), kept (records whose kept visits hold a defining code) and retained = kept / history
 */
public record RepresentationStudy(Table records, Table labels) {

  /**
   * The labels table pivoted for reading: one row per label, one column per "coding max_visits"
   * setting holding the retained share.
   */
  public Table retainedByLabel() {
    Table t = labels.copy();
    StringColumn setting = StringColumn.create("setting");
    for (int i = 0; i < t.rowCount(); i++) setting.append(t.stringColumn("coding").get(i) + " " + t.intColumn("max_visits").get(i));
    t.addColumns(setting);
    return t.pivot("label", "setting", "retained", AggregateFunctions.mean)
        .setName("Share of the history's chronic labels still defined by the kept visits, by coding and visits kept");
  }

  /** Loads the export once per coding and encodes it at each of {@code maxVisits} (vocabulary and split as the converter's). */
  public static RepresentationStudy of(Path export, List<ConditionCoding> codings, List<Integer> maxVisits, VocabularyConfig config,
      long splitSeed) throws IOException {
    Table records = Table.create("Representation: truncation and codes per visit", StringColumn.create("coding"),
        IntColumn.create("max_visits"), IntColumn.create("truncated_records"), LongColumn.create("visits_dropped"),
        LongColumn.create("visits_kept"), DoubleColumn.create("codes_per_visit"));
    Table labels = Table.create("Representation: chronic labels of the history still defined by the kept visits (higher is better)",
        StringColumn.create("coding"), IntColumn.create("max_visits"), StringColumn.create("label"), IntColumn.create("history"),
        IntColumn.create("kept"), DoubleColumn.create("retained"));
    for (ConditionCoding coding : codings) {
      Cohort c = SyntheaLoader.withDefaults(coding).load(export);
      int[] history = new int[c.chronicLabels().size()];
      for (Patient p : c.patients()) for (String l : p.labels()) history[c.chronicLabels().indexOf(l)]++;
      for (int mv : maxVisits) {
        Dataset.Built b = Dataset.build(c, config, mv, splitSeed);
        int[] kept = new int[history.length];
        long codes = 0;
        for (EncodedPatient p : b.dataset().cohort().patients()) {
          for (int l : p.labels()) if (l < kept.length) kept[l]++;
          codes += p.codeCount();
        }
        long visits = b.dataset().cohort().visitCount();
        records.stringColumn("coding").append(coding.id());
        records.intColumn("max_visits").append(mv);
        records.intColumn("truncated_records").append(b.report().truncatedRecords());
        records.longColumn("visits_dropped").append(b.report().truncatedVisits());
        records.longColumn("visits_kept").append(visits);
        records.doubleColumn("codes_per_visit").append(visits == 0 ? Double.NaN : codes / (double) visits);
        for (int l = 0; l < history.length; l++) {
          labels.stringColumn("coding").append(coding.id());
          labels.intColumn("max_visits").append(mv);
          labels.stringColumn("label").append(c.chronicLabels().get(l));
          labels.intColumn("history").append(history[l]);
          labels.intColumn("kept").append(kept[l]);
          labels.doubleColumn("retained").append(history[l] == 0 ? Double.NaN : kept[l] / (double) history[l]);
        }
      }
    }
    return new RepresentationStudy(records, labels);
  }
}
