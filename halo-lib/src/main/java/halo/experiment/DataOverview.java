package halo.experiment;

import halo.data.CodeKind;
import halo.data.DatasetStatistics;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.report.Chart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

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
    for (Map.Entry<CodeKind, Integer> e : v.countsByKind().entrySet()) {
      vocabulary.stringColumn("kind").append(e.getKey().name().toLowerCase(Locale.ROOT));
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

    int maxVisits = 0, maxCodes = 0;
    for (EncodedPatient p : d.cohort().patients()) {
      maxVisits = Math.max(maxVisits, p.visitCount());
      for (int[] x : p.visits()) maxCodes = Math.max(maxCodes, x.length);
    }
    double[] visitHist = new double[maxVisits + 1], codeHist = new double[maxCodes + 1];
    for (EncodedPatient p : d.cohort().patients()) {
      visitHist[p.visitCount()]++;
      for (int[] x : p.visits()) codeHist[x.length]++;
    }
    return new ExperimentResult.Builder(ID, wb.provenance("", ""))
        .table("statistics", DatasetStatistics.of(d))
        .table("vocabulary", vocabulary)
        .table("label-prevalence", prevalence)
        .table("example-record", layout(v, exampleRecord(wb)))
        .chart("visits-per-record", Chart.lines("Visits per record (records truncated to the 46 most recent)",
            "visits", "records", new Chart.Series("records", index(visitHist.length), visitHist)))
        .chart("codes-per-visit", Chart.lines("Codes per visit (lab and gap buckets included)", "codes", "visits",
            new Chart.Series("visits", index(codeHist.length), codeHist)))
        .build();
  }

  private static double[] index(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) x[i] = i;
    return x;
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
