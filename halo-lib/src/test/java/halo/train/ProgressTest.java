package halo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void givenARedrawingOutputWhenTrainingRunsThenOneBarIsRedrawnAndItsLastStateStaysAsTheSummary() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
    Progress p = new Progress(out, 100, 0, true);
    for (int step = 1; step <= 100; step++) {
      p.update(step, (step - 1) / 50, 2, 1.0 / step, step * 8L);
      if (step == 50) p.validation(0.25, true);
    }
    p.finish();
    String text = buf.toString(StandardCharsets.UTF_8);
    // what a terminal or a notebook shows: each line keeps what follows its last carriage return
    String[] shown = java.util.Arrays.stream(text.split("\n")).map(l -> l.substring(l.lastIndexOf('\r') + 1)).toArray(String[]::new);
    assertEquals(1, shown.length, text);
    assertTrue(shown[0].startsWith("[########################] epoch 2/2 step 100/100 loss 0.0100"), shown[0]);
    assertTrue(shown[0].contains("took ") && shown[0].endsWith("| validation 0.25000 (best)"), shown[0]);
  }

  @Test
  void givenALogFileWhenTrainingRunsThenPlainLinesAndNoCarriageReturns() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8), 10, 0, false);
    for (int step = 1; step <= 10; step++) p.update(step, 0, 1, 0.5, step);
    p.finish();
    String text = buf.toString(StandardCharsets.UTF_8);
    assertTrue(!text.contains("\r") && text.lines().count() <= 3, text);
    assertTrue(text.lines().anyMatch(l -> l.contains("step 10/10")), text);
  }
}
