package halo.experiment;

import halo.Halo;
import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.data.Splits;
import halo.report.Provenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every experiment starts from: the dataset at a {@link Scale} (the default cohort, cut down to
 * a few hundred records for {@code smoke}), the {@link RunCache} that shares trained models and
 * synthetic cohorts between notebooks and the CLI, and the results folder.
 */
public final class Workbench {
  private final Scale scale;
  private final Dataset dataset;
  private final RunCache cache;
  private final Path results;

  public Workbench(Scale scale, Dataset dataset, RunCache cache, Path results) {
    this.scale = scale;
    this.dataset = dataset;
    this.cache = cache;
    this.results = results;
  }

  /** The default cohort at {@code scale}, the standard cache and results/ under the project root. */
  public static Workbench open(Scale scale) throws IOException {
    return open(scale, Dataset.defaultDir());
  }

  /** A dataset folder at {@code scale}. */
  public static Workbench open(Scale scale, Path datasetDir) throws IOException {
    Dataset full = Dataset.load(datasetDir);
    Dataset d = scale == Scale.SMOKE ? smoke(full) : full;
    return new Workbench(scale, d, RunCache.standard(), resultsRoot(scale));
  }

  /**
   * Where results made at {@code scale} go: {@code $HALO_RESULTS} when set; else the committed
   * results/ for the default and paper scales, and build/results-smoke/ (ignored by git) for smoke runs,
   * so that a quick check never overwrites the published numbers.
   */
  public static Path resultsRoot(Scale scale) {
    String env = System.getenv("HALO_RESULTS");
    if (scale == Scale.SMOKE && (env == null || env.isBlank())) return Halo.root().resolve("build/results-smoke");
    return Halo.results();
  }

  /** Sizes of the smoke subset: enough records for every metric to be defined, small enough for CI. */
  public static final int SMOKE_TRAIN = 200, SMOKE_VALIDATION = 50, SMOKE_TEST = 100;

  /** The first records of each split (splits are already shuffled with their seed). */
  static Dataset smoke(Dataset d) {
    Splits s = d.splits();
    Splits small = new Splits(head(s.train(), SMOKE_TRAIN), head(s.validation(), SMOKE_VALIDATION),
        head(s.test(), SMOKE_TEST), s.seed());
    List<String> ids = new ArrayList<>(small.train());
    ids.addAll(small.validation());
    ids.addAll(small.test());
    EncodedCohort c = d.cohort().select(ids);
    return new Dataset(d.name() + "-smoke", d.vocabulary(), c, small);
  }

  private static List<String> head(List<String> l, int n) {
    return l.subList(0, Math.min(n, l.size()));
  }

  public Scale scale() {
    return scale;
  }

  public Dataset dataset() {
    return dataset;
  }

  public RunCache cache() {
    return cache;
  }

  /** The results folder of one experiment, created when missing: results/&lt;experiment&gt;/. */
  public Path results(String experiment) throws IOException {
    return Files.createDirectories(results.resolve(experiment));
  }

  /** Seed of every experiment's draws (the authors' seed 4). */
  public static final long SEED = 4;

  /**
   * The provenance of a result made here: this dataset and scale, {@code config} (the models' and
   * the experiment's settings) and {@code checkpoints} (hashes of the model files used, or empty).
   */
  public Provenance provenance(String config, String checkpoints) {
    return Provenance.of(describe(), dataset.vocabulary().hash(),
        "scale " + scale.id() + (config.isEmpty() ? "" : "; " + config), SEED, checkpoints);
  }

  /** A short description for provenance: dataset name and vocabulary hash, scale. */
  public String describe() {
    return "%s (vocabulary %s, %d train / %d validation / %d test records), scale %s".formatted(
        dataset.name(), dataset.vocabulary().hash(), dataset.splits().train().size(),
        dataset.splits().validation().size(), dataset.splits().test().size(), scale.id());
  }
}
