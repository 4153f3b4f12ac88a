package halo.report;

import halo.Halo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The pinned plotly.js that interactive figures use, fetched once by environment/setup from npm
 * ({@code plotly.js-dist-min}, checksum verified) into {@code build/plotly/}: never loaded from a CDN,
 * so figures draw offline. Tablesaw 0.44 writes the plotly.js 2.x figure format (titles as strings,
 * dropped in plotly.js 3), hence the last 2.x release.
 */
public final class PlotlyJs {
  /** The plotly.js version; environment/setup pins the same one (a test checks that they agree). */
  public static final String VERSION = "2.35.3";

  /** Its file name, in build/plotly/, beside results/ and in the notebook extension folder. */
  public static final String FILE = "plotly-" + VERSION + ".min.js";

  /**
   * Where the classic Notebook serves it (environment/setup installs it as
   * {@code <jupyter data>/nbextensions/halo-plotly/}), relative to the server's base URL.
   */
  public static final String NBEXTENSION = "nbextensions/halo-plotly/" + FILE;

  private PlotlyJs() {}

  /**
   * The local copy: {@code $HALO_PLOTLY_JS} when set, else {@code build/plotly/} under the project.
   *
   * @throws IllegalStateException when it is missing (set-up has not run)
   */
  public static Path path() {
    String env = System.getenv("HALO_PLOTLY_JS");
    Path p = env != null && !env.isBlank() ? Path.of(env) : Halo.root().resolve("build/plotly").resolve(FILE);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("plotly.js " + VERSION + " is not at " + p + ": run environment/setup (make setup),"
          + " which fetches plotly.js-dist-min@" + VERSION + " from npm");
    }
    return p;
  }

  /**
   * Copies plotly.js into {@code dir} unless an identical copy is there, so that pages in its
   * sub-folders can load it as {@code ../}{@value #FILE} (results/ travels with its plotly.js).
   *
   * @return the copy
   */
  public static Path copyBeside(Path dir) throws IOException {
    Path src = path(), dst = dir.resolve(FILE);
    if (Files.isRegularFile(dst) && Files.size(dst) == Files.size(src) && Files.mismatch(src, dst) == -1) return dst;
    Files.createDirectories(dir);
    Path tmp = dir.resolve(FILE + ".tmp");
    Files.copy(src, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, dst, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Path license = src.resolveSibling("LICENSE");
    if (Files.isRegularFile(license)) Files.copy(license, dir.resolve("plotly-LICENSE.txt"), StandardCopyOption.REPLACE_EXISTING);
    return dst;
  }
}
