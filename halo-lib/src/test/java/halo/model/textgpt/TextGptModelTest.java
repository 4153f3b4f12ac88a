package halo.model.textgpt;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.sample.Generator;
import halo.train.Checkpoint;
import halo.train.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The text GPT: record → sentence → tokens → sentence → record is lossless and damage is reported; its
 * tokenizer is learnt from the training split and travels in the checkpoint; trained on a cohort whose
 * label decides a code, its label-conditioned sentences follow the label.
 */
class TextGptModelTest {
  static final Vocabulary VOC = Fixtures.vocabulary(30, 3);

  static HaloConfig config() {
    return HaloConfig.preset("smoke", ModelKind.TEXTGPT).withSeed(3);
  }

  @Test
  void givenRecords_whenWrittenTokenizedDecodedAndRead_thenTheMatrixRowComesBack_andADamagedSequenceIsReported() {
    List<EncodedPatient> records = Fixtures.random(VOC, 200, 4, 5);
    try (TextGptModel m = (TextGptModel) GenerativeModel.create(config(), VOC, records)) {
      var matrix = PatientMatrix.of(new EncodedCohort(VOC.hash(), records), VOC, Set.of(CodeKind.DIAGNOSIS)).toCohort(VOC.hash()).patients();
      for (int i = 0; i < records.size(); i++) {
        int[] seq = m.sequence(records.get(i));
        assertEquals(m.tokenizer().endOfText(), seq[0]);
        assertEquals(m.tokenizer().endOfText(), seq[seq.length - 1]);
        String sentence = m.tokenizer().decode(Arrays.copyOfRange(seq, 1, seq.length - 1));
        assertEquals(m.text().write(records.get(i)), sentence);
        RecordText.Parsed back = m.text().parse(records.get(i).id(), sentence);
        assertTrue(back.clean());
        assertEquals(matrix.get(i).toString(), back.record().toString());
      }
      // damage: a code's digits changed, and the final '.' lost
      EncodedPatient p = new EncodedPatient("d", new int[] {1}, new int[][] {{3, 7}});
      int[] tokens = m.tokenizer().encode(m.text().write(p).replace("c7", "c97"));
      RecordText.Parsed changed = m.text().parse("d", m.tokenizer().decode(tokens));
      assertEquals(1, changed.unknownCodes(), "c97 is no code: counted, not kept");
      assertArrayEquals(new int[] {3}, changed.record().visits()[0]);
      int[] cut = m.tokenizer().encode(m.text().write(p));
      assertNotNull(m.text().parse("d", m.tokenizer().decode(Arrays.copyOf(cut, cut.length - 1))).refused(), "a sentence cut short is refused");
    }
  }

  @Test
  void givenAnUnfittedConfig_whenBuiltWithoutTrainingRecords_thenRefusedSayingHow_andFittingIsDeterministic() {
    var e = assertThrows(IllegalArgumentException.class, () -> GenerativeModel.create(config(), VOC));
    assertTrue(e.getMessage().contains("GenerativeModel.create(config, vocabulary, train)"), e.getMessage());
    List<EncodedPatient> records = Fixtures.random(VOC, 100, 3, 6);
    HaloConfig a = ModelKind.TEXTGPT.traits().fitted(config(), records, VOC), b = ModelKind.TEXTGPT.traits().fitted(config(), records, VOC);
    assertEquals(a, b);
    assertFalse(a.model().extras(TextGptModel.Sizes.class).merges().isEmpty());
    assertEquals(a, ModelKind.TEXTGPT.traits().fitted(a, Fixtures.random(VOC, 100, 3, 7), VOC), "a fitted config keeps its tokenizer");
    assertTrue(a.toString().contains("sha256:"), "the cache key names the merges by digest, not in full: " + a);
  }

