package halo.eval.imputation;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.eval.Bootstrap;
import halo.eval.NotApplicable;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.Imputation;
import halo.sample.Generator;
import halo.sample.ImputationExport;
import halo.sample.ImputeTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The two imputation tasks run on real test records, the imputed codes compared with the real ones:
 * {@code next-visit} (each record's last visit given the ones before it) and {@code modality:KIND} for
 * every modality of the vocabulary (the last visit's codes of KIND given its other codes and the
 * earlier visits), through the same {@link Generator#impute} as {@code ./halo generate --impute}. Micro
 * precision, recall and F1 of the imputed codes over the task's records, with a seeded bootstrap
 * interval of F1 over records. A sampled imputation is one draw from the model, so these measure the
 * draw, not the model's best guess. A model without {@link Imputation}, or that cannot impute a
 * modality exactly, gets a "not applicable" row for the task.
 */
public final class ImputationAccuracy {
  private ImputationAccuracy() {}

  /** The tasks on {@code v}: the next visit, then each modality that has codes, in {@link CodeKind} order. */
  public static List<ImputeTask> tasks(Vocabulary v) {
    List<ImputeTask> out = new ArrayList<>(List.of(ImputeTask.NEXT_VISIT));
    for (CodeKind k : v.kinds()) out.add(new ImputeTask(k));
    return out;
  }

  /**
   * One row per model and task: model, task, records, precision, recall, f1, f1_lo, f1_hi. Each task
   * uses the first {@code limit} test records that have what it needs (two visits for the next visit;
   * a last visit with codes of the modality), the last visit imputed; sampling is seeded by {@code seed}.
   */
  public static Table of(Vocabulary v, Map<String, ? extends GenerativeModel> models, Map<String, String> notApplicable, EncodedCohort test,
      int limit, long seed, Bootstrap bootstrap) {
    Table t = Table.create("Imputation of real test records: imputed codes against the real ones (micro; higher is better)",
        StringColumn.create("model"), StringColumn.create("task"), IntColumn.create("records"), DoubleColumn.create("precision"),
        DoubleColumn.create("recall"), DoubleColumn.create("f1"), DoubleColumn.create("f1_lo"), DoubleColumn.create("f1_hi"));
    models.forEach((name, m) -> {
      for (ImputeTask task : tasks(v)) {
        if (!(m instanceof Imputation imp)) {
          naRow(t, name, task, Capabilities.notApplicable(name, Imputation.class));
          continue;
        }
        if (!task.nextVisit() && !imp.imputableModalities().contains(task.modality())) {
          naRow(t, name, task, "not applicable: " + name + " does not impute " + task.modality().prefix() + " codes exactly given the rest of their visit");
          continue;
        }
        List<EncodedPatient> records = new ArrayList<>();
        for (EncodedPatient p : test.patients()) {
          if (records.size() == limit) break;
          if (eligible(p, task, v)) records.add(p);
        }
        List<int[]> truth = new ArrayList<>(), imputed = new ArrayList<>();
        Generator g = new Generator(m);
        // records differ in length, so each is imputed with its own number of kept visits, grouped by it
        Map<Integer, List<EncodedPatient>> byLength = new TreeMap<>();
        for (EncodedPatient p : records) byLength.computeIfAbsent(p.visitCount(), x -> new ArrayList<>()).add(p);
        for (var e : byLength.entrySet()) {
          int keep = task.nextVisit() ? e.getKey() - 1 : e.getKey(); // the last visit is imputed
          Generator.Imputed r = g.impute(e.getValue(), task, keep, seed ^ e.getKey(), "");
          truth.addAll(r.truth());
          imputed.addAll(r.imputed());
        }
        double[] prf = ImputationExport.micro(truth, imputed, null);
        Bootstrap.Interval ci = bootstrap.of(truth.size(), idx -> ImputationExport.micro(truth, imputed, idx)[2]);
        t.stringColumn("model").append(name);
        t.stringColumn("task").append(task.toString());
        t.intColumn("records").append(truth.size());
        t.doubleColumn("precision").append(prf[0]);
        t.doubleColumn("recall").append(prf[1]);
        t.doubleColumn("f1").append(prf[2]);
        t.doubleColumn("f1_lo").append(ci.low());
        t.doubleColumn("f1_hi").append(ci.high());
        if (t.containsColumn(NotApplicable.COLUMN)) t.stringColumn(NotApplicable.COLUMN).append("");
      }
    });
    notApplicable.forEach((name, reason) -> {
      for (ImputeTask task : tasks(v)) naRow(t, name, task, reason);
    });
    return t;
  }

  private static void naRow(Table t, String model, ImputeTask task, String reason) {
    NotApplicable.append(t, "model", model, reason).stringColumn("task").set(t.rowCount() - 1, task.toString());
  }

  static boolean eligible(EncodedPatient p, ImputeTask task, Vocabulary v) {
    if (task.nextVisit()) return p.visitCount() >= 2;
    if (p.visitCount() == 0) return false;
    for (int c : p.visits()[p.visitCount() - 1]) if (v.code(c).kind() == task.modality()) return true;
    return false;
  }
}
