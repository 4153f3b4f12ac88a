package halo;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Facts about this installation of halo-lib: its version, the project folder it belongs to, and the
 * deep-learning engine it runs on. Paths used by the library are resolved from {@link #root()} so
 * that notebooks, the CLI and tests agree on where datasets/ and results/ are.
 */
public final class Halo {
  private static final Properties VERSION = load();

  private Halo() {}

  /** The halo-lib version, as built by Maven. */
  public static String version() {
    return VERSION.getProperty("version", "unknown");
  }

  /**
   * The project folder (the one holding datasets/, results/ and halo-lib/). Taken from the system
   * property {@code halo.root}, then the environment variable {@code HALO_ROOT}, then the first
   * parent of the working directory that holds both halo-lib/ and datasets/.
   *
   * @throws IllegalStateException when none of these finds the project
   */
  public static Path root() {
    String configured = System.getProperty("halo.root", System.getenv("HALO_ROOT"));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("halo-lib")) && Files.isDirectory(p.resolve("datasets"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "cannot find the halo-java project folder from "
            + Path.of("").toAbsolutePath()
            + ": set HALO_ROOT (or -Dhalo.root) to the folder that holds halo-lib/ and datasets/");
  }

  /**
   * The folder experiments export to: {@code $HALO_RESULTS} when set (tests point it at a temporary
   * folder), else {@code results/} under {@link #root()}.
   */
  public static Path results() {
    String env = System.getenv("HALO_RESULTS");
    return env != null && !env.isBlank() ? Path.of(env).toAbsolutePath().normalize() : root().resolve("results");
  }

  /** What this process runs on: Java, halo-lib, the DJL engine and its default device. */
  public static Environment environment() {
    Engine engine = Engine.getInstance();
    return new Environment(
        Runtime.version().toString(),
        version(),
        engine.getEngineName(),
        engine.getVersion(),
        engine.defaultDevice().toString(),
        engine.getGpuCount(),
        Runtime.getRuntime().availableProcessors());
  }

  /** A description of the running environment, as shown by notebook 00 and {@code ./halo env}. */
  public record Environment(
      String java,
      String halo,
      String engine,
      String engineVersion,
      String device,
      int gpus,
      int cpus) {
    @Override
    public String toString() {
      return "Java %s | halo-lib %s | %s %s on %s (%d GPU, %d CPU)"
          .formatted(java, halo, engine, engineVersion, device, gpus, cpus);
    }
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = Halo.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
