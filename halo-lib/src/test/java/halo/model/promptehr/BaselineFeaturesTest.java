package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.Demographics;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Patient;
import halo.data.Visit;
import halo.data.Vocabulary;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Baseline features: categories and standardisation fitted on the training split only. */
class BaselineFeaturesTest {
  static final Vocabulary V = PromptFixtures.vocabulary();
  // labels: 0 diabetes, 1 ckd, 2 birth:1950s, 3 birth:1960s, 4 race:asian, 5 race:white, 6 sex:f, 7 sex:m
  static final List<EncodedPatient> TRAIN = List.of(
      new EncodedPatient("t1", new int[] {0, 2, 5, 6}, new int[0][]),
      new EncodedPatient("t2", new int[] {3, 5, 7}, new int[0][]),
      new EncodedPatient("t3", new int[] {6}, new int[0][]));
  /** ckd (never present in training), race asian (never seen in training), sex m, no birth decade. */
  static final EncodedPatient TEST = new EncodedPatient("x", new int[] {1, 4, 7}, new int[0][]);

  @Test
  void givenTrainingRecords_whenFitted_thenValuesSeenOnlyInTestMapToUnknown() {
    BaselineFeatures b = BaselineFeatures.fit(TRAIN, V, NumericBaseline.none());
    // features and their ids: (unknown), (missing), then the values seen in training
    //   diabetes [u, m, absent, present]  offset 0
    //   ckd      [u, m, absent]           offset 4
    //   birth    [u, m, 1950s, 1960s]     offset 7
    //   race     [u, m, white]            offset 11 (asian is a vocabulary label no training record has)
    //   sex      [u, m, f, m]             offset 14; 18 ids in all
    assertEquals(List.of("diabetes", "ckd", "birth", "race", "sex"), b.categorical().stream().map(BaselineFeatures.Feature::name).toList());
    assertEquals(List.of("(unknown)", "(missing)", "white"), b.categorical().get(3).values());
    assertEquals(18, b.categoryCount());
    assertArrayEquals(new int[] {3, 6, 9, 13, 16}, b.of(TRAIN.get(0)).categories()); // present, absent, 1950s, white, f
    assertArrayEquals(new int[] {2, 6, 8, 12, 16}, b.of(TRAIN.get(2)).categories()); // birth and race missing
    int[] test = b.of(TEST).categories();
    assertArrayEquals(new int[] {2, 4, 8, 11, 17}, test);
    assertEquals(b.unknownId(b.feature("ckd")), test[1]); // ckd present: never seen present in training
    assertEquals(b.unknownId(b.feature("race")), test[3]); // asian
    assertEquals(b.missingId(b.feature("birth")), test[2]);
    assertEquals("race=(unknown)", b.categoryName(test[3]));
    assertEquals("sex=m", b.categoryName(test[4]));
    // fitted with the test record among the training records, asian would have an id of its own
    BaselineFeatures leaky = BaselineFeatures.fit(List.of(TRAIN.get(0), TRAIN.get(1), TRAIN.get(2), TEST), V, NumericBaseline.none());
    assertNotEquals(leaky.unknownId(leaky.feature("race")), leaky.of(TEST).categories()[3]);
  }

  @Test
  void givenNumericFeature_whenFitted_thenStandardisedByTrainingOnlyAndMissingAtTheMean() {
    NumericBaseline ages = new NumericBaseline(List.of("age"), Map.of("t1", new double[] {60}, "t2", new double[] {70},
        "t3", new double[] {Double.NaN}, "x", new double[] {100}));
    BaselineFeatures b = BaselineFeatures.fit(TRAIN, V, ages);
    assertEquals(65, b.mean(0), 1e-12); // t1, t2; t3 has no value; x is not in training
    assertEquals(5, b.sd(0), 1e-12); // population sd of {60, 70}
    assertArrayEquals(new float[] {-1f}, b.of(TRAIN.get(0)).numbers());
    assertArrayEquals(new float[] {0f}, b.of(TRAIN.get(2)).numbers()); // missing: the training mean
    assertArrayEquals(new float[] {7f}, b.of(TEST).numbers()); // (100 - 65) / 5
    NumericBaseline none = new NumericBaseline(List.of("age"), Map.of("x", new double[] {100}));
    var e = assertThrows(IllegalArgumentException.class, () -> BaselineFeatures.fit(TRAIN, V, none));
    assertTrue(e.getMessage().contains("no value among the 3 training records"), e.getMessage());
  }

