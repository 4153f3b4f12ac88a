package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.train.BenchCohort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands given a model without a capability: {@code ./halo generate} refuses with one error line
 * naming the model and the capability (exit code 2); {@code ./halo evaluate} lists it as not applicable.
 */
class CapabilityCommandTest {
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
    String others = "the models with it: halo, coarse, lstm, gpt, synteg, promptehr, textgpt)";
    String continuing = "the models with it: halo, coarse, lstm, gpt, synteg, promptehr)"; // the text GPT's sentence has no visits to continue
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--labels", DS.vocabulary().label(1), "--out", dir.resolve("a").toString())
        .refused("eva cannot be conditioned on labels: it has no label conditioning (LabelConditioning; " + others);
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--labels", DS.vocabulary().label(1), "--exact-labels",
        "--out", dir.resolve("b").toString()).refused("eva cannot be conditioned on labels: it has no label conditioning (LabelConditioning; " + others);
    CliRun.of("generate", "--checkpoint", ckpt, "--continue", data.toString(), "--out", dir.resolve("c").toString())
        .refused("eva cannot continue a record: it has no prefix continuation (PrefixContinuation; " + continuing);
    CliRun.of("generate", "--checkpoint", ckpt, "--count", "3", "--out", dir.resolve("syn").toString()).succeeded();
    assertEquals(3, EncodedCohort.load(dir.resolve("syn").resolve("synthetic.halo"), DS.vocabulary()).size());
    // language modelling: a row saying why it does not apply, where the command used to leave the model out
    CliRun.of("evaluate", "--family", "lm", "--data", data.toString(), "--model", "eva=" + ckpt, "--out", dir.resolve("lm").toString())
        .succeeded();
    List<String> csv = Files.readAllLines(dir.resolve("lm").resolve("language-modeling.csv")).stream().filter(l -> !l.startsWith("#")).toList();
    assertEquals(2, csv.size(), String.join("\n", csv));
    assertTrue(csv.get(0).endsWith(",not_applicable") && csv.get(1).startsWith("eva,")
        && csv.get(1).endsWith(",not applicable: eva has no per-code visit probabilities"), String.join("\n", csv));
  }
}
