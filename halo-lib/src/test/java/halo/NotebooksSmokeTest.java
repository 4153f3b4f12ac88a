package halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every experiment notebook executes at the smoke scale on the real kernel, end to end: models are
 * trained into a fresh cache, synthetic cohorts generated, every table exported. Results and the
 * cache go to temporary folders so the repository's results/ keep the default-scale run.
 */
class NotebooksSmokeTest {
  @TempDir Path tmp;

  @Test
  void givenTheSmokeScaleWhenEveryNotebookRunsThenEachExportsItsResults() throws Exception {
    Path root = Halo.root();
    List<String> notebooks;
    try (Stream<Path> s = Files.list(root.resolve("notebooks"))) {
      notebooks = s.map(p -> p.getFileName().toString()).filter(n -> n.matches("(0[1-9]|1[0-9]).*\\.ipynb")).sorted().toList();
    }
    assertTrue(notebooks.size() >= 8, "notebooks 01..08 exist: " + notebooks);
    List<String> command = new ArrayList<>(List.of(root.resolve("environment/run-notebooks").toString(),
        "--scale", "smoke", "--out", tmp.resolve("executed").toString()));
    notebooks.forEach(n -> command.add(root.resolve("notebooks").resolve(n).toString()));
    ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    pb.environment().put("HALO_RESULTS", tmp.resolve("results").toString());
    pb.environment().put("HALO_RUNS", tmp.resolve("runs").toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    for (String n : notebooks) {
      assertTrue(out.contains("ok      " + n), n + " ran: " + out);
      String experiment = n.substring(0, n.length() - ".ipynb".length());
      Path folder = tmp.resolve("results").resolve(experiment);
      try (Stream<Path> files = Files.list(folder)) {
        assertTrue(files.anyMatch(f -> f.toString().endsWith(".csv")), experiment + " exported a CSV table to " + folder);
      }
    }
    for (String n : notebooks) checkAsCommitted(tmp.resolve("executed").resolve(n));
    // the language-modelling table has one row per model, with finite perplexities
    List<String> lm = Files.readAllLines(tmp.resolve("results/02-language-modeling/language-modeling.csv"));
    long rows = lm.stream().filter(l -> l.startsWith("halo,") || l.startsWith("coarse,") || l.startsWith("lstm,")).count();
    assertEquals(3, rows, String.join("\n", lm));
  }

  /** The most a notebook may weigh as written by environment/run-notebooks (which enforces it too). */
  static final long MAX_NOTEBOOK_BYTES = 1_000_000;

  /**
   * An executed notebook as it would be committed: under the size budget, every figure output a MIME
   * bundle that any front end can show (PNG, HTML, text), training progress as one line per model,
   * and no path of this machine.
   */
  static void checkAsCommitted(Path notebook) throws Exception {
    long size = Files.size(notebook);
    assertTrue(size < MAX_NOTEBOOK_BYTES, notebook.getFileName() + " is " + size + " bytes");
    String text = Files.readString(notebook);
    assertFalse(text.contains(Halo.root().toString()), notebook.getFileName() + " shows this machine's path " + Halo.root());
    var cells = new com.fasterxml.jackson.databind.ObjectMapper().readTree(notebook.toFile()).get("cells");
    for (var cell : cells) {
      for (var out : cell.path("outputs")) {
        var data = out.path("data");
        if (data.has("text/html") && data.get("text/html").toString().contains("halo-figure")
            && data.get("text/html").toString().contains("<img")) {
          assertTrue(data.has("image/png") && data.has("text/plain"), notebook.getFileName() + ": a figure without PNG or text");
        }
        if ("stream".equals(out.path("output_type").asText())) {
          String stream = out.path("text").isArray() ? String.join("", new com.fasterxml.jackson.databind.ObjectMapper()
              .convertValue(out.path("text"), String[].class)) : out.path("text").asText();
          assertFalse(stream.contains("\r"), notebook.getFileName() + ": progress redraws left in the output");
          // library warnings do not flood cells; an unconverged classifier is a result to fix, not noise
          assertFalse(stream.contains("L-BFGS reaches maximum"), notebook.getFileName() + ": the logistic regression did not converge");
          assertTrue(stream.lines().filter(l -> l.startsWith("WARN ")).count() <= 2, notebook.getFileName() + " warnings:\n" + stream);
          long bars = stream.lines().filter(l -> l.startsWith("[") && l.contains("] epoch ")).count();
          long trained = stream.lines().filter(l -> l.startsWith("training ")).count();
          assertTrue(bars <= trained, notebook.getFileName() + ": " + bars + " progress lines for " + trained + " models");
        }
      }
    }
  }
}
