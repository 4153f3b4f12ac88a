package halo.model.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.model.FastPathTest;
import halo.model.HaloConfig;
import halo.model.ImputationLikelihood;
import halo.model.ModelKind;
import halo.model.Planted;
import halo.model.RowBatch;
import halo.model.Rng;
import halo.model.RowSampling;
import halo.model.blocks.VisitModel;
import halo.sample.Generator;
import halo.train.Trainer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** GPT over flat sequences: causal mask, tied softmax head, cap reporting, exact cached sampling, learning. */
class GptModelTest {
  static HaloConfig config() {
    return HaloConfig.smoke().withKind(ModelKind.GPT).withModel(s -> s.embedding(16).layers(2).heads(2).context(40)).withSeed(3);
  }

  static float[][] logits(GptModel m, List<EncodedPatient> ps) {
    RowBatch b = m.batch(ps);
    try (NDScope scope = new NDScope(); NDManager nd = m.manager().newSubManager()) {
      float[] l = m.logits(nd, b).toFloatArray();
      int v = m.flat().size();
      float[][] out = new float[b.predictedRows()][];
      for (int n = 0; n < out.length; n++) out[n] = java.util.Arrays.copyOfRange(l, n * v, (n + 1) * v);
      return out;
    }
  }

  @Test
  void givenChangedLaterToken_whenScored_thenEarlierPredictionsAreUnchanged_andLaterOnesMove() {
    EncodedPatient a = new EncodedPatient("a", new int[] {1}, new int[][] {{0, 3}, {2, 5}, {4}});
    EncodedPatient b = new EncodedPatient("b", new int[] {1}, new int[][] {{0, 3}, {2, 6}, {4}}); // token 7 (5 → 6) differs
    try (GptModel m = (GptModel) VisitModel.create(config(), Planted.VOC)) {
      FastPathTest.perturbParams(m);
      // scored together, so they share a packed lane: attention must also be blind across records
      float[][] la = logits(m, List.of(a, b)), lb = logits(m, List.of(b, a));
      int len = m.batch(List.of(a)).rows()[0].length;
      int changed = 7; // start, label, end-of-labels, 0, 3, eov, 2, [5|6]
      assertEquals(5, m.batch(List.of(a)).rows()[0][changed][0]);
      // predicted row n predicts token n+1 and sees tokens 0..n
      for (int n = 0; n < len - 1; n++) {
        double d = 0;
        for (int c = 0; c < la[n].length; c++) d = Math.max(d, Math.abs(la[n][c] - lb[n][c]));
        if (n < changed) assertEquals(0, d, 1e-5, "prediction of token " + (n + 1) + " saw a later token");
        else assertTrue(d > 1e-6, "prediction of token " + (n + 1) + " must depend on token " + changed);
      }
    }
  }

  @Test
  void givenCap_whenBatched_thenLatestVisitsKept_andCutsReported() {
    EncodedPatient p = new EncodedPatient("p", new int[] {0}, new int[][] {{1, 2, 3}, {4, 5}, {6}});
    try (GptModel m = (GptModel) VisitModel.create(config().withModel(s -> s.context(10)), Planted.VOC)) {
      // start, label, eol, 4, 5, eov, 6, eov, eor = 9 tokens; the first visit (4 tokens) does not fit
      RowBatch b = m.batch(List.of(p));
      assertEquals(9, b.rows()[0].length);
      assertEquals(1, b.truncatedVisits());
      assertEquals(8, b.predictedRows());
      assertTrue(m.truncationReport(List.of(p, p)).startsWith("2 of 2 training records"), m.truncationReport(List.of(p, p)));
    }
  }

