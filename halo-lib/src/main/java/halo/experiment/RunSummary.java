package halo.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What a cached training run and a cached generation did, written once as JSON beside their outputs
 * ({@code training.json}, {@code generation.json}) and read back by the models table; the
 * {@code .txt} files beside them say the same for people.
 */
final class RunSummary {
  private RunSummary() {}

  static final String TRAINING = "training.json";
  static final String GENERATION = "generation.json";

  /** One training run: its steps and epochs, best validation loss, speed, and why it stopped. */
  record Training(String config, long steps, int epochs, double bestValidationLoss, double recordsPerSecond, String stopReason,
      String truncation) {}

  /** One generation: records made, time, speed, generated visits without codes dropped, tokens ignored (GPT). */
  record Generation(int records, double seconds, double recordsPerSecond, int emptyVisitsDropped, long ignoredTokens,
      String labelRows) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  static void write(Path file, Object summary) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), summary);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static <T> T read(Path file, Class<T> type) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException(file + " is missing: the run cache folder " + file.getParent() + " predates run summaries; delete it to redo the run");
    }
    try {
      return JSON.readValue(file.toFile(), type);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage() + " (delete " + file.getParent() + " to redo the run)", e);
    }
  }
}
