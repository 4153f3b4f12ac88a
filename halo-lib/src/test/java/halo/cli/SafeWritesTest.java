package halo.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost (issue 14): datasets, runs and synthetic files are never replaced without
 * --overwrite, and then the message says what was replaced; a failed write or a refused resume
 * leaves every byte as it was; damaged checkpoints are refused; stale temporary files are removed
 * at the next start; a model is scored on records longer than its context, saying so. Runs the real
 * commands on a tiny generated cohort (12 patients of 14 visits) and smoke-size models.
 */
class SafeWritesTest {
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path data, other, run;

  /** 12 patients with 14 monthly visits each (longer than the smoke model's 10-visit context). */
  static String longEvents(String prefix, int patients) {
    StringBuilder sb = new StringBuilder("patient_id,visit_date,kind,code,value,unit\n");
    for (int p = 0; p < patients; p++) {
      for (int v = 0; v < 14; v++) {
        String date = "20%02d-%02d-15".formatted(10 + v / 12, v % 12 + 1);
        sb.append(prefix).append(p).append(',').append(date).append(",dx,D").append((p + v) % 5).append(",,\n");
        if (v % 3 == 0) sb.append(prefix).append(p).append(',').append(date).append(",rx,M").append(p % 3).append(",,\n");
        sb.append(prefix).append(p).append(',').append(date).append(",lab,L1,").append(5 + (p * v) % 7).append(",mg/dL\n");
      }
    }
    return sb.toString();
  }

