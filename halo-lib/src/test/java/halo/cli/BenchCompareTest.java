package halo.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench --compare: ratios against a saved run, and the differences that make them meaningless. */
class BenchCompareTest {
  static final String OLD = "{\"model\":\"halo\",\"data\":\"datasets/default\",\"vocabulary\":1345,\"embedding\":256,\"layers\":4,\"heads\":4,"
      + "\"context\":48,\"batch\":48,\"epochs\":3,\"threads\":2,\"train_records_per_s\":50.0,\"generated_records\":512,"
      + "\"generation_records_per_s\":40.0,\"generated_visits_per_record\":24.2,\"generated_codes_per_visit\":10.7}";

  @Test
  void givenSavedRunOfEarlierFormat_whenCompared_thenRatiosOfRecordsPerSecond_andThreadsReadAsCores(@TempDir Path dir) throws Exception {
    Path ref = dir.resolve("ref.jsonl");
    Files.writeString(ref, "bench on datasets/default ...\n" + OLD + "\n");
    String now = OLD.replace("\"threads\":2", "\"threads\":2,\"cores\":2,\"cpu\":\"X\"").replace("50.0", "60.0").replace("40.0", "100.0");
    String line = BenchCompare.read(ref).compare(new ObjectMapper().readTree(now));
    // 60 / 50 = 1.20, 100 / 40 = 2.50
    assertTrue(line.contains("training 1.20x (50.0 -> 60.0 records/s)"), line);
    assertTrue(line.contains("generation 2.50x (40.0 -> 100.0 records/s)"), line);
    assertTrue(line.contains("same data, shape, threads and CPU"), line);
  }

  @Test
  void givenDifferentEpochsOrData_whenCompared_thenSaysNotComparable(@TempDir Path dir) throws Exception {
    Path ref = dir.resolve("ref.jsonl");
    Files.writeString(ref, OLD + "\n");
    String now = OLD.replace("\"epochs\":3", "\"epochs\":10").replace("datasets/default", "synthetic (BenchCohort.paperShape)");
    String line = BenchCompare.read(ref).compare(new ObjectMapper().readTree(now));
    assertTrue(line.contains("NOT COMPARABLE") && line.contains("epochs 3 -> 10") && line.contains("data datasets/default -> synthetic"), line);
    assertTrue(BenchCompare.read(ref).compare(new ObjectMapper().readTree(now.replace("\"halo\"", "\"lstm\""))).contains("no line for this model"));
  }
}
