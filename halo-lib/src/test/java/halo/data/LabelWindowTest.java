package halo.data;

import static halo.data.Fixtures.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels describe the record a model sees: with labels defined by codes, a record carries a chronic
 * label exactly when one of its defining codes is among its kept visits.
 */
class LabelWindowTest {
  // "diabetes" is defined by dx:d1 or dx:d2, "copd" by dx:c
  static final ChronicLabelMap DEFINITION = new ChronicLabelMap(List.of("diabetes", "copd"), Map.of("d1", "diabetes", "d2", "diabetes", "c", "copd"));
  // P: diabetes diagnosed in the first of three visits (the history's labels say diabetes and copd)
  static final Patient P = patient("P", Set.of("diabetes", "copd"), dx("2020-01-01", "d1"), dx("2020-02-01", "x"), dx("2020-03-01", "c", "x"));
  // Q: diabetes coded in its last visit (as ACTIVE condition coding does for every visit while active)
  static final Patient Q = patient("Q", Set.of("diabetes"), dx("2020-01-01", "x"), dx("2020-02-01", "x"), dx("2020-03-01", "d2", "x"));

  static Vocabulary vocabulary() {
    return Vocabulary.fit(List.of(P, Q), List.of("diabetes", "copd"), DEFINITION, Map.of(), EncodingTest.CONFIG);
  }

  @Test
  void givenALabelWhoseDefiningCodeLiesOutsideTheKeptWindow_whenEncoding_thenTheLabelIsNotSetAndCounted() {
    Vocabulary v = vocabulary();
    // keep the 2 most recent visits: P loses its d1 visit, keeps c; Q keeps d2
    Encoder.Result r = new Encoder(v, 2).encode(List.of(P, Q));
    EncodedPatient p = r.cohort().patients().get(0), q = r.cohort().patients().get(1);
    assertFalse(p.hasLabel(0), "P's diabetes code is outside its window");
    assertTrue(p.hasLabel(1), "P keeps its copd code");
    assertTrue(q.hasLabel(0), "Q's diabetes code is in its window");
    assertEquals(Map.of("diabetes", 1L), r.report().labelsOutsideWindow());
    assertTrue(r.report().toString().contains("{diabetes=1}"), r.report().toString());
    // with the whole record kept, every label of the history is set
    Encoder.Result all = new Encoder(v, 46).encode(List.of(P, Q));
    assertTrue(all.cohort().patients().get(0).hasLabel(0));
    assertEquals(Map.of(), all.report().labelsOutsideWindow());
  }

  @Test
  void givenLabelsGivenAsSuch_whenEncoding_thenTheyAreKeptWhateverTheCodes() {
    // no definition: the long-CSV case, labels come from patients.csv
    Vocabulary v = Vocabulary.fit(List.of(P, Q), List.of("diabetes", "copd"), Map.of(), EncodingTest.CONFIG);
    assertFalse(v.definesLabels());
    Encoder.Result r = new Encoder(v, 1).encode(List.of(P, Q));
    assertTrue(r.cohort().patients().get(0).hasLabel(0) && r.cohort().patients().get(0).hasLabel(1));
  }

  @Test
  void givenAVocabularyWithDefinitions_whenSavedAndLoaded_thenTheDefinitionsAndHashSurvive(@TempDir Path dir) throws IOException {
    Vocabulary v = vocabulary();
    assertTrue(v.definesLabels());
    assertArrayEquals(new int[] {v.indexOf(CodeKind.DIAGNOSIS, "c")}, v.labelCodes(1));
    int[] d = {v.indexOf(CodeKind.DIAGNOSIS, "d1"), v.indexOf(CodeKind.DIAGNOSIS, "d2")};
    java.util.Arrays.sort(d);
    assertArrayEquals(d, v.labelCodes(0));
    v.save(dir.resolve("v.json"));
    Vocabulary w = Vocabulary.load(dir.resolve("v.json"));
    assertEquals(v.hash(), w.hash());
    assertArrayEquals(v.labelCodes(0), w.labelCodes(0));
    // the definitions are part of the hash: the same codes and labels without them hash differently
    assertNotEquals(v.hash(), Vocabulary.fit(List.of(P, Q), List.of("diabetes", "copd"), Map.of(), EncodingTest.CONFIG).hash());
  }
}
