package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.train.BenchCohort;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./halo generate} asked for what the model cannot do: one error line naming the model and the capability, exit code 2. */
class GenerateCapabilityTest {
  static final Dataset DS = BenchCohort.of(80, 30, 3, 5, 3, 8, 2);

  @Test
  void givenEvaCheckpoint_whenConditioningOrContinuing_thenRefusedNamingModelAndCapability_andUnconditionalWorks(@TempDir Path dir)
      throws Exception {
    Path data = dir.resolve("data");
    DS.save(data, "bench cohort");
    Path run = dir.resolve("eva");
    CliRun.of("train", "--data", data.toString(), "--preset", "smoke", "--model", "eva", "--epochs", "1", "--context", "10",
        "--out", run.toString()).succeeded();
    String ckpt = run.resolve("best.ckpt").toString();
    String others = "the models with it: halo, coarse, lstm, gpt, synteg)";
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--labels", DS.vocabulary().label(1), "--out", dir.resolve("a").toString())
        .refused("eva cannot be conditioned on labels: it has no label conditioning (LabelConditioning; " + others);
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--labels", DS.vocabulary().label(1), "--exact-labels",
        "--out", dir.resolve("b").toString()).refused("eva cannot be conditioned on labels: it has no label conditioning (LabelConditioning; " + others);
    CliRun.of("generate", "--checkpoint", ckpt, "--continue", data.toString(), "--out", dir.resolve("c").toString())
        .refused("eva cannot continue a record: it has no prefix continuation (PrefixContinuation; " + others);
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--out", dir.resolve("syn").toString()).succeeded();
    assertEquals(3, EncodedCohort.load(dir.resolve("syn").resolve("synthetic.halo"), DS.vocabulary()).size());
  }
}
