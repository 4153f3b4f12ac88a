package halo.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import halo.data.Dataset;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.report.Provenance;
import halo.sample.Generator;
import halo.train.BenchCohort;
import halo.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code ./halo bench}: trains each model for --epochs (generation speed depends on what the model
 * has learned: an untrained HALO samples hundreds of codes per visit), then generates, and prints one
 * JSON line per model: training and generation records/s, what was generated (visits and codes per
 * record, tokens sampled per record), the training FLOPs per record counted two ways (the useful
 * multiply–adds, masked head weights excluded, and the earlier count with HALO's head as dense
 * products; ×2 for FLOPs, ×3 for forward plus backward), the achieved rates and their fraction of the
 * machine's dense float32 matmul rate measured in the same run (MFU), and the run's provenance
 * (threads, cores, CPU, git commit). By default it runs on the embedded default cohort (real records);
 * {@code --paper-shape} uses the synthetic cohort of the authors' timing shape. With {@code --compare
 * REF.jsonl} (a saved run of an earlier commit on the same machine) it also prints, on stderr, the
 * ratios of this run against it and anything that makes them incomparable.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure training and generation speed of the models (halo, coarse,"
    + " lstm, gpt, eva, synteg) on real records; one JSON line per model (save them with '> run.jsonl'; compare two runs of one"
    + " machine with --compare).")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--model", split = ",", defaultValue = "halo", completionCandidates = ModelIds.class, description = "Models to measure, comma-separated, from: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--embedding", defaultValue = "256", description = "Width of the visit embedding (default ${DEFAULT-VALUE}).") int embedding;
  @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default ${DEFAULT-VALUE}).") int layers;
  @Option(names = "--heads", defaultValue = "4", description = "Attention heads per block (default ${DEFAULT-VALUE}).") int heads;
  @Option(names = "--context", defaultValue = "48", description = "Rows per record: start, labels and visits (default ${DEFAULT-VALUE}).") int context;
  @Option(names = "--batch", defaultValue = "48", description = "Records per training step (default ${DEFAULT-VALUE}).") int batch;
  @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default ${DEFAULT-VALUE}, the authors').") double lr;
  @Option(names = "--epochs", defaultValue = "3", description = "Training epochs before generating (default ${DEFAULT-VALUE}).") int epochs;
  @Option(names = "--generate", defaultValue = "512", description = "Records to generate (default ${DEFAULT-VALUE}).") int generate;
  @Option(names = "--sample-batch", defaultValue = "256", description = "Records generated together (default ${DEFAULT-VALUE}).") int sampleBatch;
  @Option(names = "--seed", defaultValue = "4", description = "Seed of initialisation, shuffling and sampling (default ${DEFAULT-VALUE}).") long seed;

  @Option(names = "--data", description = "Encoded dataset folder (default: datasets/default, the embedded cohort of real records).")
  Path data;

  @Option(names = "--paper-shape", description = "Use a synthetic cohort of the authors' timing shape (2,000 patients, V = 955,"
      + " ~33 visits, ~5 codes per visit) instead of real records; its records are sparser than real ones.")
  boolean paperShape;

  @Option(names = "--compare", paramLabel = "REF.jsonl", description = "A saved bench run (an earlier commit, this machine): print the"
      + " ratios of this run against it on stderr, and what makes them incomparable.")
  Path compare;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    OptionChecks.range(spec, "--embedding", embedding, 2, 100_000);
    OptionChecks.range(spec, "--layers", layers, 1, 1_000);
    OptionChecks.range(spec, "--heads", heads, 1, 1_000);
    OptionChecks.range(spec, "--context", context, 3, 100_000);
    OptionChecks.range(spec, "--batch", batch, 1, 1_000_000);
    OptionChecks.positive(spec, "--lr", lr, 1.0);
    OptionChecks.range(spec, "--epochs", epochs, 0, 100_000);
    OptionChecks.range(spec, "--generate", generate, 1, 10_000_000);
    OptionChecks.range(spec, "--sample-batch", sampleBatch, 1, 1_000_000);
    OptionChecks.exists(spec, "--data", data);
    OptionChecks.exists(spec, "--compare", compare);
    if (paperShape && data != null) throw new CommandLine.ParameterException(spec.commandLine(), "--paper-shape and --data exclude each other");
    BenchCompare reference = compare == null ? null : BenchCompare.read(compare);
    Dataset ds;
    String source;
    if (paperShape) {
      ds = BenchCohort.paperShape(seed);
      source = "synthetic (BenchCohort.paperShape)";
    } else if (data != null) {
      ds = Dataset.load(data);
      source = data.toString();
    } else if (Files.isDirectory(Dataset.defaultDir())) {
      ds = Dataset.loadDefault();
      source = "datasets/default";
    } else {
      throw new IllegalArgumentException("the default cohort (" + Dataset.defaultDir() + ") is missing: give --data or --paper-shape");
    }
    System.err.printf("bench on %s (%,d training records, V = %,d): E %d, %d layers, %d heads, %d rows, batch %d, lr %s, %d epochs,"
        + " then %,d records generated in batches of %d; %d PyTorch threads%n", source, ds.splits().train().size(), ds.vocabulary().size(),
        embedding, layers, heads, context, batch, lr, epochs, generate, sampleBatch, threads());
    double matmul = matmulGflops();
    ObjectMapper json = new ObjectMapper();
    for (String name : models) {
      HaloConfig c = HaloConfig.cpu().withKind(ModelKind.parse(name))
          .withModel(b -> b.embedding(embedding).layers(layers).heads(heads).context(context))
          .withTraining(b -> b.batchSize(batch).learningRate(lr).epochs(epochs).steps(0, 0).patience(0).validateEvery(0))
          .withSampleBatch(sampleBatch).withSeed(seed);
      try (GenerativeModel m = GenerativeModel.create(c, ds.vocabulary(), ds.train().patients())) {
        Trainer.Result r = Trainer.fit(m, ds.train().patients(), List.of(), Trainer.Options.quiet().withLog(System.err));
        Generator.Result g = new Generator(m).sample(generate, seed, "bench");
        Map<String, Object> out = line(c, source, ds, r, g, matmul);
        System.out.println(json.writeValueAsString(out));
        if (reference != null) System.err.println(reference.compare(json.valueToTree(out)));
      }
    }
    return 0;
  }

  private Map<String, Object> line(HaloConfig c, String source, Dataset ds, Trainer.Result r, Generator.Result g, double matmul) {
    double flops = 2.0 * r.trainMacs() / Math.max(1, r.trainRecords());
    double denseFlops = 2.0 * r.trainDenseMacs() / Math.max(1, r.trainRecords());
    long sampled = 0;
    for (int[][] rows : g.rows()) for (int t = 1; t < rows.length; t++) sampled += rows[t].length; // every row after the start row was sampled
    int records = g.cohort().size();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", c.kind().id());
    out.put("data", source);
    out.put("vocabulary", ds.vocabulary().size());
    out.put("train_records", ds.splits().train().size());
    out.put("embedding", embedding);
    out.put("layers", layers);
    out.put("heads", heads);
    out.put("context", context);
    out.put("batch", batch);
    out.put("lr", lr);
    out.put("epochs", epochs);
    out.put("sample_batch", sampleBatch);
    out.put("seed", seed);
    out.put("threads", threads());
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("cpu", cpuModel());
    out.put("git", Provenance.currentGitCommit());
    out.put("final_train_loss", r.lastTrainLoss());
    out.put("train_seconds", round(r.trainSeconds()));
    out.put("train_records_per_s", round(r.recordsPerSecond()));
    out.put("generated_records", records);
    out.put("generated_visits_per_record", round(g.cohort().visitCount() / (double) records));
    out.put("generated_codes_per_record", round(g.cohort().codeCount() / (double) records));
    out.put("generated_codes_per_visit", round(g.cohort().codeCount() / (double) Math.max(1, g.cohort().visitCount())));
    out.put("sampled_tokens_per_record", round(sampled / (double) records));
    out.put("generation_seconds", round(g.seconds()));
    out.put("generation_records_per_s", round(g.recordsPerSecond()));
    out.put("train_flops_per_record", Math.round(flops));
    out.put("achieved_gflops", round(flops * r.recordsPerSecond() / 1e9));
    out.put("mfu", round(flops * r.recordsPerSecond() / 1e9 / matmul));
    out.put("train_flops_per_record_dense_count", Math.round(denseFlops));
    out.put("achieved_gflops_dense_count", round(denseFlops * r.recordsPerSecond() / 1e9));
    out.put("mfu_dense_count", round(denseFlops * r.recordsPerSecond() / 1e9 / matmul));
    out.put("matmul_gflops", round(matmul));
    return out;
  }

  /**
   * PyTorch's intra-op threads: --threads (the system property it sets), else OMP_NUM_THREADS, else
   * PyTorch's default, one per core (this engine build cannot report it).
   */
  static int threads() {
    for (String s : new String[] {System.getProperty("ai.djl.pytorch.num_threads"), System.getenv("OMP_NUM_THREADS")}) {
      try {
        if (s != null) return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        // not a number: PyTorch ignores it too
      }
    }
    return Runtime.getRuntime().availableProcessors();
  }

  /** The CPU's model name (Linux), or the OS architecture. */
  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: fall through
    }
    return System.getProperty("os.arch");
  }

  static double round(double x) {
    return Math.round(x * 100) / 100.0;
  }

  /** Dense float32 2000×2000 matmul rate of this machine (GFLOP/s, best of 5 timed runs after warm-up). */
  static double matmulGflops() {
    int n = 2000;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.randomNormal(new Shape(n, n));
      NDArray b = m.randomNormal(new Shape(n, n));
      double best = Double.MAX_VALUE;
      for (int i = 0; i < 7; i++) {
        long t0 = System.nanoTime();
        try (NDArray c = a.matMul(b)) {
          c.getFloat(0, 0); // forces completion
        }
        double s = (System.nanoTime() - t0) / 1e9;
        if (i >= 2) best = Math.min(best, s);
      }
      return 2.0 * n * n * n / best / 1e9;
    }
  }
}