  @Test
  void givenTwoValuesOfOneField_whenFeatured_thenRejected() {
    BaselineFeatures b = BaselineFeatures.fit(TRAIN, V, NumericBaseline.none());
    var e = assertThrows(IllegalArgumentException.class, () -> b.of(new EncodedPatient("y", new int[] {6, 7}, new int[0][])));
    assertTrue(e.getMessage().contains("two values of feature 'sex'"), e.getMessage());
  }

  static Visit visit(int year) {
    return new Visit(LocalDate.of(year, 6, 1), new TreeSet<>(Set.of("a")), new TreeSet<>(), new TreeSet<>(), List.of());
  }

  @Test
  void givenLoadedRecords_whenAgeAtFirstVisit_thenAgeAtTheFirstKeptVisit() {
    Patient a = new Patient("a", new Demographics("f", "", "", 1950), new TreeSet<>(), List.of(visit(2000), visit(2010), visit(2020)));
    Patient u = new Patient("u", Demographics.UNKNOWN, new TreeSet<>(), List.of(visit(2000)));
    // the encoder kept a's two most recent visits: its first kept visit is in 2010
    EncodedCohort encoded = new EncodedCohort(V.hash(), List.of(
        new EncodedPatient("a", new int[0], new int[][] {{0}, {0}}), new EncodedPatient("u", new int[0], new int[][] {{0}})));
    NumericBaseline ages = NumericBaseline.ageAtFirstVisit(List.of(a, u), encoded);
    assertEquals(List.of("age"), ages.names());
    assertArrayEquals(new double[] {60}, ages.of("a"));
    assertTrue(Double.isNaN(ages.of("u")[0])); // birth year unknown
    var e = assertThrows(IllegalArgumentException.class, () -> NumericBaseline.ageAtFirstVisit(List.of(a), encoded));
    assertTrue(e.getMessage().contains("encoded patient u"), e.getMessage());
  }

  @Test
  void givenDefaultCohort_whenFittedOnItsTrainingSplit_thenEveryTrainingValueKnown() throws IOException {
    Dataset d = Dataset.loadDefault();
    BaselineFeatures b = BaselineFeatures.fit(d, NumericBaseline.none());
    // 11 chronic labels, then birth, ethnicity, race, sex
    assertEquals(15, b.categorical().size(), b.toString());
    assertEquals(List.of("birth", "ethnicity", "race", "sex"),
        b.categorical().subList(11, 15).stream().map(BaselineFeatures.Feature::name).toList());
    assertEquals(List.of(), b.numericNames());
    for (EncodedPatient p : d.train().patients()) {
      int[] ids = b.of(p).categories();
      for (int f = 0; f < ids.length; f++) assertNotEquals(b.unknownId(f), ids[f], p.id() + " " + b.categoryName(ids[f]));
    }
    for (EncodedPatient p : d.test().patients()) {
      for (int id : b.of(p).categories()) assertTrue(id >= 0 && id < b.categoryCount(), p.id());
    }
  }

  @Test
  void givenOnlyAVocabulary_whenTheSchemaIsBuilt_thenEveryLabelHasItsOwnKnownValue_andFieldsGroupTheDemographics() {
    BaselineFeatures f = BaselineFeatures.fromVocabulary(V);
    // diabetes, ckd, then birth, race, sex in order of first appearance
    assertEquals(List.of("diabetes", "ckd", "birth", "race", "sex"), f.categorical().stream().map(BaselineFeatures.Feature::name).toList());
    assertEquals(List.of("(unknown)", "(missing)", "absent", "present"), f.categorical().get(0).values());
    assertEquals(List.of("(unknown)", "(missing)", "f", "m"), f.categorical().get(4).values());
    assertEquals(0, f.numericNames().size());
    for (int l = 2; l < V.labelCount(); l++) {
      int[] cats = f.of(new EncodedPatient("p", new int[] {l}, new int[0][])).categories();
      int field = f.featureOfLabel(l);
      assertNotEquals(f.unknownId(field), cats[field], V.label(l) + " is known");
      assertEquals(V.label(l).substring(V.label(l).indexOf(':') + 1), f.categoryName(cats[field]).substring(f.categoryName(cats[field]).indexOf('=') + 1));
      for (int g = 2; g < f.categorical().size(); g++) if (g != field) assertEquals(f.missingId(g), cats[g], "other fields missing");
    }
    assertEquals(f.categorical().get(0).values().indexOf("present") + f.offset(0),
        f.of(new EncodedPatient("p", new int[] {0}, new int[0][])).categories()[0], "diabetes present");
  }
}
