package halo.experiment;

import halo.data.EncodedCohort;
import halo.report.Provenance;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.VisitModel;
import halo.sample.Generator;
import halo.train.Checkpoint;
import halo.train.Trainer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Collectors;
import java.util.Map;

/**
 * Trained models and their synthetic cohorts, shared by every experiment through the {@link
 * RunCache}: a model is trained once per (data, config, seed) and a synthetic cohort generated once
 * per (model, count, seed); notebooks and {@code ./halo reproduce} reuse them.
 */
public final class Models {
  private Models() {}

  /**
   * Epochs at the default scale. HALO's code head is (E+V)² ≈ 2.1M weights per layer for the default
   * cohort (V = 1,327) and dominates its cost: HALO trains at about 175 records/s on an idle 2-core
   * CPU, so 12 epochs of 8,495 records take about 10 minutes, HALO-Coarse and the LSTM far less. On
   * this cohort HALO's validation BCE was 0.0201, 0.0147, 0.0125 after 3, 6 and 9 epochs (still
   * falling); 12 is what the one-hour budget of {@code make reproduce} affords with generation and
   * evaluation. (The paper trains 50 epochs of a 768-wide, 12-layer model on a GPU.)
   */
  public static final int DEFAULT_EPOCHS = 12;

  /**
   * Revision of the model and training code, part of every cache key: bump it when a change to
   * halo.model or halo.train changes what training produces (not only its speed), so cached models
   * and cohorts made by older code are not reused. 2: engine-owned constants (no GC-freed memory in
   * backward) and records packed into lanes.
   */
  public static final int TRAINING_REVISION = 2;

