package halo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The headless notebook runner (environment/run-notebooks) on the real "java" kernel. */
class NotebookRunnerTest {
  @TempDir Path tmp;

  record Run(int exit, String output) {}

  static Run runner(String... args) throws IOException, InterruptedException {
    Path root = Halo.root();
    var command = new java.util.ArrayList<>(List.of(root.resolve("environment/run-notebooks").toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  @Test
  void givenTheEnvironmentNotebookWhenRunHeadlessThenEveryCellRunsOnTheJavaKernel() throws Exception {
    Run run = runner("--scale", "smoke", "--out", tmp.toString(),
        Halo.root().resolve("notebooks/00-environment.ipynb").toString());
    assertEquals(0, run.exit(), run.output());
    String executed = Files.readString(tmp.resolve("00-environment.ipynb"));
    assertTrue(executed.contains("7.0, 10.0, 15.0, 22.0"), "the tensor cell's product");
    assertTrue(executed.contains("PyTorch 2.7.1"), "the engine line");
    assertTrue(executed.contains("scale: smoke"), "HALO_SCALE reaches the kernel");
    assertTrue(executed.contains("halo-table"), "the Tablesaw HTML table");
    assertTrue(executed.contains("Plotly.newPlot"), "the interactive figure");
  }

  @Test
  void givenACellThatThrowsWhenRunThenTheRunnerFailsNamingNotebookCellAndError() throws Exception {
    Path nb = tmp.resolve("broken.ipynb");
    Files.writeString(nb, """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# a notebook that fails"]},
          {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": ["int x = 6 * 7;"]},
          {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [],
           "source": ["if (x == 42) throw new IllegalStateException(\\"planted failure \\" + x);"]},
          {"cell_type": "code", "metadata": {}, "execution_count": null, "outputs": [], "source": ["System.out.println(\\"never\\");"]}
        ],
        "metadata": {"kernelspec": {"name": "java", "display_name": "Java (HALO)", "language": "java"}},
        "nbformat": 4, "nbformat_minor": 5}
        """);
    Run run = runner("--scale", "smoke", "--out", tmp.resolve("out").toString(), nb.toString());
    assertEquals(1, run.exit(), run.output());
    assertTrue(run.output().contains("broken.ipynb: cell 3 (code cell 2)"), run.output());
    assertTrue(run.output().contains("planted failure 42"), run.output());
    var cells = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(tmp.resolve("out/broken.ipynb").toFile()).get("cells");
    assertEquals(0, cells.get(3).get("outputs").size(), "cells after the failure do not run");
    assertEquals("error", cells.get(2).get("outputs").get(0).get("output_type").asText());
  }
}
