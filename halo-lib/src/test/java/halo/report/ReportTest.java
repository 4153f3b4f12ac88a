package halo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ReportTest {
  static final Provenance P = new Provenance("toy", "abc123", "smoke", 4, "", "0.1", "deadbeef", "2026-01-01T00:00:00Z");

  static Table table() {
    return Table.create("Demo & test", StringColumn.create("model", "a_b", "c,d"),
        DoubleColumn.create("r2", new double[] {0.123456789, Double.NaN}));
  }

  @Test
  void givenTableWhenExportedThenCsvMarkdownLatexCarryProvenanceAndValues() throws Exception {
    String csv = TableExport.csv(table(), P);
    assertTrue(csv.startsWith("# data: toy\n# vocabulary: abc123\n"), csv);
    assertTrue(csv.contains("model,r2\na_b,0.123456789\n\"c,d\",\n"), csv);
    String md = TableExport.markdown(table(), P);
    assertTrue(md.contains("| model | r2 |\n| --- | ---: |\n| a_b | 0.123457 |\n| c,d | – |"), md);
    assertTrue(md.startsWith("<!--\ndata: toy"), md);
    String tex = TableExport.latex(table(), P);
    assertTrue(tex.contains("\\caption{Demo \\& test}"), tex);
    assertTrue(tex.contains("a\\_b & 0.123457 \\\\"), tex);
    assertTrue(tex.startsWith("% data: toy"), tex);
  }

  @Test
  void givenResultsFolderWhenWritingTableAndChartThenFilesAndSidecarsExist(@TempDir Path dir) throws Exception {
    Results r = new Results(dir, P);
    List<Path> files = r.table(table(), "demo table");
    assertEquals(3, files.size());
    for (Path f : files) {
      assertTrue(Files.exists(f.resolveSibling(f.getFileName() + ".provenance.json")), f.toString());
    }
    assertEquals(P, Provenance.readSidecar(dir.resolve("demo_table.csv.provenance.json")));
    Chart c = Chart.scatter("p", "real", "synthetic", true,
        new Chart.Series("HALO (R² = 0.9)", new double[] {0, 0.5, 1}, new double[] {0.1, 0.4, 0.9}));
    r.chart(c, "scatter");
    BufferedImage img = ImageIO.read(dir.resolve("scatter.png").toFile());
    assertEquals(900, img.getWidth());
    // the first series colour (0x1f77b4) is drawn somewhere: a data point
    boolean found = false;
    for (int x = 0; x < img.getWidth() && !found; x++) {
      for (int y = 0; y < img.getHeight() && !found; y++) found = (img.getRGB(x, y) & 0xffffff) == 0x1f77b4;
    }
    assertTrue(found, "no point drawn in the series colour");
    String html = Files.readString(dir.resolve("scatter.html"));
    assertTrue(html.contains("HALO (R² = 0.9)") && html.contains("plotly"), html);
    Chart bars = Chart.bars("b", "AUROC", List.of("x", "y"), List.of("real", "HALO"),
        List.of(new double[] {0.9, 0.8}, new double[] {0.85, 0.7}));
    assertEquals(650, bars.render(900, 650).getHeight());
    assertTrue(Html.image(bars).startsWith("<img alt=\"b\" src=\"data:image/png;base64,iVBOR"));
    assertTrue(Html.of(bars).contains("AUROC"));
  }
}
