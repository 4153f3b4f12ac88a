package halo.data;

import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Summary statistics of an encoded dataset as a two-column Tablesaw table (statistic, value): patients
 * per split, visits per record (mean, sd, max), codes per visit (mean, sd, max), vocabulary size by
 * kind, labels, the prevalence of every label, and the records truncated to the context (from the
 * encoder's report, when known). {@code print()} reads well in a notebook or a terminal.
 */
public final class DatasetStatistics {
  private DatasetStatistics() {}

  /** Statistics without truncation counts (unknown when only the encoded dataset is at hand). */
  public static Table of(Dataset dataset) {
    return of(dataset, -1, -1);
  }

  /** Statistics including the encoder's truncation counts. */
  public static Table of(Dataset dataset, Encoder.Report report) {
    Table t = of(dataset, report.truncatedRecords(), report.truncatedVisits());
    // labels of the loaded history that the kept visits do not support (labels defined by codes only)
    report.labelsOutsideWindow().forEach((label, n) -> {
      t.stringColumn("statistic").append("label not set, its codes lie outside the kept visits: " + label);
      t.doubleColumn("value").append(n);
    });
    return t;
  }

  /**
   * @param truncatedRecords records that lost visits to the context length, or -1 when unknown
   * @param truncatedVisits visits those records lost, or -1 when unknown
   */
  public static Table of(Dataset dataset, long truncatedRecords, long truncatedVisits) {
    StringColumn name = StringColumn.create("statistic");
    DoubleColumn value = DoubleColumn.create("value");
    value.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
    EncodedCohort c = dataset.cohort();
    Vocabulary v = dataset.vocabulary();
    add(name, value, "patients", c.size());
    add(name, value, "patients: train", dataset.splits().train().size());
    add(name, value, "patients: validation", dataset.splits().validation().size());
    add(name, value, "patients: test", dataset.splits().test().size());
    add(name, value, "visits", c.visitCount());
    Moments visits = new Moments(), codes = new Moments();
    long[] labelCounts = new long[v.labelCount()];
    for (EncodedPatient p : c.patients()) {
      visits.add(p.visitCount());
      for (int[] visit : p.visits()) codes.add(visit.length);
      for (int l : p.labels()) labelCounts[l]++;
    }
    add(name, value, "visits per record: mean", visits.mean());
    add(name, value, "visits per record: sd", visits.sd());
    add(name, value, "visits per record: max", visits.max);
    add(name, value, "codes per visit: mean", codes.mean());
    add(name, value, "codes per visit: sd", codes.sd());
    add(name, value, "codes per visit: max", codes.max);
    add(name, value, "vocabulary: codes (C)", v.codeCount());
    for (Map.Entry<CodeKind, Integer> e : v.countsByKind().entrySet()) {
      add(name, value, "vocabulary: " + e.getKey().name().toLowerCase(Locale.ROOT) + " codes", e.getValue());
    }
    add(name, value, "vocabulary: labs with buckets", v.labs().size());
    add(name, value, "vocabulary: labels (L)", v.labelCount());
    add(name, value, "vocabulary: chronic labels", v.chronicLabelCount());
    add(name, value, "vocabulary: size (V = C + L + 3)", v.size());
    for (int l = 0; l < v.labelCount(); l++) {
      add(name, value, "label prevalence: " + v.label(l), c.size() == 0 ? 0 : (double) labelCounts[l] / c.size());
    }
    if (truncatedRecords >= 0) {
      add(name, value, "records truncated to the context", truncatedRecords);
      add(name, value, "visits dropped by truncation", truncatedVisits);
    }
    return Table.create("statistics of " + dataset.name(), name, value);
  }

  private static void add(StringColumn name, DoubleColumn value, String n, double v) {
    name.append(n);
    value.append(v);
  }

  /** Running mean, variance (population) and maximum. */
  private static final class Moments {
    long n;
    double sum, sumSq, max;

    void add(double x) {
      n++;
      sum += x;
      sumSq += x * x;
      max = Math.max(max, x);
    }

    double mean() {
      return n == 0 ? 0 : sum / n;
    }

    double sd() {
      return n == 0 ? 0 : Math.sqrt(Math.max(0, sumSq / n - mean() * mean()));
    }
  }
}
