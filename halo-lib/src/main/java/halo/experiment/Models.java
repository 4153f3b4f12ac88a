package halo.experiment;

import halo.data.EncodedCohort;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.report.Provenance;
import halo.sample.GenerationSummary;
import halo.sample.Generator;
import halo.sample.LabelPrior;
import halo.train.Checkpoint;
import halo.train.Trainer;
import halo.train.TrainingSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Trained models and their synthetic cohorts, shared by every experiment through the {@link
 * RunCache}: a model is trained once per (data, config, seed) and a synthetic cohort generated once
 * per (model, count, seed); notebooks and {@code ./halo reproduce} reuse them.
 */
public final class Models {
  private Models() {}

  /**
   * Revision of the model and training code, part of every cache key: bump it when a change to
   * halo.model or halo.train changes what training produces (not only its speed), so cached models
   * and cohorts made by older code are not reused. 2: engine-owned constants (no GC-freed memory in
   * backward) and records packed into lanes. 3: step budgets with a cosine step-size schedule. 4: constant step size again (the cosine schedule
   * raised validation loss at equal steps, results/README.md) and label-balanced drawing at the default scale. 5: the config
   * written per concern (model shape, training, sampling); training itself unchanged, the key text changed.
   */
  public static final int TRAINING_REVISION = 5;

  /** The paper's six generators, in its tables' order. */
  public static final List<ModelKind> ALL = List.of(ModelKind.HALO, ModelKind.HALO_COARSE, ModelKind.LSTM, ModelKind.GPT,
      ModelKind.EVA, ModelKind.SYNTEG);

  /** Seed of synthetic-cohort generation (the authors' seed, protocol Part B §1.6). */
  public static final long GENERATION_SEED = 4;

  /**
   * How synthetic label rows are made, part of every synthetic cohort's cache key: drawn from the
   * training split's label rows for every model that can be conditioned on them ({@link LabelPrior});
   * a model without {@link halo.model.LabelConditioning} samples its own.
   */
  public static final String LABEL_ROWS = "training label rows (LabelPrior/1)";

  /** The training split's label rows, the distribution synthetic label rows are drawn from. */
  public static LabelPrior labelPrior(Workbench wb) {
    return LabelPrior.fit(wb.dataset().train().patients(), wb.dataset().vocabulary());
  }

  /** A generator for {@code model} whose label rows come from the training split ({@link #labelPrior}). */
  public static Generator generator(Workbench wb, GenerativeModel model) {
    return new Generator(model, labelPrior(wb));
  }

  /**
   * Training records of the default cohort's split: the step budgets of the default scale were sized on
   * it, and models that train by epochs (EVA's KL schedule, SynTEG's phases) get as many optimizer
   * steps on other data by scaling their epochs with it.
   */
  public static final int REFERENCE_TRAIN_RECORDS = 8_497;

  /** The configuration of {@code kind} at the workbench's scale, for its training split. */
  public static HaloConfig config(Workbench wb, ModelKind kind) {
    return config(kind, wb.scale(), wb.dataset().splits().train().size());
  }