  @Test
  void givenTheVisitsFormat_whenARecordExceedsTheCap_thenItsMostRecentVisitsAreKept_andTheCutIsReported() {
    List<EncodedPatient> records = Fixtures.random(VOC, 100, 4, 8);
    HaloConfig c = config().withModel(s -> s.context(60).extras(new TextGptModel.Sizes("visits", "dx", 400, List.of())));
    try (TextGptModel m = (TextGptModel) GenerativeModel.create(c, VOC, records)) {
      int[][] visits = new int[12][];
      for (int t = 0; t < visits.length; t++) visits[t] = new int[] {t, t + 10};
      EncodedPatient longOne = new EncodedPatient("long", new int[] {1}, visits);
      assertTrue(m.sequence(longOne).length > 60, "the whole record is over the cap");
      var b = m.batch(List.of(longOne));
      int kept = b.rows()[0].length;
      assertTrue(kept <= 60, "within the cap: " + kept);
      int[] tokens = new int[kept];
      for (int i = 0; i < kept; i++) tokens[i] = b.rows()[0][i][0];
      String sentence = m.tokenizer().decode(java.util.Arrays.copyOfRange(tokens, 1, kept - 1));
      RecordText.Parsed back = m.text().parse("long", sentence);
      assertTrue(back.clean(), sentence);
      int n = back.record().visitCount();
      assertTrue(n > 0 && n < 12, "some visits cut: " + n);
      assertTrue(m.sequence(new EncodedPatient("l", new int[] {1}, java.util.Arrays.copyOfRange(visits, 12 - n - 1, 12))).length > 60, "one more visit would not fit");
      for (int t = 0; t < n; t++) assertArrayEquals(visits[12 - n + t], back.record().visits()[t], "the most recent visits, in order");
      assertTrue(b.truncatedVisits() == 12 - n, "the batch counts the visits it left out");
      String report = m.truncationReport(List.of(longOne));
      assertTrue(report.contains("1 of 1 training records") && report.contains((12 - n) + " oldest visits left out"), report);
    }
  }

  /** Records whose label 0 decides code 0 (present exactly with it), other codes at random. */
  static List<EncodedPatient> labelled(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean l = r.nextBoolean();
      java.util.TreeSet<Integer> codes = new java.util.TreeSet<>();
      if (l) codes.add(0);
      for (int c = 1; c < 8; c++) if (r.nextDouble() < 0.3) codes.add(c);
      out.add(new EncodedPatient("p" + i, l ? new int[] {0, 2} : new int[] {2}, new int[][] {codes.stream().mapToInt(Integer::intValue).toArray()}));
    }
    return out;
  }

  @Test
  void givenACohortWhoseLabelDecidesACode_whenTrained_thenConditionedSentencesFollowTheLabel_andTheCheckpointCarriesTheTokenizer(@TempDir Path dir) throws Exception {
    List<EncodedPatient> train = labelled(600, 1);
    HaloConfig c = config().withModel(s -> s.embedding(32).layers(2).heads(2)).withTraining(t -> t.epochs(25).batchSize(50).learningRate(3e-3));
    try (GenerativeModel m = GenerativeModel.create(c, VOC, train)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet().withDir(dir));
      Generator g = new Generator(m);
      List<int[]> with = new ArrayList<>(), without = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        with.add(new int[] {0, 2});
        without.add(new int[] {2});
      }
      double pWith = share(g.sampleWithLabels(with, 4, "a").cohort().patients()), pWithout = share(g.sampleWithLabels(without, 4, "b").cohort().patients());
      TextGptModel.TextReport report = ((TextGptModel) m).textReport();
      System.out.printf("text GPT: code 0 given label 0 %.3f, without %.3f; %s%n", pWith, pWithout, report);
      assertTrue(pWith > 0.9, "code 0 in records conditioned on label 0: " + pWith);
      assertTrue(pWithout < 0.1, "code 0 in records conditioned on its absence: " + pWithout);
      assertTrue(report.givenUp() < 4, "a trained model writes readable sentences: " + report);
      try (GenerativeModel back = Checkpoint.loadModel(dir.resolve(Trainer.LAST), VOC)) {
        assertEquals(m.config(), back.config(), "the merges are in the stored config");
        assertEquals(g.sample(20, 9, "s").cohort(), new Generator(back).sample(20, 9, "s").cohort(), "the reloaded model samples the same records");
      }
    }
  }

  private static double share(List<EncodedPatient> records) {
    return records.stream().filter(p -> p.visitCount() == 1 && Arrays.binarySearch(p.visits()[0], 0) >= 0).count() / (double) records.size();
  }
}