  /** The paper's six generators, in its tables' order. */
  public static final List<ModelKind> ALL = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM, ModelKind.GPT,
      ModelKind.EVA, ModelKind.SYNTEG);

  /** Seed of synthetic-cohort generation (the authors' seed, protocol Part B §1.6). */
  public static final long GENERATION_SEED = 4;

  /**
   * The configuration of {@code kind} at {@code scale}: the model presets ({@code smoke}: tiny, 3
   * epochs; {@code default}: {@link HaloConfig#cpu()} trained for {@link #DEFAULT_EPOCHS} epochs;
   * {@code paper}: {@link HaloConfig#paper()}), all with the authors' 48-row context so every scale
   * sees the same records.
   */
  public static HaloConfig config(ModelKind kind, Scale scale) {
    return switch (scale) {
      case SMOKE -> kind == ModelKind.GPT ? HaloConfig.preset("smoke", kind) : HaloConfig.preset("smoke", kind).withContext(48);
      case DEFAULT -> HaloConfig.preset("cpu", kind).withEpochs(defaultEpochs(kind));
      case PAPER -> HaloConfig.preset("paper", kind);
    };
  }

  /**
   * Epochs at the default scale, chosen so that {@code make reproduce} trains all six models within
   * its hour on a 2-core CPU (measured rates in results/README.md): the visit models {@link
   * #DEFAULT_EPOCHS}; GPT 2 (its flat sequences are ~10× HALO's rows: ~45 records/s at E 64, 2
   * layers); EVA 8 (its KL weight reaches 1 at the 8th); SynTEG's dependency model 4, then its GAN's
   * own epochs ({@link HaloConfig.Baselines#ganEpochs()}, 6).
   */
  public static int defaultEpochs(ModelKind kind) {
    return switch (kind) {
      case GPT -> 2;
      case EVA -> 8;
      case SYNTEG -> 4;
      default -> DEFAULT_EPOCHS;
    };
  }

  /** What determines a trained model: the data and its splits, and the configuration (with its seed). */
  static Map<String, Object> modelKey(Workbench wb, HaloConfig config) {
    Map<String, Object> key = new LinkedHashMap<>();
    key.put("dataset", wb.dataset().name());
    key.put("vocabulary", wb.dataset().vocabulary().hash());
    key.put("train", wb.dataset().splits().train().hashCode());
    key.put("validation", wb.dataset().splits().validation().hashCode());
    key.put("config", config.toString());
    key.put("training_revision", TRAINING_REVISION);
    return key;
  }

  /** The best-validation checkpoint of {@code kind} at the workbench's scale, training it when not cached. */
  public static Path checkpoint(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    HaloConfig config = config(kind, wb.scale());
    Path folder = wb.cache().folder("models/" + kind.id(), modelKey(wb, config), dir -> {
      if (log != null) {
        log.println("training " + kind.id() + " on " + wb.describe());
      }
      try (VisitModel m = VisitModel.create(config, wb.dataset().vocabulary())) {
        Trainer.Result r = Trainer.fit(m, wb.dataset().train().patients(), wb.dataset().validation().patients(),
            Trainer.Options.quiet().withDir(dir).withResume(true).withLog(log).withRestoreBest(true));
        String cuts = m.truncationReport(wb.dataset().train().patients());
        Files.writeString(dir.resolve("training.txt"), "%s%nsteps %d, epochs %d, best validation loss %.6f, %.1f records/s%n%s"
            .formatted(config, r.steps(), r.epochsDone(), r.bestValidation(), r.recordsPerSecond(), cuts == null ? "" : cuts + "\n"));
      }
    });
    return folder.resolve(Trainer.BEST);
  }

  /** The provenance of results made with {@code kinds}: their configurations and checkpoint hashes. */
  public static halo.report.Provenance provenance(Workbench wb, List<ModelKind> kinds, String extra) throws IOException {
    String configs = kinds.stream().map(k -> config(k, wb.scale()).toString()).collect(Collectors.joining("; "));
    StringBuilder hashes = new StringBuilder();
    for (ModelKind k : kinds) {
      if (hashes.length() > 0) hashes.append(' ');
      hashes.append(k.id()).append(':').append(Provenance.fileHash(checkpoint(wb, k, null)));
    }
    return wb.provenance(extra.isEmpty() ? configs : configs + "; " + extra, hashes.toString());
  }

  /** The trained model (the caller closes it). */
  public static VisitModel load(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    return Checkpoint.loadModel(checkpoint(wb, kind, log), wb.dataset().vocabulary());
  }

  /**
   * An unconditional synthetic cohort from {@code kind}, as many records as the training split (the
   * authors' volume, Part B §3.5), generated once and cached.
   */
  public static EncodedCohort synthetic(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    return EncodedCohort.load(syntheticFolder(wb, kind, log).resolve("synthetic.halo"), wb.dataset().vocabulary());
  }

  /**
   * One row per model: its size and how its training and generation went (read back from the run
   * cache's training.txt and generation.txt), so result tables can show what each baseline cost.
   */
  public static tech.tablesaw.api.Table summary(Workbench wb, List<ModelKind> kinds, PrintStream log) throws IOException {
    var t = tech.tablesaw.api.Table.create("models",
        tech.tablesaw.api.StringColumn.create("model"), tech.tablesaw.api.LongColumn.create("parameters"),
        tech.tablesaw.api.IntColumn.create("embedding"), tech.tablesaw.api.IntColumn.create("layers"),
        tech.tablesaw.api.IntColumn.create("context"), tech.tablesaw.api.IntColumn.create("epochs"),
        tech.tablesaw.api.LongColumn.create("steps"), tech.tablesaw.api.DoubleColumn.create("best_validation_loss"),
        tech.tablesaw.api.DoubleColumn.create("train_records_per_s"), tech.tablesaw.api.DoubleColumn.create("generation_records_per_s"),
        tech.tablesaw.api.IntColumn.create("empty_visits_dropped"));
    java.util.regex.Pattern train = java.util.regex.Pattern.compile(
        "steps (\\d+), epochs (\\d+), best validation (?:BCE|loss) ([-\\d.NaEe]+), ([\\d.]+) records/s");
    java.util.regex.Pattern gen = java.util.regex.Pattern.compile("records/s\\), (\\d+) empty visits dropped");
    java.util.regex.Pattern genRate = java.util.regex.Pattern.compile("\\(([\\d.]+) records/s\\)");
    for (ModelKind k : kinds) {
      HaloConfig c = config(k, wb.scale());
      Path ckpt = checkpoint(wb, k, log);
      long params;
      try (VisitModel m = Checkpoint.loadModel(ckpt, wb.dataset().vocabulary())) {
        params = m.params().count();
      }
      var tm = train.matcher(Files.readString(ckpt.getParent().resolve("training.txt")));
      String g = Files.readString(syntheticFolder(wb, k, log).resolve("generation.txt"));
      var gm = gen.matcher(g);
      var gr = genRate.matcher(g);
      boolean ok = tm.find() & gm.find() & gr.find();
      if (!ok) throw new IOException("unreadable training.txt or generation.txt for " + k.id() + " under " + ckpt.getParent());
      t.stringColumn("model").append(k.id());
      t.longColumn("parameters").append(params);
      t.intColumn("embedding").append(c.embedding());
      t.intColumn("layers").append(c.layers());
      t.intColumn("context").append(c.context());
      t.intColumn("epochs").append(Integer.parseInt(tm.group(2)));
      t.longColumn("steps").append(Long.parseLong(tm.group(1)));
      t.doubleColumn("best_validation_loss").append(Double.parseDouble(tm.group(3)));
      t.doubleColumn("train_records_per_s").append(Double.parseDouble(tm.group(4)));
      t.doubleColumn("generation_records_per_s").append(Double.parseDouble(gr.group(1)));
      t.intColumn("empty_visits_dropped").append(Integer.parseInt(gm.group(1)));
    }
    return t;
  }

  static Path syntheticFolder(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    Path ckpt = checkpoint(wb, kind, log);
    int count = wb.dataset().splits().train().size();
    Map<String, Object> key = new LinkedHashMap<>(modelKey(wb, config(kind, wb.scale())));
    key.put("count", count);
    key.put("seed", GENERATION_SEED);
    Path folder = wb.cache().folder("synthetic/" + kind.id(), key, dir -> {
      try (VisitModel m = Checkpoint.loadModel(ckpt, wb.dataset().vocabulary())) {
        Generator.Result r = new Generator(m).sample(count, GENERATION_SEED, kind.id() + "-");
        r.cohort().save(dir.resolve("synthetic.halo"));
        String ignored = m instanceof halo.model.GptModel g ? ", %d out-of-place tokens ignored".formatted(g.ignoredTokens()) : "";
        Files.writeString(dir.resolve("generation.txt"), "%d records in %.1f s (%.1f records/s), %d empty visits dropped%s%n"
            .formatted(r.cohort().size(), r.seconds(), r.recordsPerSecond(), r.emptyVisitsDropped(), ignored));
        if (log != null) {
          log.printf("generated %d %s records in %.1f s%n", r.cohort().size(), kind.id(), r.seconds());
        }
      }
    });
    return folder;
  }
}
