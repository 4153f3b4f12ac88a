package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.Sampling;
import halo.model.gpt.GptModel;
import halo.report.Provenance;
import halo.sample.GenerationSummary;
import halo.sample.Generator;
import halo.sample.LabelPrior;
import halo.train.BenchCohort;
import halo.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./halo generate} writes generation.json and generation.txt beside its cohort, and they say
 * what happened: the summary is read back with {@link GenerationSummary#read} and checked against the
 * cohort file it sits beside, against the same generation replayed in the test (same checkpoint, seed
 * and label prior give the same records, so its dropped visits and GPT's ignored tokens are known),
 * and against the inputs the command was given. Runs the real command on smoke models trained for one
 * epoch on a small bench cohort.
 */
class GenerateCommandTest {
  static final Dataset DS = BenchCohort.of(80, 30, 3, 5, 3, 8, 2);
  static final Vocabulary V = DS.vocabulary();
  @TempDir static Path shared;
  @TempDir Path tmp;
  static Path data, halo, gpt;

  @BeforeAll
  static void dataAndModels() throws IOException {
    data = shared.resolve("data");
    DS.save(data, "bench cohort");
    halo = train("halo");
    gpt = train("gpt");
  }

  static Path train(String model) {
    return trainInto(shared, data, model);
  }

  /** A smoke model trained for one epoch on {@code data}, in {@code dir/model}. */
  static Path trainInto(Path dir, Path data, String model) {
    Path run = dir.resolve(model);
    CliRun.of("train", "--preset", "smoke", "--model", model, "--epochs", "1", "--threads", "1", "--data", data.toString(),
        "--out", run.toString()).succeeded();
    return run;
  }

  /** Runs generate with {@code args} into a new folder; returns the summary it wrote, after the checks every run shares. */
  GenerationSummary generate(String name, String... args) throws IOException {
    Path out = tmp.resolve(name);
    CliRun res = CliRun.of(Stream.concat(Stream.of("generate", "--out", out.toString()), Stream.of(args)).toArray(String[]::new)).succeeded();
    GenerationSummary s = GenerationSummary.read(out);
    EncodedCohort cohort = EncodedCohort.load(out.resolve("synthetic.halo"), V);
    assertEquals(cohort.size(), s.records(), "records: the number of records in synthetic.halo");
    assertEquals(cohort.patients().stream().filter(p -> p.labels().length > 0 || p.visitCount() > 0).count(), csvRecords(out),
        "the records with rows in synthetic.csv");
    assertTrue(s.seconds() > 0, "seconds " + s.seconds());
    assertEquals(s.records() / s.seconds(), s.recordsPerSecond(), 1e-9 * s.recordsPerSecond(), "records/s is records over seconds");
    assertEquals(s.text(), Files.readString(out.resolve(GenerationSummary.TEXT)), "generation.txt is made from the same record");
    assertTrue(res.out().startsWith(s.text()), "the command prints the summary it wrote:\n" + res.out());
    try (Stream<Path> files = Files.list(out)) {
      assertEquals(List.of("generation.json", "generation.txt", "synthetic.csv", "synthetic.halo"),
          files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    return s;
  }

  /** Distinct patient ids in synthetic.csv (records without any label, demographic or code have no row). */
  static long csvRecords(Path out) throws IOException {
    return Files.readAllLines(out.resolve("synthetic.csv")).stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).distinct().count();
  }

  /** The command's unconditional generation, replayed here from the same checkpoint, label prior and seed. */
  static Generator.Result replay(Path run, int count, long seed, GenerativeModel m) throws IOException {
    return new Generator(m, LabelPrior.load(run.resolve(LabelPrior.FILE), V)).sample(count, seed, "syn");
  }

  @Test
  void givenAHaloCheckpoint_whenGenerating_thenGenerationJsonHoldsTheCohortsTrueCountsLabelRowSourceAndWhatMadeIt() throws IOException {
    Path ckpt = halo.resolve("best.ckpt");
    GenerationSummary s = generate("syn", "--checkpoint", ckpt.toString(), "--count", "23", "--seed", "11");
    assertEquals(23, s.records());
    try (GenerativeModel m = Checkpoint.loadModel(ckpt, V)) {
      Generator.Result r = replay(halo, 23, 11, m);
      assertEquals(r.cohort(), EncodedCohort.load(tmp.resolve("syn").resolve("synthetic.halo"), V), "the replay is the command's generation");
      assertEquals(r.emptyVisitsDropped(), s.emptyVisitsDropped());
    }
    assertEquals(0, s.ignoredTokens(), "HALO has no out-of-place tokens");
    assertEquals("drawn from the training split's label rows", s.labelRows());
    GenerationSummary.Source src = s.source();
    assertEquals(ckpt.toAbsolutePath().normalize().toString(), src.checkpoint());
    assertEquals(Provenance.fileHash(ckpt), src.checkpointHash());
    assertEquals(Checkpoint.config(ckpt).toString(), src.config());
    assertEquals(11, src.seed());
    assertEquals("unconditional records", src.request());
    assertEquals(halo.resolve(LabelPrior.FILE).toAbsolutePath().normalize().toString(), src.labelPrior());
  }

  @Test
  void givenEachWayOfChoosingLabelRows_whenGenerating_thenTheSummaryNamesTheOneUsed() throws IOException {
    String ckpt = halo.resolve("best.ckpt").toString();
    String prior = halo.resolve(LabelPrior.FILE).toAbsolutePath().normalize().toString();
    String label = V.label(1);

    GenerationSummary own = generate("own", "--checkpoint", ckpt, "--count", "9", "--label-rows", "model");
    assertEquals("sampled by the model", own.labelRows());
    assertNull(own.source().labelPrior(), "no label prior was used");
    assertEquals(4, own.source().seed(), "the default seed");

    GenerationSummary partial = generate("partial", "--checkpoint", ckpt, "--count", "9", "--labels", label);
    assertEquals("drawn from the training split's label rows", partial.labelRows());
    assertEquals("records conditioned on {" + label + "}", partial.source().request());
    assertEquals(prior, partial.source().labelPrior());

    GenerationSummary exact = generate("exact", "--checkpoint", ckpt, "--count", "9", "--labels", label, "--exact-labels");
    assertEquals("given by --exact-labels", exact.labelRows());
    assertEquals("records whose whole label row is {" + label + "}", exact.source().request());
    assertNull(exact.source().labelPrior());

    GenerationSummary cont = generate("cont", "--checkpoint", ckpt, "--continue", data.toString(), "--keep-visits", "2", "--seed", "6");
    assertEquals(DS.test().size(), cont.records(), "one record per test record continued");
    assertEquals("those of the continued records", cont.labelRows());
    assertEquals("the test records of " + data.toAbsolutePath().normalize() + " continued after their first 2 visits", cont.source().request());
    assertNull(cont.source().labelPrior());
    assertEquals(6, cont.source().seed());
  }

  /**
   * --temperature and --top-k: the command's cohort is the replay from the checkpoint loaded with that
   * sampling, the summary's config says so, sharpening HALO's draws lowers its codes per visit, and
   * top-k for a Bernoulli model is refused before anything is written.
   */
  @Test
  void givenTemperatureOrTopK_whenGenerating_thenRecordsAreThatSamplingsAndTheSummarySaysSo() throws IOException {
    Path ckpt = halo.resolve("best.ckpt");
    double[] codesPerVisit = new double[2];
    String[] temperatures = {"0.5", "1"};
    for (int i = 0; i < 2; i++) {
      GenerationSummary s = generate("t" + i, "--checkpoint", ckpt.toString(), "--count", "200", "--seed", "5", "--temperature", temperatures[i]);
      EncodedCohort cohort = EncodedCohort.load(tmp.resolve("t" + i).resolve("synthetic.halo"), V);
      Sampling sampling = Checkpoint.config(ckpt).sampling().with(Double.parseDouble(temperatures[i]), 0);
      try (GenerativeModel m = Checkpoint.loadModel(ckpt, V, sampling)) {
        assertEquals(replay(halo, 200, 5, m).cohort(), cohort, "T " + temperatures[i] + ": the replay is the command's generation");
        assertEquals(m.config().toString(), s.source().config());
      }
      codesPerVisit[i] = cohort.patients().stream().flatMap(p -> java.util.Arrays.stream(p.visits())).mapToInt(v -> v.length).average().orElse(0);
    }
    assertTrue(codesPerVisit[0] < 0.9 * codesPerVisit[1], "codes per visit at T 0.5 and 1: " + java.util.Arrays.toString(codesPerVisit));
    CliRun.of("generate", "--out", tmp.resolve("k").toString(), "--checkpoint", ckpt.toString(), "--top-k", "5")
        .refused("halo cannot sample with top-k 5 (use the temperature alone): it has no top-k sampling (TopKSampling; the models with it: gpt, promptehr, textgpt)");
    assertTrue(!Files.exists(tmp.resolve("k").resolve("synthetic.halo")));
    CliRun.of("generate", "--out", tmp.resolve("t").toString(), "--checkpoint", ckpt.toString(), "--temperature", "0")
        .refused("--temperature must be from 0.05 to 20.0, got 0.0");
  }

  @Test
  void givenAGptCheckpoint_whenGenerating_thenIgnoredTokensAreTheGenerationsOwnCount() throws IOException {
    Path ckpt = gpt.resolve("best.ckpt");
    GenerationSummary s = generate("gpt", "--checkpoint", ckpt.toString(), "--count", "30", "--seed", "3");
    try (GenerativeModel m = Checkpoint.loadModel(ckpt, V)) {
      Generator.Result r = replay(gpt, 30, 3, m);
      assertEquals(r.cohort(), EncodedCohort.load(tmp.resolve("gpt").resolve("synthetic.halo"), V), "the replay is the command's generation");
      long ignored = ((GptModel) m).ignoredTokens();
      assertTrue(ignored > 0, "a GPT trained one smoke epoch puts tokens out of place (else this test could not tell a count from 0)");
      assertEquals(ignored, s.ignoredTokens());
      assertEquals(r.emptyVisitsDropped(), s.emptyVisitsDropped());
    }
    assertTrue(s.text().contains(", %d out-of-place tokens ignored;".formatted(s.ignoredTokens())), s.text());
  }
}
