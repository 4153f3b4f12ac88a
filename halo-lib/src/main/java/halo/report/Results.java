package halo.report;

import halo.Halo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * One experiment's output folder, {@code results/<experiment>/} under the project root (or any folder
 * given), into which tables go as CSV + Markdown + LaTeX and charts as PNG + HTML, every file with its
 * provenance sidecar. File names are the given names made safe (letters, digits, '-', '_', '.').
 */
public record Results(Path dir, Provenance provenance) {

  /** {@code <project>/results/<experiment>} (or under {@code $HALO_RESULTS}, see {@link Halo#results()}). */
  public static Results of(String experiment, Provenance provenance) {
    return new Results(Halo.results().resolve(safe(experiment)), provenance);
  }

  public List<Path> table(Table table, String name) throws IOException {
    return TableExport.write(table, dir, safe(name), provenance);
  }

  /**
   * Writes {@code name.png} and {@code name.html}. The page loads plotly.js from the folder above
   * ({@code ../plotly-x.min.js}, copied there once), so results/ opens offline as it is: one shared
   * copy instead of 4.6 MB inlined in every page.
   */
  public List<Path> chart(Chart chart, String name) throws IOException {
    Files.createDirectories(dir);
    Path shared = dir.toAbsolutePath().normalize().getParent();
    PlotlyJs.copyBeside(shared);
    List<Path> out = new ArrayList<>();
    String png = safe(name) + ".png";
    out.add(chart.writePng(dir.resolve(png), provenance));
    out.add(chart.writeHtml(dir.resolve(safe(name) + ".html"), provenance, "../" + PlotlyJs.FILE, png));
    return out;
  }

  static String safe(String name) {
    String s = name.strip().replaceAll("[^A-Za-z0-9._-]+", "_");
    if (s.isEmpty() || s.startsWith(".")) {
      throw new IllegalArgumentException("'" + name + "' is not usable as a file name");
    }
    return s;
  }
}
