package halo.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a training run did, written once by the {@link Trainer} into its run folder as {@value #JSON}
 * (read back with {@link #read}) and, for people, {@value #TEXT}, made from the same record by {@link
 * #text()}: nothing reads the text file back.
 *
 * @param config the configuration the model was built with
 * @param steps optimizer steps done (over every resume)
 * @param epochs epochs done
 * @param bestValidationLoss best validation BCE (NaN when never validated)
 * @param recordsPerSecond training records per second of optimizer steps, in the last process
 * @param stopReason why training stopped
 * @param truncation which records were cut to the model's context, or null
 */
public record TrainingSummary(String config, long steps, int epochs, double bestValidationLoss, double recordsPerSecond,
    String stopReason, String truncation) {
  /** The JSON file in a run folder. */
  public static final String JSON = "training.json";
  /** The human-readable file in a run folder. */
  public static final String TEXT = "training.txt";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The summary of the run {@code r} of a model built with {@code config} (its text form). */
  public static TrainingSummary of(String config, Trainer.Result r, String truncation) {
    return new TrainingSummary(config, r.steps(), r.epochsDone(), r.bestValidation(), r.recordsPerSecond(), r.stopReason(),
        truncation);
  }

  /** The lines of {@value #TEXT}. */
  public String text() {
    return "%s%nsteps %d, epochs %d, best validation loss %.6f, %.1f records/s%nstopped: %s%n%s".formatted(config, steps, epochs,
        bestValidationLoss, recordsPerSecond, stopReason, truncation == null ? "" : truncation + "\n");
  }

  /** Writes {@value #JSON} and {@value #TEXT} into {@code dir}, each atomically. */
  public void write(Path dir) throws IOException {
    writeAtomically(dir.resolve(JSON), MAPPER.writeValueAsString(this) + "\n");
    writeAtomically(dir.resolve(TEXT), text());
  }

  /** The summary in {@code dir}'s {@value #JSON}. */
  public static TrainingSummary read(Path dir) throws IOException {
    return readJson(dir.resolve(JSON), TrainingSummary.class);
  }

  static void writeAtomically(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * A summary record read from {@code file}, with a message that names the file and the fix when it
   * is missing or unreadable (a run folder written before run summaries existed).
   */
  public static <T> T readJson(Path file, Class<T> type) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: " + file.getParent() + " was written before run summaries, or by a run that"
          + " did not finish; delete the folder to redo the run");
    }
    try {
      return MAPPER.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage() + " (delete " + file.getParent() + " to redo the run)", e);
    }
  }

  /** Writes {@code summary} as indented JSON to {@code file}, atomically. */
  public static void writeJson(Path file, Object summary) throws IOException {
    writeAtomically(file, MAPPER.writeValueAsString(summary) + "\n");
  }
}
