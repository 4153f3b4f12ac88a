package halo.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import halo.Halo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a result came from: written as a sidecar JSON next to every exported table or figure and as
 * a comment header inside CSV, Markdown and LaTeX files.
 *
 * @param data dataset name (e.g. "default", "mimic3")
 * @param vocabularyHash {@link halo.data.Vocabulary#hash()} of the data
 * @param config a readable description of the configuration (preset, sizes)
 * @param seed the seed of the run
 * @param checkpointHash SHA-256 prefix of the model checkpoint, or "" when no model is involved
 * @param haloVersion the halo-lib version
 * @param gitCommit the project's git commit, or "unknown"
 * @param date UTC time the result was made (ISO-8601, seconds)
 */
public record Provenance(String data, String vocabularyHash, String config, long seed, String checkpointHash,
    String haloVersion, String gitCommit, String date) {
  public Provenance {
    data = data == null ? "" : data;
    vocabularyHash = vocabularyHash == null ? "" : vocabularyHash;
    config = config == null ? "" : config;
    checkpointHash = checkpointHash == null ? "" : checkpointHash;
  }

  /** A provenance for now, with the halo-lib version and the git commit filled in. */
  public static Provenance of(String data, String vocabularyHash, String config, long seed, String checkpointHash) {
    return new Provenance(data, vocabularyHash, config, seed, checkpointHash, Halo.version(), currentGitCommit(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
  }

  /** The fields in order, for headers. */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("data", data);
    m.put("vocabulary", vocabularyHash);
    m.put("config", config);
    m.put("seed", Long.toString(seed));
    m.put("checkpoint", checkpointHash);
    m.put("halo-lib", haloVersion);
    m.put("git", gitCommit);
    m.put("date", date);
    return m;
  }

  /** Header lines, each starting with {@code prefix} (e.g. "# " for CSV, "% " for LaTeX). */
  public List<String> headerLines(String prefix) {
    return fields().entrySet().stream().map(e -> prefix + e.getKey() + ": " + e.getValue().replace('\n', ' ')).toList();
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes {@code <file>.provenance.json} next to {@code file}. */
  public Path writeSidecar(Path file) throws IOException {
    Path sidecar = file.resolveSibling(file.getFileName() + ".provenance.json");
    Map<String, Object> m = new LinkedHashMap<>(fields());
    m.put("seed", seed);
    m.put("file", file.getFileName().toString());
    Files.writeString(sidecar, JSON.writeValueAsString(m) + "\n");
    return sidecar;
  }

  /** Reads a sidecar written by {@link #writeSidecar}. */
  public static Provenance readSidecar(Path sidecar) throws IOException {
    var n = JSON.readTree(sidecar.toFile());
    return new Provenance(n.path("data").asText(), n.path("vocabulary").asText(), n.path("config").asText(),
        n.path("seed").asLong(), n.path("checkpoint").asText(), n.path("halo-lib").asText(), n.path("git").asText(),
        n.path("date").asText());
  }

  /** The first 16 hex digits of the SHA-256 of a file (for model checkpoints). */
  public static String fileHash(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The project's current git commit, or "unknown" when git or the repository is unavailable. */
  public static String currentGitCommit() {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(Halo.root().toFile())
          .redirectErrorStream(true).start();
      if (!p.waitFor(5, TimeUnit.SECONDS)) {
        p.destroy();
        return "unknown";
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return p.exitValue() == 0 && out.matches("[0-9a-f]+") ? out : "unknown";
    } catch (IOException | RuntimeException e) {
      return "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
