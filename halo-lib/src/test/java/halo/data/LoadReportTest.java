package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadReportTest {
  @Test
  void givenSkipsInAnyOrderWhenBuildingThenReasonsAreSortedAndCountsAddUp() {
    LoadReport.Builder b = new LoadReport.Builder("src");
    b.read(10);
    b.skip("z.csv: late", "z.csv line 9");
    b.skip("a.csv: early", "a.csv line 2");
    b.skip("a.csv: early", "a.csv line 5");
    b.skip("m.csv: bulk", "m.csv", 7);
    b.skip("m.csv: bulk", "m.csv line 1", 0); // zero adds nothing and does not move the first occurrence
    LoadReport r = b.build(3, 4);
    assertEquals(List.of("a.csv: early", "m.csv: bulk", "z.csv: late"), List.copyOf(r.skipped().keySet()));
    assertEquals(2 + 7 + 1, r.skippedTotal());
    assertEquals("a.csv line 2", r.firstOccurrence().get("a.csv: early"));
    assertEquals("m.csv", r.firstOccurrence().get("m.csv: bulk"));
    String text = r.toString();
    assertTrue(text.startsWith("src: 10 rows read, 3 patients, 4 visits, 10 rows skipped"), text);
    assertTrue(text.indexOf("a.csv: early") < text.indexOf("m.csv: bulk") && text.indexOf("m.csv: bulk") < text.indexOf("z.csv: late"));
    assertThrows(IllegalArgumentException.class, () -> b.skip("x", "y", -1));
  }
}
