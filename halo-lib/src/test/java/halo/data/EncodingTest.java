package halo.data;

import static halo.data.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Vocabulary fitting and persistence, the encoder's counts, the compact file and the decoder. */
class EncodingTest {
  // training data: lab L takes 1, 3, 2 -> 2 buckets with edges [1, 2, 3];
  // gaps 10 and 20 days -> edge indices round(0), round(0.5) = 1, round(1) -> 10, 20, 20 -> one bucket [10, 20]
  static final Patient A = patient("A", Set.of("diabetes"),
      visit("2020-01-01", Set.of("a"), Set.of(), Set.of(), List.of(new Lab("L", 1.0, "mg"))),
      visit("2020-01-11", Set.of("b"), Set.of(), Set.of(), List.of(new Lab("L", 3.0, "mg"))));
  static final Patient B = patient("B", Set.of(),
      visit("2020-01-01", Set.of("a"), Set.of(), Set.of("m"), List.of(new Lab("L", 2.0, "mg"))),
      visit("2020-01-21", Set.of(), Set.of("p"), Set.of(), List.of()));
  static final VocabularyConfig CONFIG = new VocabularyConfig(2, 2, 1, 4);

  static Vocabulary vocabulary() {
    return Vocabulary.fit(List.of(A, B), List.of("diabetes", "copd"), Map.of("dx:a", "code a"), CONFIG);
  }

  @Test
  void givenTrainingPatientsWhenFittingThenCodesBucketsAndLabelsComeFromTheData() {
    Vocabulary v = vocabulary();
    // dx:a dx:b px:p rx:m, lab L#0 L#1, gap#0
    assertEquals(7, v.codeCount());
    assertEquals(Map.of(CodeKind.DIAGNOSIS, 2, CodeKind.PROCEDURE, 1, CodeKind.MEDICATION, 1, CodeKind.LAB, 2,
        CodeKind.GAP, 1), v.countsByKind());
    assertArrayEquals(new double[] {1, 2, 3}, v.labs().get("L").edges());
    assertArrayEquals(new double[] {10, 20}, v.gaps().edges());
    // chronic labels first, then the demographic labels seen: sex:f, race:white, birth:1950s (sorted)
    assertEquals(List.of("diabetes", "copd", "birth:1950s", "race:white", "sex:f"), v.labels());
    assertEquals(7 + 5 + 3, v.size());
    assertEquals("mg", v.labUnit("L"));
    assertEquals("code a", v.code(v.indexOf(CodeKind.DIAGNOSIS, "a")).description());
    // the seeded order is reproducible and depends on the seed
    assertEquals(v.codes(), vocabulary().codes());
    assertNotEquals(v.hash(), Vocabulary.fit(List.of(A, B), List.of("diabetes", "copd"), Map.of(), CONFIG.withSeed(5)).hash());
  }

  @Test
  void givenASavedVocabularyWhenLoadingThenItIsEqual(@TempDir Path dir) throws IOException {
    Vocabulary v = vocabulary();
    v.save(dir.resolve("v.json"));
    Vocabulary w = Vocabulary.load(dir.resolve("v.json"));
    assertEquals(v.hash(), w.hash());
    assertEquals(v.codes(), w.codes());
    assertEquals(v.labels(), w.labels());
    assertEquals(v.chronicLabelCount(), w.chronicLabelCount());
  }

  @Test
  void givenAnEditedVocabularyFileWhenLoadingThenTheHashCheckFails(@TempDir Path dir) throws IOException {
    vocabulary().save(dir.resolve("v.json"));
    String json = Files.readString(dir.resolve("v.json"));
    Files.writeString(dir.resolve("v.json"), json.replace("\"code\" : \"b\"", "\"code\" : \"c\""));
    IOException e = assertThrows(IOException.class, () -> Vocabulary.load(dir.resolve("v.json")));
    assertTrue(e.getMessage().contains("differs from the recorded"), e.getMessage());
  }

  @Test
  void givenACohortEncodedWithAnotherVocabularyWhenLoadingThenClearError(@TempDir Path dir) throws IOException {
    Vocabulary v = vocabulary();
    new Encoder(v, 46).encode(List.of(A, B)).cohort().save(dir.resolve("c.halo"));
    Vocabulary other = Vocabulary.fit(List.of(A), List.of("diabetes"), Map.of(), CONFIG);
    var e = assertThrows(IllegalArgumentException.class, () -> EncodedCohort.load(dir.resolve("c.halo"), other));
    assertTrue(e.getMessage().contains("was built with vocabulary " + v.hash()), e.getMessage());
  }

