package halo.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.ObjectMapper;
import halo.data.Dataset;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.VisitModel;
import halo.sample.Generator;
import halo.train.BenchCohort;
import halo.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./halo bench}: trains each model for --epochs (generation speed depends on what the model
 * has learned: an untrained HALO samples hundreds of codes per visit), then generates, and prints one
 * JSON line per model with training and generation throughput, the training FLOPs per record (the
 * multiply–adds this implementation performs, ×2 for FLOPs, ×3 for forward plus backward), the
 * achieved FLOP rate, and the machine's dense float32 matmul rate measured in the same run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure training and generation speed of the models (halo, coarse, lstm, gpt, eva, synteg); one JSON line per model.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--model", split = ",", defaultValue = "halo", description = "Models to measure, comma-separated, from: halo, coarse, lstm, gpt, eva, synteg (default ${DEFAULT-VALUE}).")
  List<String> models;

  @Option(names = "--embedding", defaultValue = "256", description = "Width of the visit embedding (default ${DEFAULT-VALUE}).") int embedding;
  @Option(names = "--layers", defaultValue = "4", description = "Transformer blocks (default ${DEFAULT-VALUE}).") int layers;
  @Option(names = "--heads", defaultValue = "4", description = "Attention heads per block (default ${DEFAULT-VALUE}).") int heads;
  @Option(names = "--context", defaultValue = "48", description = "Rows per record: start, labels and visits (default ${DEFAULT-VALUE}).") int context;
  @Option(names = "--batch", defaultValue = "48", description = "Records per training step (default ${DEFAULT-VALUE}).") int batch;
  @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default ${DEFAULT-VALUE}, the authors')") double lr;
  @Option(names = "--epochs", defaultValue = "10", description = "training epochs before generating (default ${DEFAULT-VALUE})") int epochs;
  @Option(names = "--generate", defaultValue = "512", description = "records to generate (default ${DEFAULT-VALUE})") int generate;
  @Option(names = "--sample-batch", defaultValue = "256", description = "Records generated together (default ${DEFAULT-VALUE}).") int sampleBatch;
  @Option(names = "--seed", defaultValue = "4", description = "Seed of initialisation, shuffling and sampling (default ${DEFAULT-VALUE}).") long seed;

  @Option(names = "--data", description = "encoded dataset folder (default: datasets/default; when it is missing, a synthetic"
      + " cohort of the authors' timing shape: 2,000 patients, V = 955, ~33 visits, ~5 codes per visit)")
  Path data;

  @Option(names = "--paper-shape", description = "use a synthetic cohort of the authors' timing shape (2,000 patients, V = 955,"
      + " ~33 visits, ~5 codes per visit) instead of --data: the configuration the issue's targets were measured on")
  boolean paperShape;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

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
      ds = BenchCohort.paperShape(seed);
      source = "synthetic (BenchCohort.paperShape, datasets/default not present)";
    }
    double matmul = matmulGflops();
    ObjectMapper json = new ObjectMapper();
    for (String name : models) {
      HaloConfig c = HaloConfig.cpu().withKind(ModelKind.parse(name)).withEmbedding(embedding).withLayers(layers).withHeads(heads)
          .withContext(context).withBatchSize(batch).withLearningRate(lr).withEpochs(epochs).withSteps(0, 0).withPatience(0).withValidateEvery(0)
          .withSampleBatch(sampleBatch).withSeed(seed);
      try (VisitModel m = VisitModel.create(c, ds.vocabulary())) {
        Trainer.Result r = Trainer.fit(m, ds.train().patients(), List.of(), Trainer.Options.quiet().withLog(System.err));
        Generator.Result g = new Generator(m).sample(generate, seed, "bench");
        double flopsPerRecord = 2.0 * r.trainMacs() / Math.max(1, r.trainRecords());
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
        out.put("epochs", epochs);
        out.put("threads", Runtime.getRuntime().availableProcessors());
        out.put("final_train_loss", r.lastTrainLoss());
        out.put("train_records_per_s", round(r.recordsPerSecond()));
        out.put("generated_records", g.cohort().size());
        out.put("generated_visits_per_record", round(g.cohort().visitCount() / (double) g.cohort().size()));
        out.put("generated_codes_per_visit", round(g.cohort().codeCount() / (double) Math.max(1, g.cohort().visitCount())));
        out.put("generation_records_per_s", round(g.recordsPerSecond()));
        out.put("train_flops_per_record", Math.round(flopsPerRecord));
        out.put("achieved_gflops", round(flopsPerRecord * r.recordsPerSecond() / 1e9));
        out.put("matmul_gflops", round(matmul));
        System.out.println(json.writeValueAsString(out));
      }
    }
    return 0;
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
