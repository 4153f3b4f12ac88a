package halo.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ReportTest {
  static final Provenance P = new Provenance("toy", "abc123", "smoke", 4, "", "0.1", "deadbeef", "2026-01-01T00:00:00Z");

  static Table table() {
    return Table.create("Demo & test", StringColumn.create("model", "a_b", "c,d", "e"),
        DoubleColumn.create("r2", new double[] {0.123456789, Double.NaN, 0.00001200266306564068}),
        DoubleColumn.create("records", new double[] {11799, 3, 22820.4}));
  }

  @Test
  void givenTableWhenExportedThenCsvKeepsFullPrecisionAndMarkdownLatexRoundAndAlignText() throws Exception {
    String csv = TableExport.csv(table(), P);
    assertTrue(csv.startsWith("# data: toy\n# vocabulary: abc123\n"), csv);
    assertTrue(csv.contains("model,r2,records\na_b,0.123456789,11799.0\n\"c,d\",,3.0\ne,1.200266306564068E-5,22820.4\n"), csv);
    String md = TableExport.markdown(table(), P);
    // text left-aligned, numbers right-aligned; 3 significant digits below 1, whole numbers as integers
    assertTrue(md.contains("| model | r2 | records |\n| :--- | ---: | ---: |\n| a_b | 0.123 | 11799 |\n| c,d | – | 3 |\n| e | 1.20e-05 | 22820 |"), md);
    assertTrue(md.startsWith("<!--\ndata: toy"), md);
    String tex = TableExport.latex(table(), P);
    assertTrue(tex.contains("\\caption{Demo \\& test}"), tex);
    assertTrue(tex.contains("\\begin{tabular}{lrr}"), tex);
    assertTrue(tex.contains("a\\_b & 0.123 & 11799 \\\\"), tex);
    assertTrue(tex.startsWith("% data: toy"), tex);
    String text = TableExport.text(table(), 40);
    assertEquals("Demo & test\nmodel        r2  records\na_b       0.123    11799\nc,d           –        3\ne      1.20e-05    22820", text);
  }

  @Test
  void givenNumbersWhenFormattedForReadingThenMeaningfulDigitsOnly() {
    assertEquals("0.973", Cells.number(0.97341, "–"));
    assertEquals("0.0123", Cells.number(0.012345, "–"));
    assertEquals("12.3", Cells.number(12.3456, "–"));
    assertEquals("0.0290", Cells.number(0.029, "–"));
    assertEquals("6.10", Cells.number(6.1, "–"));
    assertEquals("1235", Cells.number(1234.56, "–"));
    assertEquals("-4", Cells.number(-4.0, "–"));
    assertEquals("–", Cells.number(Double.NaN, "–"));
  }

  @Test
  void givenHtmlTableThenTextCellsLeftAndNumbersRight() {
    String html = Html.of(table());
    assertTrue(html.contains("<td style=\"text-align:left\">a_b</td><td style=\"text-align:right\">0.123</td>"), html);
  }

  @Test
  void givenResultsFolderWhenWritingTableAndChartThenFilesSidecarsAndAnOfflinePage(@TempDir Path dir) throws Exception {
    Results r = new Results(dir.resolve("01-x"), P);
    List<Path> files = r.table(table(), "demo table");
    assertEquals(3, files.size());
    for (Path f : files) assertTrue(Files.exists(f.resolveSibling(f.getFileName() + ".provenance.json")), f.toString());
    assertEquals(P, Provenance.readSidecar(dir.resolve("01-x/demo_table.csv.provenance.json")));
    Chart c = Chart.scatter("p", "real", "synthetic", true,
        new Chart.Series("HALO (R² = 0.9)", new double[] {0, 0.5, 1}, new double[] {0.1, 0.4, 0.9}));
    r.chart(c, "scatter");
    assertTrue(Files.exists(dir.resolve("01-x/scatter.png.provenance.json")));
    String html = Files.readString(dir.resolve("01-x/scatter.html"));
    // plotly.js comes from the copy beside the experiment folders, never from the network
    assertTrue(html.contains("<script src=\"../" + PlotlyJs.FILE + "\"></script>"), html);
    assertFalse(html.contains("http://") || html.contains("https://"), "no URL in the page");
    assertEquals(-1, Files.mismatch(PlotlyJs.path(), dir.resolve(PlotlyJs.FILE)), "plotly.js copied beside results");
    assertTrue(html.contains("HALO (R² = 0.9)"), html);
  }

  @Test
  void givenTheSetUpScriptThenItPinsThePlotlyVersionTheLibraryLoads() throws Exception {
    String setup = Files.readString(halo.Halo.root().resolve("environment/setup"));
    Matcher m = Pattern.compile("plotly_version=(\\S+)").matcher(setup);
    assertTrue(m.find(), "environment/setup pins plotly_version");
    assertEquals(PlotlyJs.VERSION, m.group(1));
  }

  @Test
  void givenAFigureWhenRenderedForANotebookThenItsElementIdIsAValidJavascriptIdentifier() {
    String html = Html.of(Chart.lines("l", "x", "y", new Chart.Series("a", new double[] {1, 2}, new double[] {3, 4})));
    Matcher m = Pattern.compile("id=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), html);
    assertTrue(m.group(1).matches("[A-Za-z_$][A-Za-z0-9_$]*"), m.group(1));
    Matcher second = Pattern.compile("id=\"([^\"]+)\"").matcher(Html.of(Chart.lines("l", "x", "y",
        new Chart.Series("a", new double[] {1, 2}, new double[] {3, 4}))));
    assertTrue(second.find());
    assertFalse(second.group(1).equals(m.group(1)), "ids are unique");
    assertFalse(html.contains("cdn.plot.ly"), "no CDN");
  }
}