  /**
   * The configuration of {@code kind} at {@code scale} for a training split of {@code trainRecords}:
   * the kind's preset ({@link HaloConfig#preset(String, ModelKind)}: {@code smoke} tiny, 3 epochs;
   * {@code default} the cpu preset; {@code paper} the authors'), all with the authors' 48-row context
   * so every scale sees the same records (a context that counts tokens is the kind's own). At the
   * default scale a model that stops on validation does so within its preset's step budget, so a
   * cohort of 3,000 patients is trained to convergence as the embedded 12,000 are; one that trains by
   * epochs (no step budget: EVA's KL schedule, SynTEG's phases) gets its epochs, and its GAN's, scaled
   * up on a smaller split to as many optimizer steps as on the default cohort ({@link
   * #REFERENCE_TRAIN_RECORDS}).
   */
  public static HaloConfig config(ModelKind kind, Scale scale, int trainRecords) {
    return switch (scale) {
      case SMOKE -> {
        HaloConfig c = HaloConfig.preset("smoke", kind);
        yield kind.traits().contextCountsRows() ? c.withModel(m -> m.context(48)) : c;
      }
      case DEFAULT -> {
        HaloConfig c = HaloConfig.preset("cpu", kind);
        if (c.training().maxSteps() > 0) yield c;
        double scaleUp = Math.max(1, REFERENCE_TRAIN_RECORDS / (double) Math.max(1, trainRecords));
        HaloConfig e = c.withTraining(t -> t.epochs((int) Math.ceil(c.training().epochs() * scaleUp)));
        yield e.training().gan() == null ? e : e.withTraining(t -> t.ganWith(g -> g.epochs((int) Math.ceil(e.training().gan().epochs() * scaleUp))));
      }
      case PAPER -> HaloConfig.preset("paper", kind);
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
    return checkpoint(wb, config(wb, kind), log);
  }

  /** The best-validation checkpoint of a model of {@code config} (another size of a kind, say), training it when not cached. */
  public static Path checkpoint(Workbench wb, HaloConfig config, PrintStream log) throws IOException {
    ModelKind kind = config.kind();
    Path folder = wb.cache().folder("models/" + kind.id(), modelKey(wb, config), dir -> {
      if (log != null) {
        log.println("training " + kind.id() + " on " + wb.describe());
      }
      try (GenerativeModel m = GenerativeModel.create(config, wb.dataset().vocabulary(), wb.dataset().train().patients())) {
        Trainer.fit(m, wb.dataset().train().patients(), wb.dataset().validation().patients(),
            Trainer.Options.quiet().withDir(dir).withResume(true).withLog(log).withRestoreBest(true)); // writes training.json
        LabelPrior.fit(wb.dataset().train().patients(), wb.dataset().vocabulary()).save(dir.resolve(LabelPrior.FILE));
      }
    });
    return folder.resolve(Trainer.BEST);
  }

  /** The provenance of results made with {@code kinds}: their configurations and checkpoint hashes. */
  public static Provenance provenance(Workbench wb, List<ModelKind> kinds, String extra) throws IOException {
    Map<String, HaloConfig> configs = new LinkedHashMap<>();
    for (ModelKind k : kinds) configs.put(k.id(), config(wb, k));
    return provenance(wb, configs, extra);
  }

  /** The provenance of results made with the models of {@code configs} (by name): their configurations and checkpoint hashes. */
  public static Provenance provenance(Workbench wb, Map<String, HaloConfig> configs, String extra) throws IOException {
    String all = configs.values().stream().map(HaloConfig::toString).collect(Collectors.joining("; "));
    StringBuilder hashes = new StringBuilder();
    for (var e : configs.entrySet()) {
      if (hashes.length() > 0) hashes.append(' ');
      hashes.append(e.getKey()).append(':').append(Provenance.fileHash(checkpoint(wb, e.getValue(), null)));
    }
    return wb.provenance(extra.isEmpty() ? all : all + "; " + extra, hashes.toString());
  }

  /** The trained model (the caller closes it). */
  public static GenerativeModel load(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    return Checkpoint.loadModel(checkpoint(wb, kind, log), wb.dataset().vocabulary());
  }

  /**
   * An unconditional synthetic cohort from {@code kind}, as many records as the training split (the
   * authors' volume, Part B §3.5), generated once and cached.
   */
  public static EncodedCohort synthetic(Workbench wb, ModelKind kind, PrintStream log) throws IOException {
    return synthetic(wb, kind, GENERATION_SEED, log);
  }

  /** As {@link #synthetic(Workbench, ModelKind, PrintStream)} with another generation seed. */
  public static EncodedCohort synthetic(Workbench wb, ModelKind kind, long seed, PrintStream log) throws IOException {
    return synthetic(wb, config(wb, kind), seed, log);
  }

  /** As {@link #synthetic(Workbench, ModelKind, long, PrintStream)} for the model of {@code config}. */
  public static EncodedCohort synthetic(Workbench wb, HaloConfig config, long seed, PrintStream log) throws IOException {
    return EncodedCohort.load(syntheticFolder(wb, config, seed, log).resolve("synthetic.halo"), wb.dataset().vocabulary());
  }

  /**
   * One row per model: its size and how its training and generation went (the run cache's {@link
   * TrainingSummary} and {@link GenerationSummary}, read back as records), so result tables can show what each model cost
   * and why its training stopped.
   */
  public static Table summary(Workbench wb, List<ModelKind> kinds, PrintStream log) throws IOException {
    Map<String, HaloConfig> configs = new LinkedHashMap<>();
    for (ModelKind k : kinds) configs.put(k.id(), config(wb, k));
    return summary(wb, configs, log);
  }

  /** As {@link #summary(Workbench, List, PrintStream)} for the models of {@code configs}, each row named by its key. */
  public static Table summary(Workbench wb, Map<String, HaloConfig> configs, PrintStream log) throws IOException {
    Table t = Table.create("models", StringColumn.create("model"), LongColumn.create("parameters"), IntColumn.create("embedding"),
        IntColumn.create("layers"), IntColumn.create("context"), IntColumn.create("epochs"), LongColumn.create("steps"),
        DoubleColumn.create("best_validation_loss"), DoubleColumn.create("train_records_per_s"), DoubleColumn.create("step_minutes"),
        DoubleColumn.create("generation_records_per_s"), IntColumn.create("empty_visits_dropped"), LongColumn.create("ignored_tokens"),
        StringColumn.create("stopped"));
    for (var e : configs.entrySet()) {
      HaloConfig c = e.getValue();
      Path ckpt = checkpoint(wb, c, log);
      long params;
      try (GenerativeModel m = Checkpoint.loadModel(ckpt, wb.dataset().vocabulary())) {
        params = m.params().count();
      }
      TrainingSummary tr = TrainingSummary.read(ckpt.getParent());
      GenerationSummary gen = GenerationSummary.read(syntheticFolder(wb, c, GENERATION_SEED, log));
      t.stringColumn("model").append(e.getKey());
      t.longColumn("parameters").append(params);
      t.intColumn("embedding").append(c.model().embedding());
      t.intColumn("layers").append(c.model().layers());
      t.intColumn("context").append(c.model().context());
      t.intColumn("epochs").append(tr.epochs());
      t.longColumn("steps").append(tr.steps());
      t.doubleColumn("best_validation_loss").append(tr.bestValidationLoss());
      t.doubleColumn("train_records_per_s").append(tr.recordsPerSecond());
      t.doubleColumn("step_minutes").append(tr.steps() * (double) c.training().batchSize() / tr.recordsPerSecond() / 60); // optimizer steps only, validation not counted
      t.doubleColumn("generation_records_per_s").append(gen.recordsPerSecond());
      t.intColumn("empty_visits_dropped").append(gen.emptyVisitsDropped());
      t.longColumn("ignored_tokens").append(gen.ignoredTokens());
      t.stringColumn("stopped").append(tr.stopReason());
    }
    return t;
  }

  static Path syntheticFolder(Workbench wb, ModelKind kind, long seed, PrintStream log) throws IOException {
    return syntheticFolder(wb, config(wb, kind), seed, log);
  }

  static Path syntheticFolder(Workbench wb, HaloConfig config, long seed, PrintStream log) throws IOException {
    ModelKind kind = config.kind();
    Path ckpt = checkpoint(wb, config, log);
    int count = wb.dataset().splits().train().size();
    Map<String, Object> key = new LinkedHashMap<>(modelKey(wb, config));
    key.put("count", count);
    key.put("seed", seed);
    key.put("label_rows", LABEL_ROWS);
    Path folder = wb.cache().folder("synthetic/" + kind.id(), key, dir -> {
      try (GenerativeModel m = Checkpoint.loadModel(ckpt, wb.dataset().vocabulary())) {
        Generator.Result r = generator(wb, m).sample(count, seed, kind.id() + "-");
        r.cohort().save(dir.resolve("synthetic.halo"));

        GenerationSummary.of(r, m, generator(wb, m).labelRowSource()).write(dir);
        if (log != null) {
          log.printf("generated %d %s records in %.1f s%n", r.cohort().size(), kind.id(), r.seconds());
        }
      }
    });
    return folder;
  }
}
