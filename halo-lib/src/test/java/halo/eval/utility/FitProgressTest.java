package halo.eval.utility;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FitProgressTest {
  @Test
  void givenAThirdDoneIn90Seconds_whenLine_thenTwiceThatIsLeft() {
    assertEquals("phenotyping: 3 of 12 fits, 1 min 30 s, about 4 min 30 s left", FitProgress.line("phenotyping", 3, 12, 90));
    assertEquals("x: 5 of 5 fits, 2 h 01 min", FitProgress.line("x", 5, 5, 7260));
  }

  @Test
  void givenFitsFinishingOnManyThreads_whenAllDone_thenEveryFitIsCountedOnceAndTheLastLineSaysAll() {
    var bytes = new ByteArrayOutputStream();
    var p = new FitProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8), "t", 1000);
    IntStream.range(0, 1000).parallel().forEach(i -> p.fitted());
    String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
    assertEquals(1, lines.length, "one line: within 30 s only the last fit prints");
    assertEquals("t: 1000 of 1000 fits", lines[0].substring(0, lines[0].lastIndexOf(',')));
  }
}
