package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import halo.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SafeFolder: a folder is replaced whole or not at all, never without being asked, and leftovers of killed writes are cleaned. */
class SafeFolderTest {
  @TempDir Path dir;

  Path dataset() throws IOException {
    Path d = dir.resolve("ds");
    Files.createDirectories(d.resolve("splits"));
    Files.writeString(d.resolve("cohort.halo"), "old cohort");
    Files.writeString(d.resolve("vocabulary.json"), "old vocabulary");
    Files.writeString(d.resolve("splits/train.txt"), "a\n");
    return d;
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void givenAWriteThatFailsHalfWay_thenTheOldFolderIsUntouchedAndNoTemporaryStays() throws IOException {
    Path d = dataset();
    Map<String, String> before = Snapshots.of(d);
    SafeFolder f = SafeFolder.prepare(d, SafeFolder.DATASET, true);
    try {
      Files.writeString(f.staging().resolve("vocabulary.json"), "new vocabulary"); // written first, as Dataset.save does
      throw new IOException("disk full while writing cohort.halo");
    } catch (IOException expected) {
      // the failure
    } finally {
      f.abandon();
    }
    assertEquals(before, Snapshots.of(d));
    assertEquals(List.of("ds"), names());
  }

  @Test
  void givenACommit_thenTheNewContentIsInPlaceAndTheMessageNamesWhatWasReplaced() throws IOException {
    Path d = dataset();
    Files.writeString(d.resolve("README.md"), "mine");
    SafeFolder f = SafeFolder.prepare(d, SafeFolder.DATASET, true);
    assertTrue(f.replacing());
    Files.writeString(f.staging().resolve("cohort.halo"), "new cohort");
    Files.createDirectories(f.staging().resolve("splits"));
    Files.writeString(d.resolve("cohort.halo4711.tmp"), "left by a killed write");
    String said = f.commit();
    assertEquals("replaced a dataset in " + d + " (cohort.halo, splits, vocabulary.json); kept its other files: README.md", said);
    assertEquals(Map.of("README.md", "mine", "cohort.halo", "new cohort"), Map.of("README.md", Files.readString(d.resolve("README.md")),
        "cohort.halo", Files.readString(d.resolve("cohort.halo"))));
    assertFalse(Files.exists(d.resolve("vocabulary.json")), "the old dataset's files are gone with it");
    assertFalse(Files.exists(d.resolve("cohort.halo4711.tmp")), "and its stale temporary files");
    assertEquals(List.of("ds"), names());
  }

  @Test
  void givenNoOverwrite_thenAnExistingDatasetIsRefusedBeforeAnythingIsWritten() throws IOException {
    Path d = dataset();
    var e = assertThrows(IllegalArgumentException.class, () -> SafeFolder.prepare(d, SafeFolder.DATASET, false));
    assertEquals(d + " already holds a dataset (cohort.halo, splits, vocabulary.json): add --overwrite to replace it (the old one stays"
        + " until the new one is complete), or choose another --out", e.getMessage());
    assertEquals(List.of("ds"), names());
  }

  @Test
  void givenAWriteKilledEarlier_thenItsTemporaryFolderIsRemovedAtTheNextStart() throws IOException {
    Path d = dataset();
    Path killed = dir.resolve(".ds.tmp-999999999-abc"); // a process id no process has
    Files.createDirectories(killed);
    Files.writeString(killed.resolve("cohort.halo"), "half");
    long parent = ProcessHandle.current().parent().orElseThrow().pid();
    Path busy = Files.createDirectories(dir.resolve(".ds.tmp-" + parent + "-x")); // a live process's: kept
    SafeFolder f = SafeFolder.prepare(d, SafeFolder.DATASET, true);
    assertEquals(List.of("removed " + killed + " (4 bytes) left by an interrupted write"), f.notes());
    f.abandon();
    assertFalse(Files.exists(killed));
    assertTrue(Files.exists(busy));
  }

  @Test
  void givenASwapCutBetweenItsTwoRenames_thenTheOldFolderIsPutBack() throws IOException {
    Path d = dataset();
    Map<String, String> before = Snapshots.of(d);
    Path aside = dir.resolve(".ds.old-999999999-abc");
    Files.move(d, aside); // killed after moving the old folder aside, before moving the new one in
    SafeFolder f = SafeFolder.prepare(d, SafeFolder.DATASET, true);
    assertEquals(List.of("put back " + d + " from .ds.old-999999999-abc (a replacement was interrupted before it completed)"), f.notes());
    f.abandon();
    assertEquals(before, Snapshots.of(d));
  }

  @Test
  void givenAFolderOfOtherThings_thenNeverReplacedEvenWithOverwrite() throws IOException {
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("thesis.tex"), "years of work");
    var e = assertThrows(IllegalArgumentException.class, () -> SafeFolder.prepare(home, SafeFolder.DATASET, true));
    assertEquals(home + " is not empty and does not hold a dataset (it holds thesis.tex): choose a new or empty folder for --out",
        e.getMessage());
    assertEquals("years of work", Files.readString(home.resolve("thesis.tex")));
  }

  @Test
  void givenFilesToWrite_thenExistingOnesAreReplacedOnlyWithOverwriteAndAFailedWriterChangesNothing() throws IOException {
    Path out = Files.createDirectories(dir.resolve("syn"));
    Files.writeString(out.resolve("a.txt"), "old a");
    List<String> names = List.of("a.txt", "b.txt");
    var e = assertThrows(IllegalArgumentException.class, () -> SafeFolder.writeFiles(out, names, false, f -> {}));
    assertEquals(out + " already holds a.txt: add --overwrite to replace them, or choose another --out", e.getMessage());
    assertThrows(IOException.class, () -> SafeFolder.writeFiles(out, names, true, f -> {
      Files.writeString(f.resolve("a.txt"), "new a");
      throw new IOException("failed before b.txt");
    }));
    assertEquals(Map.of("a.txt", Snapshots.of(out).get("a.txt")), Snapshots.of(out));
    assertEquals("old a", Files.readString(out.resolve("a.txt")));
    List<String> said = SafeFolder.writeFiles(out, names, true, f -> {
      Files.writeString(f.resolve("a.txt"), "new a");
      Files.writeString(f.resolve("b.txt"), "new b");
    });
    assertEquals(List.of("replaced a.txt in " + out), said);
    assertEquals("new a", Files.readString(out.resolve("a.txt")));
  }
}
