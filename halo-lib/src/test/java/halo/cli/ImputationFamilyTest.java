package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.EncodedPatient;
import halo.eval.NotApplicable;
import halo.eval.imputation.FrequencyReference;
import halo.eval.imputation.ImputationAccuracy;
import halo.sample.ImputeTask;
import halo.train.BenchCohort;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code ./halo evaluate --family imputation}: one accuracy row per model and task with the records it
 * applies to, "not applicable" rows for a model without imputation (EVA), for a modality a model cannot
 * impute exactly (HALO) and in the lpl/mpl table for every model without imputation likelihood.
 */
class ImputationFamilyTest {
  static final Dataset DS = BenchCohort.of(120, 30, 3, 5, 3, 8, 6);

  static Table read(Path f) throws Exception {
    return Table.read().csv(CsvReadOptions.builder(f.toFile()).commentPrefix('#').build());
  }

  @Test
  void givenModelsWithAndWithoutImputation_whenTheFamilyRuns_thenEveryModelAndTaskHasARow(@TempDir Path dir) throws Exception {
    Path data = dir.resolve("data");
    DS.save(data, "bench cohort");
    Path coarse = GenerateCommandTest.trainInto(dir, data, "coarse"), halo = GenerateCommandTest.trainInto(dir, data, "halo"),
        eva = GenerateCommandTest.trainInto(dir, data, "eva");
    Path out = dir.resolve("out");
    CliRun.of("evaluate", "--family", "imputation", "--data", data.toString(), "--model", "coarse=" + coarse.resolve("best.ckpt"),
        "--model", "halo=" + halo.resolve("best.ckpt"), "--model", "eva=" + eva.resolve("best.ckpt"), "--impute-records", "25",
        "--out", out.toString()).succeeded();
    Table acc = read(out.resolve("imputation-accuracy.csv"));
    List<ImputeTask> tasks = ImputationAccuracy.tasks(DS.vocabulary());
    assertEquals(List.of("next-visit", "modality:dx", "modality:px", "modality:rx"), tasks.stream().map(ImputeTask::toString).toList());
    assertEquals(3 * tasks.size(), acc.rowCount());
    for (int i = 0; i < acc.rowCount(); i++) {
      String model = acc.stringColumn("model").get(i), task = acc.stringColumn("task").get(i);
      String na = acc.stringColumn(NotApplicable.COLUMN).get(i);
      boolean applies = model.equals("coarse") || (model.equals("halo") && task.equals("next-visit"));
      assertEquals(applies, na == null || na.isEmpty(), model + " " + task + ": " + na);
      if (!applies) continue;
      ImputeTask t = ImputeTask.parse(task);
      long eligible = DS.test().patients().stream().filter(p -> eligible(p, t)).count();
      assertEquals(Math.min(25, eligible), (long) acc.intColumn("records").get(i), model + " " + task);
      double f1 = acc.doubleColumn("f1").get(i);
      assertTrue(acc.doubleColumn("f1_lo").get(i) <= f1 + 1e-9 && f1 <= acc.doubleColumn("f1_hi").get(i) + 1e-9, model + " " + task);
    }
    assertTrue(acc.stringColumn(NotApplicable.COLUMN).asList().contains("not applicable: eva has no imputation"));
    assertTrue(acc.stringColumn(NotApplicable.COLUMN).asList().contains("not applicable: halo does not impute dx codes exactly given the rest of their visit"));
    Table ppl = read(out.resolve("imputation-perplexity.csv"));
    List<String> rows = ppl.stringColumn("model").asList();
    assertEquals(List.of("coarse", "halo", "eva"), rows.subList(rows.size() - 3, rows.size()));
    assertEquals(3, rows.size() - 3, "the frequency reference: one row per modality");
    assertTrue(rows.subList(0, 3).stream().allMatch(FrequencyReference.NAME::equals));
    assertEquals("not applicable: coarse has no imputation likelihood", ppl.stringColumn(NotApplicable.COLUMN).get(3));
  }

  static boolean eligible(EncodedPatient p, ImputeTask t) {
    if (t.nextVisit()) return p.visitCount() >= 2;
    return p.visitCount() > 0 && Arrays.stream(p.visits()[p.visitCount() - 1]).anyMatch(c -> DS.vocabulary().code(c).kind() == t.modality());
  }
}
