package halo.cli;

import static org.junit.jupiter.api.Assertions.*;

import halo.Halo;
import halo.data.Dataset;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset commands end to end. One Synthea run (100 seeded patients, about a minute or two on a
 * busy 2-core machine) is converted three times; the encoded files must be byte-identical.
 */
class DatasetCommandTest {
  @TempDir Path tmp;

  @Test
  void givenOneSeededSyntheaRunWhenConvertedThriceThenCohortFilesAreByteIdentical() throws IOException {
    Path work = tmp.resolve("work"), a = tmp.resolve("a"), b = tmp.resolve("b"), c = tmp.resolve("c");
    assertEquals(0, Main.run("dataset", "synthea", "--patients", "100", "--seed", "3", "--work", work.toString(),
        "--keep-export", "--out", a.toString()));
    Path csv = work.resolve("csv");
    assertTrue(Files.isRegularFile(csv.resolve("observations.csv")), "--keep-export keeps the raw export");
    assertEquals(0, Main.run("dataset", "convert", "--format", "synthea", "--input", csv.toString(), "--seed", "3",
        "--out", b.toString()));
    assertEquals(0, Main.run("dataset", "synthea", "--from-export", csv.toString(), "--seed", "3", "--out", c.toString()));
    assertFalse(Files.exists(csv), "without --keep-export the converted export is deleted");
    byte[] cohort = Files.readAllBytes(a.resolve("cohort.halo"));
    assertArrayEquals(cohort, Files.readAllBytes(b.resolve("cohort.halo")));
    assertArrayEquals(cohort, Files.readAllBytes(c.resolve("cohort.halo")));
    assertEquals(Files.readString(a.resolve("vocabulary.json")), Files.readString(b.resolve("vocabulary.json")));
    Dataset d = Dataset.load(a);
    // Synthea writes at least the 100 living patients requested (plus those who died); all have visits
    assertTrue(d.cohort().size() >= 100, "patients: " + d.cohort().size());
    assertEquals(11, d.vocabulary().chronicLabelCount());
    assertTrue(d.vocabulary().labs().size() > 10, "labs with buckets: " + d.vocabulary().labs().keySet());
    for (String f : new String[] {"load-report.txt", "encoding.txt", "stats.txt", "stats.csv", "splits/train.txt"}) {
      assertTrue(Files.isRegularFile(a.resolve(f)), f);
    }
    assertEquals(0, Main.run("dataset", "stats", a.toString()));
  }

  @Test
  void givenTheExampleCsvWhenConvertedThenADatasetFolderLoads() throws IOException {
    Path example = Halo.root().resolve("datasets").resolve("example"), out = tmp.resolve("ex");
    assertEquals(0, Main.run("dataset", "convert", "--format", "csv", "--input", example.resolve("events.csv").toString(),
        "--patients-file", example.resolve("patients.csv").toString(), "--min-lab-count", "1", "--out", out.toString()));
    Dataset d = Dataset.load(out);
    assertEquals(4, d.cohort().size());
    // 4 patients: test ceil(0.8) = 1, validation ceil(0.3) = 1, train 2
    assertEquals(2, d.splits().train().size());
    assertTrue(Files.readString(out.resolve("load-report.txt")).contains("4 patients, 8 visits"));
  }

  @Test
  void givenAFolderWithOtherFilesWhenDeletingTheExportThenOnlySyntheaFilesGo() throws IOException {
    Path csv = Files.createDirectories(tmp.resolve("export"));
    Files.writeString(csv.resolve("patients.csv"), "Id\n");
    Files.writeString(csv.resolve("claims_transactions.csv"), "Id\n");
    Files.writeString(csv.resolve("notes.txt"), "mine");
    DatasetSyntheaCommand.deleteExport(csv);
    assertFalse(Files.exists(csv.resolve("patients.csv")));
    assertFalse(Files.exists(csv.resolve("claims_transactions.csv")));
    assertEquals("mine", Files.readString(csv.resolve("notes.txt")));
  }

  @Test
  void givenMimicWithoutPhenotypesThenAUsageErrorAndNoOutput() {
    Path out = tmp.resolve("m");
    assertNotEquals(0, Main.run("dataset", "convert", "--format", "mimic", "--input", tmp.toString(), "--out", out.toString()));
    assertFalse(Files.exists(out));
  }
}
