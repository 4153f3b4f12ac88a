package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class DatasetStatisticsTest {
  private static double value(Table t, String statistic) {
    for (int r = 0; r < t.rowCount(); r++) {
      if (t.stringColumn("statistic").get(r).equals(statistic)) return t.doubleColumn("value").get(r);
    }
    throw new AssertionError("no row " + statistic + " in\n" + t.printAll());
  }

  @Test
  void givenTheEncodingFixtureThenCountsMomentsAndPrevalenceAreHandComputed() {
    Vocabulary v = EncodingTest.vocabulary();
    Encoder.Result r = new Encoder(v, 46).encode(List.of(EncodingTest.A, EncodingTest.B));
    Dataset d = new Dataset("t", v, r.cohort(), Splits.of(List.of("A", "B"), 1));
    Table t = DatasetStatistics.of(d, r.report());
    assertEquals(2, value(t, "patients"));
    assertEquals(4, value(t, "visits"));
    assertEquals(2, value(t, "visits per record: mean"));
    assertEquals(0, value(t, "visits per record: sd"));
    // codes per visit: A {a, L#0} = 2, A {b, L#1, gap} = 3, B {a, m, L#1} = 3, B {p, gap} = 2
    // mean 10 / 4 = 2.5; population sd sqrt(26 / 4 - 2.5^2) = sqrt(0.25) = 0.5; max 3
    assertEquals(2.5, value(t, "codes per visit: mean"), 1e-12);
    assertEquals(0.5, value(t, "codes per visit: sd"), 1e-12);
    assertEquals(3, value(t, "codes per visit: max"));
    assertEquals(7, value(t, "vocabulary: codes (C)"));
    assertEquals(2, value(t, "vocabulary: lab codes"));
    assertEquals(15, value(t, "vocabulary: size (V = C + L + 3)"));
    assertEquals(0.5, value(t, "label prevalence: diabetes"));
    assertEquals(0, value(t, "label prevalence: copd"));
    assertEquals(1, value(t, "label prevalence: sex:f"));
    assertEquals(0, value(t, "records truncated to the context"));
    assertTrue(t.printAll().contains("label prevalence: diabetes"));
    // without the encoder's report there are no truncation rows
    assertThrows(AssertionError.class, () -> value(DatasetStatistics.of(d), "records truncated to the context"));
  }
}