  @Test
  void givenACohortWithIndicesOutsideTheVocabularyWhenLoadingThenClearErrors(@TempDir Path dir) throws IOException {
    Vocabulary v = vocabulary(); // 7 codes, 5 labels
    new EncodedCohort(v.hash(), List.of(new EncodedPatient("x", new int[] {5}, new int[0][]))).save(dir.resolve("l.halo"));
    IOException e = assertThrows(IOException.class, () -> EncodedCohort.load(dir.resolve("l.halo"), v));
    assertTrue(e.getMessage().endsWith("patient x has label 5 outside the vocabulary's 5 labels"), e.getMessage());
    new EncodedCohort(v.hash(), List.of(new EncodedPatient("y", new int[0], new int[][] {{0, 7}}))).save(dir.resolve("c.halo"));
    e = assertThrows(IOException.class, () -> EncodedCohort.load(dir.resolve("c.halo"), v));
    assertTrue(e.getMessage().endsWith("patient y has code 7 outside the vocabulary's 7 codes"), e.getMessage());
  }

  @Test
  void givenTestCodesUnseenInTrainingWhenEncodingThenTheyAreDroppedAndCounted() {
    Vocabulary v = vocabulary();
    Patient c = patient("C", Set.of("copd"),
        visit("2020-01-01", Set.of("a", "zzz"), Set.of(), Set.of(), List.of(new Lab("L", 10, "mg"), new Lab("Q", 5, "mg"))),
        visit("2020-03-01", Set.of("b"), Set.of(), Set.of(), List.of()));
    Encoder.Result r = new Encoder(v, 46).encode(List.of(c));
    Encoder.Report rep = r.report();
    assertEquals(Map.of("dx", 1L), rep.unknownCodes()); // zzz
    assertEquals(1, rep.unknownLabs()); // Q
    assertEquals(1, rep.clippedLabValues()); // 10 > 3
    assertEquals(1, rep.clippedGaps()); // 60 days > 20
    int[] first = r.cohort().patients().get(0).visits()[0];
    int[] expected = {v.indexOf(CodeKind.DIAGNOSIS, "a"), v.labToken("L", 3)};
    Arrays.sort(expected);
    assertArrayEquals(expected, first);
    // copd is label 1; birth:1950s, race:white, sex:f are 2, 3, 4
    assertArrayEquals(new int[] {1, 2, 3, 4}, r.cohort().patients().get(0).labels());
  }

  @Test
  void givenARecordLongerThanTheContextWhenEncodingThenTheMostRecentVisitsAreKept() {
    Vocabulary v = vocabulary();
    Encoder.Result r = new Encoder(v, 1).encode(List.of(A, B));
    assertEquals(2, r.report().truncatedRecords());
    assertEquals(2, r.report().truncatedVisits());
    int[] kept = r.cohort().patients().get(0).visits()[0];
    assertTrue(Arrays.stream(kept).anyMatch(i -> i == v.indexOf(CodeKind.DIAGNOSIS, "b")), "A keeps its last visit (b)");
  }

  @Test
  void givenAnEncodedCohortWhenWrittenAndReadThenBytesAreIdentical() throws IOException {
    EncodedCohort c = new Encoder(vocabulary(), 46).encode(List.of(A, B)).cohort();
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    c.write(first);
    EncodedCohort back = EncodedCohort.read(new ByteArrayInputStream(first.toByteArray()), "mem");
    assertEquals(c, back);
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    back.write(second);
    assertArrayEquals(first.toByteArray(), second.toByteArray());
  }

  @Test
  void givenATruncatedFileWhenReadingThenTheErrorSaysSo() throws IOException {
    EncodedCohort c = new Encoder(vocabulary(), 46).encode(List.of(A, B)).cohort();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    c.write(bytes);
    byte[] cut = Arrays.copyOf(bytes.toByteArray(), bytes.size() - 12);
    IOException e = assertThrows(IOException.class, () -> EncodedCohort.read(new ByteArrayInputStream(cut), "cut.halo"));
    assertTrue(e.getMessage().contains("cut.halo") && e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void givenEncodedPatientsWhenDecodingThenCodesComeBackAndValuesStayInTheirBuckets() {
    Vocabulary v = vocabulary();
    EncodedCohort c = new Encoder(v, 46).encode(List.of(A, B)).cohort();
    List<Patient> back = new Decoder(v).decode(c.patients(), new SplittableRandom(3));
    for (int i = 0; i < 2; i++) {
      Patient original = List.of(A, B).get(i), decoded = back.get(i);
      assertEquals(original.labels(), decoded.labels());
      assertEquals(original.demographics().sex(), decoded.demographics().sex());
      for (int t = 0; t < 2; t++) {
        Visit o = original.visits().get(t), d = decoded.visits().get(t);
        assertEquals(o.diagnoses(), d.diagnoses());
        assertEquals(o.procedures(), d.procedures());
        assertEquals(o.medications(), d.medications());
        assertEquals(o.labs().size(), d.labs().size());
        for (int k = 0; k < o.labs().size(); k++) {
          Discretizer disc = v.labs().get("L");
          assertEquals(disc.bucket(o.labs().get(k).value()), disc.bucket(d.labs().get(k).value()));
        }
      }
      long gap = ChronoUnit.DAYS.between(decoded.visits().get(0).date(), decoded.visits().get(1).date());
      assertTrue(gap >= 10 && gap <= 20, "decoded gap " + gap + " outside the gap bucket [10, 20]");
    }
  }
}
