package halo.experiment;

import halo.data.DatasetStatistics;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.api.Histogram;

/**
 * The cohort the experiments run on, and how a record is represented (paper Fig. 2): its statistics,
 * the vocabulary by kind, label prevalence, and one record laid out as the model's rows (start row,
 * label row, visits with the end token in the last).
 */
public final class DataOverview {
  public static final String ID = "01-data";
  private DataOverview() {}

  public static ExperimentResult run(Workbench wb) {
    var d = wb.dataset();
    Vocabulary v = d.vocabulary();
    Table vocabulary = Table.create("Vocabulary by kind (" + v.hash() + ")",
        StringColumn.create("kind"), IntColumn.create("codes"));
    for (Map.Entry<halo.data.CodeKind, Integer> e : v.countsByKind().entrySet()) {
      vocabulary.stringColumn("kind").append(e.getKey().name().toLowerCase(java.util.Locale.ROOT));
      vocabulary.intColumn("codes").append(e.getValue());
    }
    vocabulary.stringColumn("kind").append("labels (chronic + demographic)");
    vocabulary.intColumn("codes").append(v.labelCount());
    vocabulary.stringColumn("kind").append("special (start, end, pad)");
    vocabulary.intColumn("codes").append(3);

    Table prevalence = Table.create("Label prevalence (all records)", StringColumn.create("label"),
        StringColumn.create("kind"), IntColumn.create("records"), DoubleColumn.create("prevalence"));
    int[] counts = new int[v.labelCount()];
    for (EncodedPatient p : d.cohort().patients()) for (int l : p.labels()) counts[l]++;
    for (int l = 0; l < v.labelCount(); l++) {
      prevalence.stringColumn("label").append(v.label(l));
      prevalence.stringColumn("kind").append(l < v.chronicLabelCount() ? "chronic" : "demographic");
      prevalence.intColumn("records").append(counts[l]);
      prevalence.doubleColumn("prevalence").append(counts[l] / (double) d.cohort().size());
    }

    Table shape = Table.create("Record shape", IntColumn.create("visits per record"));
    Table visits = Table.create("Visit shape", IntColumn.create("codes per visit"));
    for (EncodedPatient p : d.cohort().patients()) {
      shape.intColumn(0).append(p.visitCount());
      for (int[] x : p.visits()) visits.intColumn(0).append(x.length);
    }
    return new ExperimentResult.Builder(ID, wb.describe())
        .table("statistics", DatasetStatistics.of(d))
        .table("vocabulary", vocabulary)
        .table("label-prevalence", prevalence)
        .table("example-record", layout(v, exampleRecord(wb)))
        .figure("visits-per-record", Histogram.create("Visits per record", shape, "visits per record"))
        .figure("codes-per-visit", Histogram.create("Codes per visit", visits, "codes per visit"))
        .build();
  }

  /** A short training record with labels, for showing the layout: the first with 3 to 6 visits. */
  static EncodedPatient exampleRecord(Workbench wb) {
    List<EncodedPatient> train = wb.dataset().train().patients();
    return train.stream().filter(p -> p.visitCount() >= 3 && p.visitCount() <= 6 && p.labels().length > 0)
        .findFirst().orElse(train.get(0));
  }

  /** One record as the model's rows, each token by its readable label. */
  public static Table layout(Vocabulary v, EncodedPatient p) {
    int[][] rows = RecordLayout.rows(p, v);
    Table t = Table.create("Record " + p.id() + " as model rows (paper Fig. 2)", IntColumn.create("row"),
        StringColumn.create("role"), StringColumn.create("tokens"));
    for (int r = 0; r < rows.length; r++) {
      List<String> names = new ArrayList<>();
      for (int tok : rows[r]) names.add(name(v, tok));
      t.intColumn("row").append(r);
      t.stringColumn("role").append(r == 0 ? "start" : r == 1 ? "labels" : "visit " + (r - 1));
      t.stringColumn("tokens").append(String.join("; ", names));
    }
    return t;
  }

  static String name(Vocabulary v, int tok) {
    if (tok < v.codeCount()) {
      Token t = v.code(tok);
      return t.label();
    }
    if (tok < v.codeCount() + v.labelCount()) return "label " + v.label(tok - v.codeCount());
    if (tok == v.startToken()) return "<start>";
    if (tok == v.endToken()) return "<end>";
    return "<pad>";
  }
}
