package halo.sample;

import halo.train.TrainingSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a generation did, written once beside its cohort as {@value #JSON} (read back with {@link
 * #read}) and, for people, {@value #TEXT}, made from the same record by {@link #text()}.
 *
 * @param records records generated
 * @param seconds wall time of the sampling
 * @param recordsPerSecond records per second
 * @param emptyVisitsDropped generated visits without codes, dropped
 * @param ignoredTokens tokens out of place that were ignored ({@link halo.model.GenerativeModel#ignoredTokens()}: GPT, the text GPT; 0 for the others)
 * @param ignoredDetail what those were, in words ({@link halo.model.GenerativeModel#ignoredReport()}), or null
 * @param labelRows where the label rows came from ({@link Generator#labelRowSource()}, or what the command gave)
 * @param source which checkpoint, seed and request made the records, or null: summaries written before
 *     it was recorded lack it, and the experiments' cached cohorts have it in their cache key instead
 */
public record GenerationSummary(int records, double seconds, double recordsPerSecond, int emptyVisitsDropped, long ignoredTokens,
    String ignoredDetail, String labelRows, Source source) {
  /** The JSON file beside a synthetic cohort. */
  public static final String JSON = "generation.json";
  /** The human-readable file beside a synthetic cohort. */
  public static final String TEXT = "generation.txt";

  /**
   * What a generation was made from, so that a cohort found later can be traced to the model, seed
   * and request that made it (synthetic.halo and synthetic.csv do not say).
   *
   * @param checkpoint the checkpoint file, absolute
   * @param checkpointHash the first 16 hex digits of its SHA-256, as the provenance of result files names checkpoints
   * @param config the config stored in the checkpoint (its text form, as in training.json)
   * @param seed the sampling seed
   * @param request what was asked for: unconditional records, labels, or real records continued
   * @param labelPrior the label-prior file the label rows were drawn from, absolute, or null when none was used
   */
  public record Source(String checkpoint, String checkpointHash, String config, long seed, String request, String labelPrior) {}

  /** The summary of {@code r} by {@code model}, without its source (the experiments' cache key holds it). */
  public static GenerationSummary of(Generator.Result r, halo.model.GenerativeModel model, String labelRows) {
    return of(r, model, labelRows, null);
  }

  /** The summary of {@code r} by {@code model}, made from {@code source}. */
  public static GenerationSummary of(Generator.Result r, halo.model.GenerativeModel model, String labelRows, Source source) {
    return new GenerationSummary(r.cohort().size(), r.seconds(), r.recordsPerSecond(), r.emptyVisitsDropped(), model.ignoredTokens(),
        model.ignoredReport(), labelRows, source);
  }

  /** The lines of {@value #TEXT}: the counts, then (when known) the source. */
  public String text() {
    String counts = "%d records in %.1f s (%.1f records/s), %d empty visits dropped%s; label rows %s%n".formatted(records, seconds,
        recordsPerSecond, emptyVisitsDropped, ignoredTokens > 0 ? ", %d out-of-place tokens ignored%s".formatted(ignoredTokens, ignoredDetail == null ? "" : " (" + ignoredDetail + ")") : "",
        labelRows);
    if (source == null) return counts;
    return counts + "%s, seed %d, from %s (SHA-256 %s)%s%n%s%n".formatted(source.request(), source.seed(), source.checkpoint(),
        source.checkpointHash(), source.labelPrior() == null ? "" : ", label prior " + source.labelPrior(), source.config());
  }

  /** Writes {@value #JSON} and {@value #TEXT} into {@code dir}, each atomically. */
  public void write(Path dir) throws IOException {
    TrainingSummary.writeJson(dir.resolve(JSON), this);
    Path tmp = dir.resolve(TEXT + ".tmp");
    Files.writeString(tmp, text());
    Files.move(tmp, dir.resolve(TEXT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The summary in {@code dir}'s {@value #JSON}; one written before sources were recorded reads with a null source. */
  public static GenerationSummary read(Path dir) throws IOException {
    return TrainingSummary.readJson(dir.resolve(JSON), GenerationSummary.class);
  }
}
