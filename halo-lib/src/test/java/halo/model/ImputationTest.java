package halo.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Imputation by the row models: the next visit is exactly the row generation would sample after the
 * history; a modality given the rest of its visit follows the model's own per-code probabilities
 * (HALO-Coarse, the LSTM) and never alters the given codes; the models that cannot condition a
 * modality on the rest of its visit refuse it by name.
 */
class ImputationTest {
  /** Codes 0..5 diagnoses, 6..8 medications, 9..10 procedures; 2 labels. */
  static final Vocabulary VOC = mixed();

  static Vocabulary mixed() {
    List<Token> t = new ArrayList<>();
    for (int i = 0; i < 6; i++) t.add(Token.clinical(CodeKind.DIAGNOSIS, "d" + i, ""));
    for (int i = 0; i < 3; i++) t.add(Token.clinical(CodeKind.MEDICATION, "m" + i, ""));
    for (int i = 0; i < 2; i++) t.add(Token.clinical(CodeKind.PROCEDURE, "p" + i, ""));
    return new Vocabulary(t, List.of("l0", "l1"), 2, 1);
  }

  static final List<EncodedPatient> RECORDS = List.of(
      new EncodedPatient("a", new int[] {0}, new int[][] {{0, 3, 7}, {2, 6, 9}}),
      new EncodedPatient("b", new int[] {}, new int[][] {{1, 8}}),
      new EncodedPatient("c", new int[] {0, 1}, new int[][] {{4}, {5, 7, 10}, {0, 2, 6, 9}}),
      new EncodedPatient("d", new int[] {1}, new int[][] {}));

  static HaloConfig config(ModelKind k) {
    return FastPathTest.config(k).withModel(s -> s.context(k.traits().contextCountsRows() ? 8 : 80)); // GPT's and PromptEHR's count tokens
  }

  @Test
  void givenHistories_whenNextVisitImputed_thenItIsTheRowContinuationSamplesAfterThemWithTheSameDraws() {
    for (ModelKind k : Capabilities.having(Imputation.class)) {
      try (GenerativeModel g = GenerativeModel.create(config(k), VOC)) {
        if (g instanceof halo.model.blocks.VisitModel vm) FastPathTest.perturbParams(vm);
        // the row models; GPT and PromptEHR sample tokens, not rows (GptModelTest, PromptEhrModelTest)
        for (EncodedPatient p : g instanceof RowSampling ? RECORDS : List.<EncodedPatient>of()) {
          List<int[]> imputed = ((Imputation) g).imputeNextVisit(List.of(p), new Rng(11));
          int[][] prefix = RecordLayout.rows(p, VOC);
          int[] last = prefix[prefix.length - 1];
          prefix[prefix.length - 1] = Arrays.copyOf(last, last.length - 1); // the history goes on: no end token
          int[] continued = ((PrefixContinuation) g).continueRecords(List.<int[][]>of(prefix), new Rng(11)).get(0)[prefix.length];
          int[] codes = Arrays.stream(continued).filter(c -> c < VOC.codeCount()).toArray();
          assertArrayEquals(codes, imputed.get(0), k + " " + p.id());
        }
        // a batch mixing history lengths gives each record its own next visit, in order
        List<int[]> batch = ((Imputation) g).imputeNextVisit(RECORDS, new Rng(3));
        assertEquals(RECORDS.size(), batch.size());
        for (int[] v : batch) for (int c : v) assertTrue(c >= 0 && c < VOC.codeCount(), k + ": only codes");
      }
    }
  }

  @Test
  void givenIndependentCodeModels_whenAModalityIsImputed_thenTheOtherCodesStayAndItsCodesFollowTheModelsProbabilities() {
    EncodedPatient p = RECORDS.get(2);
    int[] lastVisit = p.visits()[2]; // {0, 2, 6, 9}: dx 0, 2; rx 6; px 9
    for (ModelKind k : List.of(ModelKind.HALO_COARSE, ModelKind.LSTM)) {
      try (GenerativeModel g = GenerativeModel.create(config(k), VOC)) {
        FastPathTest.perturbParams((halo.model.blocks.VisitModel) g);
        Imputation m = (Imputation) g;
        assertEquals(List.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE, CodeKind.MEDICATION), m.imputableModalities().stream().sorted().toList());
        float[] p1 = ((VisitProbabilities) g).rowProbabilities(List.of(p)).get(0)[3]; // row 3 predicts visit 3
        int n = 4000;
        List<EncodedPatient> copies = new ArrayList<>();
        for (int i = 0; i < n; i++) copies.add(p);
        List<int[]> out = m.imputeModality(copies, CodeKind.MEDICATION, new Rng(5));
        int[] counts = new int[VOC.codeCount()];
        for (int[] v : out) {
          for (int c : new int[] {0, 2, 9}) assertTrue(Arrays.binarySearch(v, c) >= 0, k + ": given code " + c + " kept");
          for (int c : v) {
            counts[c]++;
            if (VOC.code(c).kind() != CodeKind.MEDICATION) assertTrue(Arrays.binarySearch(lastVisit, c) >= 0, k + ": no other code added: " + c);
          }
        }
        for (int c = 6; c <= 8; c++) {
          double f = counts[c] / (double) n;
          double se = Math.sqrt(p1[c] * (1 - p1[c]) / n);
          assertEquals(p1[c], f, 5 * se + 1e-3, k + " medication " + c + " imputed at the model's probability");
        }
      }
    }
  }

  @Test
  void givenModelsWithoutAnExactModality_whenAModalityIsAsked_thenTheyRefuseNamingWhatTheyCanDo() {
    for (ModelKind k : List.of(ModelKind.HALO, ModelKind.GPT, ModelKind.SYNTEG)) {
      try (GenerativeModel g = GenerativeModel.create(config(k), VOC)) {
        Imputation m = (Imputation) g;
        assertEquals(List.of(), m.imputableModalities(), k.id());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.imputeModality(RECORDS.subList(0, 1), CodeKind.DIAGNOSIS, new Rng(1)));
        assertEquals(k.id() + " cannot impute dx codes given the rest of their visit: it imputes no modality exactly, only the next visit", e.getMessage());
        assertEquals(List.of(k), Capabilities.having(Imputation.class).stream().filter(x -> x == k).toList());
      }
    }
  }
}