  static Path convert(String name, String events) throws IOException {
    Path dir = shared.resolve(name + "-src");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("events.csv"), events);
    Path out = shared.resolve(name);
    CliRun.of("dataset", "convert", "--format", "csv", "--input", dir.resolve("events.csv").toString(), "--min-lab-count", "1",
        "--out", out.toString()).succeeded();
    return out;
  }

  @BeforeAll
  static void cohortAndRun() throws IOException {
    data = convert("data", longEvents("q", 12));
    other = convert("other", longEvents("r", 12).replace(",dx,D", ",dx,X"));
    run = shared.resolve("run");
    CliRun.of("train", "--preset", "smoke", "--epochs", "1", "--threads", "1", "--data", data.toString(), "--out", run.toString()).succeeded();
  }

  /** A copy of the finished run, for a test to change. */
  Path runCopy() throws IOException {
    Path copy = tmp.resolve("run");
    Files.createDirectories(copy);
    try (Stream<Path> s = Files.list(run)) {
      for (Path p : s.toList()) Files.copy(p, copy.resolve(p.getFileName()));
    }
    return copy;
  }

  @Test
  void givenAFinishedRun_whenTrainedAgainWithoutResumeOrOverwrite_thenRefusedAndUnchanged() throws IOException {
    Path r = runCopy();
    Map<String, String> before = CliRun.snapshot(r);
    CliRun.of("train", "--preset", "smoke", "--epochs", "1", "--data", data.toString(), "--out", r.toString())
        .refused(r + " already holds a training run (best.ckpt, label-prior.json, last.ckpt, training.json, training.txt, vocabulary.json): --resume continues it, --overwrite"
            + " replaces it (the old run stays until the new one is complete), or choose another --out");
    assertEquals(before, CliRun.snapshot(r));
  }

  @Test
  void givenAFinishedRun_whenResumedOnOtherData_thenRefusedUnchangedAndItsCheckpointStillGenerates() throws IOException {
    Path r = runCopy();
    Map<String, String> before = CliRun.snapshot(r);
    CliRun res = CliRun.of("train", "--preset", "smoke", "--resume", "--data", other.toString(), "--out", r.toString());
    assertTrue(res.err().contains("error: " + r + " was trained on other data: its vocabulary.json (hash "), res.err());
    assertTrue(res.err().contains("give the data the run was trained on, or another --out to start a new run"), res.err());
    res.noStackTrace();
    assertEquals(2, res.code());
    assertEquals(before, CliRun.snapshot(r), "a refused resume changed the run folder");
    CliRun.of("generate", "--checkpoint", r.resolve("best.ckpt").toString(), "--count", "5", "--out", tmp.resolve("syn").toString()).succeeded();
  }

  @Test
  void givenARunWithoutLastCkpt_whenResumed_thenRefusedUnchanged() throws IOException {
    Path r = runCopy();
    Files.delete(r.resolve("last.ckpt"));
    Map<String, String> before = CliRun.snapshot(r);
    CliRun.of("train", "--preset", "smoke", "--resume", "--data", data.toString(), "--out", r.toString())
        .refused(r + " has no last.ckpt: there is nothing to resume; leave out --resume to start a new run (--overwrite to replace what is there)");
    assertEquals(before, CliRun.snapshot(r));
  }

  @Test
  void givenAFinishedRun_whenOverwritten_thenReplacedOnceCompleteSayingWhatAndKeepingOtherFiles() throws IOException {
    Path r = runCopy();
    Files.writeString(r.resolve("notes.txt"), "my notes");
    byte[] oldBest = Files.readAllBytes(r.resolve("best.ckpt"));
    CliRun res = CliRun.of("train", "--preset", "smoke", "--epochs", "1", "--seed", "9", "--overwrite", "--data", data.toString(),
        "--out", r.toString()).succeeded();
    assertTrue(res.err().contains("replaced a training run in " + r.toAbsolutePath() + " (best.ckpt, label-prior.json, last.ckpt, training.json, training.txt, vocabulary.json);"
        + " kept its other files: notes.txt"), res.err());
    assertFalse(java.util.Arrays.equals(oldBest, Files.readAllBytes(r.resolve("best.ckpt"))), "best.ckpt is the new run's");
    assertEquals("my notes", Files.readString(r.resolve("notes.txt")));
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(java.util.List.of("run"), s.map(p -> p.getFileName().toString()).toList(), "no temporary folder left");
    }
  }

  @Test
  void givenADamagedLastCkpt_whenResumed_thenRefusedNamingItAndNothingChanges() throws IOException {
    Path r = runCopy();
    Path last = r.resolve("last.ckpt");
    byte[] b = Files.readAllBytes(last);
    java.util.Random rnd = new java.util.Random(14);
    for (int i = 0; i < 256; i++) b[b.length / 4 + rnd.nextInt(b.length / 2)] ^= (byte) (1 + rnd.nextInt(255)); // 256 flipped bytes
    Files.write(last, b);
    Map<String, String> before = CliRun.snapshot(r);
    CliRun res = CliRun.of("train", "--preset", "smoke", "--resume", "--data", data.toString(), "--out", r.toString());
    res.noStackTrace();
    assertEquals(2, res.code());
    String line = res.err().lines().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow();
    assertTrue(line.startsWith("error: " + last + " is damaged: its CRC32C checksum ("), line);
    assertTrue(line.endsWith("so it was changed or cut short after it was written; fall back to " + r.resolve("best.ckpt")
        + " (generate, evaluate) or retrain (train --overwrite, without --resume)"), line);
    assertEquals(before, CliRun.snapshot(r));
    // the same file given to generate
    CliRun.of("generate", "--checkpoint", last.toString(), "--count", "5", "--out", tmp.resolve("syn").toString()).noStackTrace();
    assertFalse(Files.exists(tmp.resolve("syn")));
  }

  @Test
  void givenStaleTemporariesOfAKilledRun_whenResumed_thenRemovedAndTrainingContinues() throws IOException {
    Path r = runCopy();
    Path old = r.resolve("last.ckpt8812345.tmp"); // the naming of earlier versions: no pid
    Path dead = r.resolve("last.ckpt.999999999-abc.tmp"); // a process that is gone: a kill -9 during a write
    byte[] partial = java.util.Arrays.copyOf(Files.readAllBytes(r.resolve("last.ckpt")), 1000);
    Files.write(old, partial);
    Files.write(dead, partial);
    CliRun res = CliRun.of("train", "--preset", "smoke", "--epochs", "2", "--resume", "--data", data.toString(), "--out", r.toString())
        .succeeded();
    assertTrue(res.err().contains("removed " + dead + " (1,000 bytes), left by a checkpoint write that was interrupted"), res.err());
    assertFalse(Files.exists(old) || Files.exists(dead));
    assertTrue(res.out().contains("epochs 2"), res.out());
  }

  @Test
  void givenSyntheticFiles_whenGeneratedAgain_thenRefusedUnlessOverwriteWhichSaysWhatItReplaced() throws IOException {
    Path out = tmp.resolve("syn");
    String ckpt = run.resolve("best.ckpt").toString();
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "5", "--out", out.toString()).succeeded();
    Map<String, String> before = CliRun.snapshot(out);
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "7", "--out", out.toString())
        .refused(out + " already holds synthetic.halo, synthetic.csv, generation.json and generation.txt: add --overwrite to replace them,"
            + " or choose another --out");
    assertEquals(before, CliRun.snapshot(out));
    Files.writeString(out.resolve("synthetic.csv4242.tmp"), "left by a killed generate");
    CliRun res = CliRun.of("generate", "--checkpoint", ckpt, "--count", "7", "--seed", "5", "--overwrite", "--out", out.toString()).succeeded();
    assertTrue(res.err().contains("replaced synthetic.halo, synthetic.csv, generation.json and generation.txt in " + out), res.err());
    assertTrue(res.err().contains("removed " + out.resolve("synthetic.csv4242.tmp") + " (25 bytes) left by an interrupted write"), res.err());
    assertNotEquals(before, CliRun.snapshot(out));
    try (Stream<Path> s = Files.list(out)) {
      assertEquals(java.util.List.of("generation.json", "generation.txt", "synthetic.csv", "synthetic.halo"),
          s.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void givenADataset_whenConvertedInto_thenRefusedUnlessOverwriteAndAFailedOverwriteLeavesItAsItWas() throws IOException {
    Path ds = tmp.resolve("ds");
    Files.createDirectories(ds);
    try (Stream<Path> s = Files.walk(data)) {
      for (Path p : s.toList()) Files.copy(p, ds.resolve(data.relativize(p).toString()), StandardCopyOption.REPLACE_EXISTING);
    }
    Files.writeString(ds.resolve("README.md"), "how I made it");
    Map<String, String> before = CliRun.snapshot(ds);
    Path src = tmp.resolve("events.csv");
    Files.writeString(src, longEvents("z", 10));
    CliRun.of("dataset", "convert", "--format", "csv", "--input", src.toString(), "--out", ds.toString())
        .refused(ds.toAbsolutePath() + " already holds a dataset (README.md, cohort.halo, encoding.txt, load-report.txt, splits, stats.csv,"
            + " ... 8 in all): add --overwrite to replace it (the old one stays until the new one is complete), or choose another --out");
    assertEquals(before, CliRun.snapshot(ds));
    // an overwrite that fails half way (a bad row at the end: 1 header + 10 patients x (14 dx + 5 rx + 14 lab) rows before it) leaves the old dataset whole, and no temporary folder
    Files.writeString(src, longEvents("z", 10) + "z1,2010-13-01,dx,D1,,\n");
    CliRun.of("dataset", "convert", "--format", "csv", "--input", src.toString(), "--out", ds.toString(), "--overwrite")
        .refused("events.csv line 332, field visit_date: '2010-13-01' is not a date (expected yyyy-MM-dd or an ISO date-time)");
    assertEquals(before, CliRun.snapshot(ds));
    // the old one loads (its vocabulary still matches its cohort)
    halo.data.Dataset.load(ds);
    Files.writeString(src, longEvents("z", 10));
    CliRun res = CliRun.of("dataset", "convert", "--format", "csv", "--input", src.toString(), "--out", ds.toString(), "--overwrite").succeeded();
    assertTrue(res.err().contains("replaced a dataset in " + ds.toAbsolutePath() + " (cohort.halo, encoding.txt, load-report.txt, splits,"
        + " stats.csv, stats.txt, ... 7 in all); kept its other files: README.md"), res.err());
    assertEquals("how I made it", Files.readString(ds.resolve("README.md")));
    assertEquals(10, halo.data.Dataset.load(ds).cohort().size());
    try (Stream<Path> s = Files.list(tmp)) {
      assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith(".")), "temporary folder left");
    }
  }

  @Test
  void givenRecordsLongerThanTheModelsContext_whenEvaluated_thenScoredOnTheirMostRecentVisitsAndSaid() throws IOException {
    // the issue's case: "model gave 11 rows of probabilities, expected 45"
    Path out = tmp.resolve("eval");
    CliRun res = CliRun.of("evaluate", "--family", "lm", "--data", data.toString(), "--model", "m=" + run.resolve("best.ckpt"),
        "--out", out.toString()).succeeded();
    halo.data.Dataset d = halo.data.Dataset.load(data);
    int n = d.test().size();
    assertTrue(res.err().contains("model m: %d of %d records have more than 10 visits (the model's context) and are scored on their 10"
        .formatted(n, n) + " most recent, as in training (%d older visits left out)".formatted(4 * n)), res.err());
    java.util.List<String> table = Files.readAllLines(out.resolve("language-modeling.csv")).stream().filter(l -> !l.startsWith("#")).toList();
    assertTrue(table.get(0).endsWith(",n_ctx,records_truncated"), table.get(0));
    assertTrue(table.get(1).startsWith("m,%d,%d,".formatted(n, 11 * n)), "each record scored on its label row and 10 visits: " + table.get(1));
    assertTrue(table.get(1).endsWith("," + n), table.get(1));
  }

  @Test
  void givenDebug_whenACommandFails_thenTheStackTraceIsPrintedToo() {
    CliRun res = CliRun.of("generate", "--debug", "--checkpoint", data.resolve("vocabulary.json").toString(), "--out", tmp.resolve("x").toString());
    assertEquals(2, res.code());
    assertTrue(res.err().contains("\tat halo."), "--debug prints the trace:\n" + res.err());
    assertTrue(res.err().contains("error: "), res.err());
  }

  @Test
  void givenThreads_thenPyTorchThreadPropertiesAreSet() {
    String intra = System.getProperty("ai.djl.pytorch.num_threads"), inter = System.getProperty("ai.djl.pytorch.num_interop_threads");
    try {
      CliRun.of("--threads", "3", "env").succeeded();
      assertEquals("3", System.getProperty("ai.djl.pytorch.num_threads"));
      assertEquals("3", System.getProperty("ai.djl.pytorch.num_interop_threads"));
    } finally {
      restore("ai.djl.pytorch.num_threads", intra);
      restore("ai.djl.pytorch.num_interop_threads", inter);
    }
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }
}
