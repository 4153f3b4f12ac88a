package halo.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the small export of SyntheaLoaderTest (default tables): what each coding keeps of the labels when one visit is kept. */
class RepresentationStudyTest {
  @Test
  void givenAConditionDiagnosedBeforeTheKeptVisit_whenComparingCodings_thenOnlyActiveCodingKeepsItsLabel(@TempDir Path dir) throws Exception {
    // ten copies of the export's patients (ids suffixed), so that every split has records
    for (var e : Map.of("patients", SyntheaLoaderTest.PATIENTS, "encounters", SyntheaLoaderTest.ENCOUNTERS, "conditions",
        SyntheaLoaderTest.CONDITIONS, "procedures", SyntheaLoaderTest.PROCEDURES, "medications", SyntheaLoaderTest.MEDICATIONS,
        "observations", SyntheaLoaderTest.OBSERVATIONS).entrySet()) {
      String[] lines = e.getValue().split("\n");
      StringBuilder sb = new StringBuilder(lines[0]).append('\n');
      for (int k = 0; k < 10; k++) {
        for (int i = 1; i < lines.length; i++) sb.append(lines[i].replaceAll("\\b([pe]\\d+)\\b", "$1x" + k)).append('\n');
      }
      Files.writeString(dir.resolve(e.getKey() + ".csv"), sb.toString());
    }
    // each p1: diabetes (44054006) diagnosed in its first visit of two; each p2: myocardial infarction in its only visit
    RepresentationStudy s = RepresentationStudy.of(dir, List.of(ConditionCoding.ONSET, ConditionCoding.ACTIVE), List.of(1, 46),
        new VocabularyConfig(8, 10, 1, 4), 7);
    Table r = s.records();
    assertEquals(4, r.rowCount());
    assertEquals(10, r.intColumn("truncated_records").get(0), "onset, 1 visit: every p1 loses a visit");
    assertEquals(0, r.intColumn("truncated_records").get(1));
    Table l = s.labels();
    assertEquals(0.0, retained(l, "onset", 1, "diabetes"), "p1's diabetes code is in the dropped visit");
    assertEquals(1.0, retained(l, "active", 1, "diabetes"), "carried into the kept visit while active");
    assertEquals(1.0, retained(l, "onset", 46, "diabetes"));
    assertEquals(1.0, retained(l, "onset", 1, "ischemic_heart_disease"));
    assertEquals(4, s.retainedByLabel().columnCount() - 1, "one column per coding and record length");
  }

  static double retained(Table l, String coding, int maxVisits, String label) {
    for (int i = 0; i < l.rowCount(); i++) {
      if (l.stringColumn("coding").get(i).equals(coding) && l.intColumn("max_visits").get(i) == maxVisits
          && l.stringColumn("label").get(i).equals(label)) {
        return l.doubleColumn("retained").get(i);
      }
    }
    throw new AssertionError("no row " + coding + " " + maxVisits + " " + label);
  }
}
