package halo.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import halo.Halo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A folder of cached artifacts (trained models, synthetic cohorts, evaluation tables) keyed by what
 * made them: data, configuration and seed. Experiments ask for an artifact by its key; when the
 * folder for that key holds a finished artifact it is reused, otherwise it is computed, written, and
 * marked finished last (so an interrupted computation is never mistaken for a finished one).
 *
 * <p>Location: {@code $HALO_RUNS}, else {@code runs/} under the project root (git ignores it).
 */
public final class RunCache {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
  private final Path root;

  public RunCache(Path root) {
    this.root = root;
  }

  /** The project's cache: {@code $HALO_RUNS} or {@code <root>/runs}. */
  public static RunCache standard() {
    String env = System.getenv("HALO_RUNS");
    return new RunCache(env != null && !env.isBlank() ? Path.of(env) : Halo.root().resolve("runs"));
  }

  public Path root() {
    return root;
  }

  /** Computes an artifact into a folder: writes its files there. */
  @FunctionalInterface
  public interface Producer {
    void produce(Path folder) throws IOException;
  }

  /**
   * The folder of the artifact {@code kind} described by {@code key} (any JSON-serialisable map of
   * the things that determine it). Produces it first when it is missing or unfinished.
   *
   * @return the folder holding the finished artifact
   */
  public Path folder(String kind, Map<String, ?> key, Producer producer) throws IOException {
    String json = JSON.writeValueAsString(new LinkedHashMap<>(key));
    Path folder = root.resolve(kind).resolve(hash(json));
    Path done = folder.resolve("DONE");
    if (Files.isRegularFile(done)) {
      return folder;
    }
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("key.json"), json + "\n");
    producer.produce(folder);
    Path tmp = folder.resolve("DONE.tmp");
    Files.writeString(tmp, "halo-lib " + Halo.version() + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, done, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return folder;
  }

  /** True when the artifact is already cached (finished). */
  public boolean has(String kind, Map<String, ?> key) throws IOException {
    String json = JSON.writeValueAsString(new LinkedHashMap<>(key));
    return Files.isRegularFile(root.resolve(kind).resolve(hash(json)).resolve("DONE"));
  }

  static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
