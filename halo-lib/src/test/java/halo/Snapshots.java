package halo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a folder with the SHA-256 of its bytes: equal snapshots show a folder was left exactly as it was. */
public final class Snapshots {
  private Snapshots() {}

  /** Relative path → SHA-256 of every regular file under {@code dir} (empty when it does not exist). */
  public static Map<String, String> of(Path dir) {
    Map<String, String> m = new TreeMap<>();
    if (!Files.exists(dir)) return m;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        m.put(dir.relativize(p).toString(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return m;
  }
}