  @Test
  void givenCachedSession_whenFedARecord_thenNextTokenDistributionsEqualTheFullForward() {
    List<EncodedPatient> ps = Planted.cohort(3, 4);
    try (GptModel m = (GptModel) VisitModel.create(config(), Planted.VOC)) {
      FastPathTest.perturbParams(m);
      float[][] full = logits(m, ps);
      RowBatch b = m.batch(ps);
      int n = 0;
      for (int i = 0; i < ps.size(); i++) {
        int[][] rows = b.rows()[i];
        try (RowSampling.Session s = m.openSampling(1)) {
          for (int t = 0; t + 1 < rows.length; t++, n++) {
            s.feed(new int[][] {rows[t]});
            float[] cached = s.probabilities(new int[][] {rows[t + 1]})[0];
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float x : full[n]) max = Math.max(max, x);
            for (float x : full[n]) sum += Math.exp(x - max);
            for (int c = 0; c < cached.length; c++) {
              assertEquals(Math.exp(full[n][c] - max) / sum, cached[c], 2e-5, "record " + i + " token " + (t + 1) + " id " + c);
            }
          }
        }
      }
    }
  }

  @Test
  void givenHistory_whenNextVisitImputed_thenItIsTheVisitContinuationSamplesAfterItWithTheSameDraws() {
    List<EncodedPatient> ps = Planted.cohort(60, 4).stream().filter(p -> p.visitCount() > 0 && p.visitCount() < 4).limit(4).toList();
    assertTrue(ps.size() > 2);
    try (GptModel m = (GptModel) VisitModel.create(config().withModel(s -> s.context(80)), Planted.VOC)) {
      FastPathTest.perturbParams(m);
      int compared = 0;
      for (EncodedPatient p : ps) {
        for (long seed = 1; seed <= 4; seed++) {
          int[] imputed = m.imputeNextVisit(List.of(p), new Rng(seed)).get(0);
          if (imputed.length == 0) continue; // an empty visit: continueRecords drops it from the rows
          int[][] prefix = RecordLayout.rows(p, Planted.VOC);
          int[] last = prefix[prefix.length - 1];
          prefix[prefix.length - 1] = Arrays.copyOf(last, last.length - 1);
          int[][] rows = m.continueRecords(List.<int[][]>of(prefix), new Rng(seed)).get(0);
          List<int[]> visits = Arrays.stream(rows).skip(2).filter(r -> Arrays.stream(r).anyMatch(c -> c < Planted.VOC.codeCount())).toList();
          int[] codes = Arrays.stream(visits.get(p.visitCount())).filter(c -> c < Planted.VOC.codeCount()).toArray();
          assertArrayEquals(codes, imputed, p.id() + " seed " + seed);
          compared++;
        }
      }
      assertTrue(compared >= 4, "compared " + compared);
      assertThrows(IllegalArgumentException.class, () -> m.imputeModality(ps, CodeKind.DIAGNOSIS, new Rng(1)));
    }
  }

  @Test
  void givenRecords_whenImputationTermsAreTaken_thenLplSumsEachCodesLogSoftmax_andMplMovesTheModalityLast() {
    List<EncodedPatient> ps = Planted.cohort(3, 4);
    try (GptModel m = (GptModel) VisitModel.create(config(), Planted.VOC)) {
      FastPathTest.perturbParams(m);
      float[][] full = logits(m, ps);
      RowBatch b = m.batch(ps);
      List<ImputationLikelihood.Terms> terms = m.longitudinal(ps);
      List<CodeKind> kinds = m.modalities();
      int n = 0;
      for (int i = 0; i < ps.size(); i++) {
        double[][] want = new double[ps.get(i).visitCount()][kinds.size()];
        assertEquals(0, b.truncatedVisits(), "the planted records fit the cap");
        int visit = 0;
        boolean inVisits = false;
        int[][] rows = b.rows()[i];
        for (int t = 1; t < rows.length; t++, n++) {
          int token = rows[t][0];
          if (token == m.flat().endOfLabels()) inVisits = true;
          else if (token == m.flat().endOfVisit()) visit++;
          else if (inVisits && token < Planted.VOC.codeCount()) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float x : full[n]) max = Math.max(max, x);
            for (float x : full[n]) sum += Math.exp(x - max);
            want[visit][kinds.indexOf(Planted.VOC.code(token).kind())] += full[n][token] - max - Math.log(sum);
          }
        }
        for (int t = 0; t < want.length; t++) assertArrayEquals(want[t], terms.get(i).logProbability()[t], 1e-4, "record " + i + " visit " + t);
      }
      // a single modality: moving it last changes nothing
      assertEquals(1, kinds.size());
      List<ImputationLikelihood.Terms> cross = m.crossModality(ps);
      for (int i = 0; i < ps.size(); i++) {
        for (int t = 0; t < ps.get(i).visitCount(); t++) {
          assertArrayEquals(terms.get(i).logProbability()[t], cross.get(i).logProbability()[t], 1e-6);
          assertArrayEquals(terms.get(i).tokens()[t], cross.get(i).tokens()[t]);
          assertEquals(ps.get(i).visits()[t].length, terms.get(i).tokens()[t][0], "every code counted once");
        }
      }
    }
  }

  @Test
  void givenPlantedCohort_whenTrained_thenSamplesMatchItsCodeFrequencies_betterThanAModelTrainedOnShuffledCodes() throws Exception {
    List<EncodedPatient> planted = Planted.cohort(300, 1);
    HaloConfig c = config().withModel(s -> s.embedding(32)).withTraining(t -> t.batchSize(32).epochs(6).learningRate(3e-3)).withSampleBatch(100);
    double learned = r2(c, planted, planted), shuffled = r2(c, Planted.shuffled(300, 1), planted);
    assertTrue(learned > 0.6, "GPT trained on the planted cohort: unigram R² " + learned);
    assertTrue(learned > shuffled + 0.3, "planted " + learned + " vs shuffled-trained " + shuffled);
  }

  static double r2(HaloConfig c, List<EncodedPatient> train, List<EncodedPatient> reference) throws Exception {
    try (VisitModel m = VisitModel.create(c, Planted.VOC)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      Generator.Result r = new Generator(m).sample(300, 5, "s");
      return Planted.unigramR2(reference, r.cohort().patients());
    }
  }
}
