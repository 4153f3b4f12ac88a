package halo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.Halo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./halo dataset stats} prints a table a person reads: counts as integers, no object dumps. */
class DatasetStatsCommandTest {
  @TempDir Path tmp;

  @Test
  void givenTheExampleDatasetWhenItsStatisticsArePrintedThenCountsAreIntegersAndNothingIsDumped() {
    Path example = Halo.root().resolve("datasets").resolve("example"), out = tmp.resolve("ex");
    assertEquals(0, Main.run("dataset", "convert", "--format", "csv", "--input", example.resolve("events.csv").toString(),
        "--patients-file", example.resolve("patients.csv").toString(), "--min-lab-count", "1", "--out", out.toString()));
    PrintStream stdout = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      assertEquals(0, Main.run("dataset", "stats", out.toString()));
    } finally {
      System.setOut(stdout);
    }
    String text = buf.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("Vocabulary["), text);
    assertFalse(text.matches("(?s).*\\d\\.000\\b.*"), "counts print as integers:\n" + text);
    // the example has 4 patients and 8 visits (datasets/example/README)
    assertTrue(text.lines().anyMatch(l -> l.matches("\\S.*\\s4$")), "a count of 4 printed as 4:\n" + text);
    assertTrue(text.lines().anyMatch(l -> l.matches("\\S.*\\s8$")), "a count of 8 printed as 8:\n" + text);
  }
}
