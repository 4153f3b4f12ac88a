package halo.sample;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.model.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training split's label rows as a distribution: frequencies, partial specifications, persistence. */
class LabelPriorTest {
  // labels 0 diabetes, 1 cancer (chronic), 2 sex:f, 3 sex:m
  static final Vocabulary VOC = new Vocabulary(List.of(Token.clinical(CodeKind.DIAGNOSIS, "a", "")),
      List.of("diabetes", "cancer", "sex:f", "sex:m"), 2, 1);

  /** 60 {sex:f}, 20 {diabetes, sex:f}, 10 {diabetes, sex:m}, 10 {cancer, sex:m}: 100 records. */
  static List<EncodedPatient> train() {
    List<EncodedPatient> out = new ArrayList<>();
    add(out, 60, 2);
    add(out, 20, 0, 2);
    add(out, 10, 0, 3);
    add(out, 10, 1, 3);
    return out;
  }

  static void add(List<EncodedPatient> out, int n, int... labels) {
    for (int i = 0; i < n; i++) out.add(new EncodedPatient("p" + out.size(), labels, new int[][] {{0}}));
  }

  @Test
  void givenTrainingRows_whenDrawing_thenRowsAreTrainingRowsWithTheirFrequencies() {
    LabelPrior prior = LabelPrior.fit(train(), VOC);
    assertEquals(4, prior.distinctRows());
    assertEquals(100, prior.records());
    assertEquals(0.30, prior.prevalence(0), 1e-12);
    int n = 20_000;
    int[] counts = new int[4];
    for (int[] row : prior.draw(n, LabelSpec.NONE, new Rng(1))) {
      if (Arrays.equals(row, new int[] {2})) counts[0]++;
      else if (Arrays.equals(row, new int[] {0, 2})) counts[1]++;
      else if (Arrays.equals(row, new int[] {0, 3})) counts[2]++;
      else if (Arrays.equals(row, new int[] {1, 3})) counts[3]++;
      else fail("a row no training record has: " + Arrays.toString(row));
    }
    double[] expected = {0.6, 0.2, 0.1, 0.1};
    for (int i = 0; i < 4; i++) {
      double sd = Math.sqrt(expected[i] * (1 - expected[i]) / n);
      assertEquals(expected[i], counts[i] / (double) n, 4 * sd, "row " + i);
    }
  }

  @Test
  void givenAPartialSpec_whenDrawing_thenTheUnspecifiedLabelsFollowTheirConditionalDistribution() {
    LabelPrior prior = LabelPrior.fit(train(), VOC);
    // diabetes: 20 with sex:f, 10 with sex:m -> every draw has diabetes and exactly one sex, P(sex:f) = 2/3
    LabelSpec diabetes = LabelSpec.of(VOC, List.of("diabetes"));
    assertEquals(30, prior.support(diabetes));
    int n = 9_000, f = 0;
    for (int[] row : prior.draw(n, diabetes, new Rng(2))) {
      assertTrue(diabetes.matches(row));
      boolean female = Arrays.binarySearch(row, 2) >= 0, male = Arrays.binarySearch(row, 3) >= 0;
      assertTrue(female ^ male, "exactly one sex: " + Arrays.toString(row));
      if (female) f++;
    }
    assertEquals(2.0 / 3, f / (double) n, 4 * Math.sqrt(2.0 / 9 / n));
    // sex:m without diabetes: only {cancer, sex:m}
    LabelSpec menNoDiabetes = LabelSpec.of(VOC, List.of("sex:m"), List.of("diabetes"));
    for (int[] row : prior.draw(100, menNoDiabetes, new Rng(3))) assertArrayEquals(new int[] {1, 3}, row);
  }

  @Test
  void givenASpecNoTrainingRecordHas_whenDrawing_thenTheErrorSaysSoAndHowToProceed() {
    LabelPrior prior = LabelPrior.fit(train(), VOC);
    var e = assertThrows(IllegalArgumentException.class, () -> prior.draw(LabelSpec.of(VOC, List.of("cancer", "sex:f")), new Rng(1)));
    assertTrue(e.getMessage().contains("no training record has the labels {cancer, sex:f}") && e.getMessage().contains("--exact-labels"),
        e.getMessage());
    var unknown = assertThrows(IllegalArgumentException.class, () -> LabelSpec.of(VOC, List.of("sex:x")));
    assertTrue(unknown.getMessage().contains("label 'sex:x' is not in the vocabulary"), unknown.getMessage());
  }

  @Test
  void givenASavedPrior_whenLoaded_thenDrawsAreIdentical(@TempDir Path dir) throws IOException {
    LabelPrior prior = LabelPrior.fit(train(), VOC);
    prior.save(dir.resolve(LabelPrior.FILE));
    assertTrue(Files.readString(dir.resolve(LabelPrior.FILE)).contains("\"sex:f\""), "label names, readable");
    LabelPrior back = LabelPrior.load(dir.resolve(LabelPrior.FILE), VOC);
    List<int[]> a = prior.draw(500, LabelSpec.NONE, new Rng(5)), b = back.draw(500, LabelSpec.NONE, new Rng(5));
    for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i));
    assertEquals(prior.uniqueRows(), back.uniqueRows());
    Vocabulary other = new Vocabulary(List.of(Token.clinical(CodeKind.DIAGNOSIS, "b", "")), List.of("x"), 1, 1);
    var e = assertThrows(IllegalArgumentException.class, () -> LabelPrior.load(dir.resolve(LabelPrior.FILE), other));
    assertTrue(e.getMessage().contains("was built with vocabulary " + VOC.hash()), e.getMessage());
  }
}
