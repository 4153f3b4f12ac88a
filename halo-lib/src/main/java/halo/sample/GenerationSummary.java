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
 * @param ignoredTokens tokens out of place that were ignored (GPT; 0 for the others)
 * @param labelRows where the label rows came from ({@link Generator#labelRowSource()})
 */
public record GenerationSummary(int records, double seconds, double recordsPerSecond, int emptyVisitsDropped, long ignoredTokens,
    String labelRows) {
  /** The JSON file beside a synthetic cohort. */
  public static final String JSON = "generation.json";
  /** The human-readable file beside a synthetic cohort. */
  public static final String TEXT = "generation.txt";

  /** The summary of {@code r}. */
  public static GenerationSummary of(Generator.Result r, long ignoredTokens, String labelRows) {
    return new GenerationSummary(r.cohort().size(), r.seconds(), r.recordsPerSecond(), r.emptyVisitsDropped(), ignoredTokens, labelRows);
  }

  /** The line of {@value #TEXT}. */
  public String text() {
    return "%d records in %.1f s (%.1f records/s), %d empty visits dropped%s; label rows %s%n".formatted(records, seconds, recordsPerSecond,
        emptyVisitsDropped, ignoredTokens > 0 ? ", %d out-of-place tokens ignored".formatted(ignoredTokens) : "", labelRows);
  }

  /** Writes {@value #JSON} and {@value #TEXT} into {@code dir}, each atomically. */
  public void write(Path dir) throws IOException {
    TrainingSummary.writeJson(dir.resolve(JSON), this);
    Path tmp = dir.resolve(TEXT + ".tmp");
    Files.writeString(tmp, text());
    Files.move(tmp, dir.resolve(TEXT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The summary in {@code dir}'s {@value #JSON}. */
  public static GenerationSummary read(Path dir) throws IOException {
    return TrainingSummary.readJson(dir.resolve(JSON), GenerationSummary.class);
  }
}
