package halo.eval.privacy;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Exact-copy rate: the fraction of (non-empty) synthetic records identical to some training record —
 * same labels and the same visits in the same order (ids ignored). The authors' distance metrics
 * cannot see this: NNAA excludes d = 0 and the membership attacks only rank distances. Lower is better.
 */
public final class ExactCopyRate {
  private ExactCopyRate() {}

  private record Content(List<Integer> labels, List<List<Integer>> visits) {
    static Content of(EncodedPatient p) {
      return new Content(Arrays.stream(p.labels()).boxed().toList(),
          Arrays.stream(p.visits()).map(v -> Arrays.stream(v).boxed().toList()).toList());
    }
  }

  /**
   * One row. Columns: source, synthetic_records, removed_empty_synthetic, copies, exact_copy_rate,
   * distinct_train_records_copied.
   */
  public static Table of(String source, EncodedCohort train, EncodedCohort synthetic) {
    Set<Content> real = new HashSet<>();
    train.patients().forEach(p -> real.add(Content.of(p)));
    EncodedCohort syn = synthetic.nonEmpty();
    int copies = 0;
    Set<Content> copied = new HashSet<>();
    for (EncodedPatient p : syn.patients()) {
      Content c = Content.of(p);
      if (real.contains(c)) {
        copies++;
        copied.add(c);
      }
    }
    Table t = Table.create("Exact copies of training records (lower is better)", StringColumn.create("source"),
        IntColumn.create("synthetic_records"), IntColumn.create("removed_empty_synthetic"), IntColumn.create("copies"),
        DoubleColumn.create("exact_copy_rate"), IntColumn.create("distinct_train_records_copied"));
    t.stringColumn("source").append(source);
    t.intColumn("synthetic_records").append(syn.size());
    t.intColumn("removed_empty_synthetic").append(synthetic.size() - syn.size());
    t.intColumn("copies").append(copies);
    t.doubleColumn("exact_copy_rate").append(syn.size() == 0 ? Double.NaN : (double) copies / syn.size());
    t.intColumn("distinct_train_records_copied").append(copied.size());
    return t;
  }
}
