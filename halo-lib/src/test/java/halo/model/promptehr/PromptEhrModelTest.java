package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ImputationLikelihood;
import halo.model.ModelKind;
import halo.model.Params;
import halo.model.Rng;
import halo.train.Trainer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** PromptEHR's network structure, its prompts, imputation, likelihood terms and sampling. */
class PromptEhrModelTest {
  static HaloConfig config() {
    return HaloConfig.smoke().withKind(ModelKind.PROMPTEHR).withModel(s -> s.embedding(16).layers(1).heads(2).context(64).positions(64))
        .withSeed(3);
  }

  /** Adds N(0, 0.3²) noise to every parameter, so that no output is near-constant at initialisation. */
  static void perturb(GenerativeModel m) {
    Rng r = new Rng(99);
    for (var a : m.params().all().values()) {
      float[] f = a.toFloatArray();
      for (int i = 0; i < f.length; i++) f[i] += (float) (0.3 * r.nextGaussian());
      a.set(FloatBuffer.wrap(f));
    }
  }

  static double maxDiff(float[] a, float[] b) {
    double d = 0;
    for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
    return d;
  }

  @Test
  void givenChangedEncoderOrDecoderToken_whenDecoded_thenEncoderReachesEveryPosition_andDecoderOnlyLaterOnes() {
    EncodedPatient p = PromptFixtures.patient();
    try (PromptEhrModel m = new PromptEhrModel(config(), PromptFixtures.vocabulary())) {
      perturb(m);
      PromptEhrModel.Example a = m.longitudinal(p, 2, null); // history: visits 0 and 1; target: visit 2 (10 tokens + <s>)
      int[] enc = a.encoder().clone();
      int first = 0;
      while (!m.tokens().isCode(enc[first])) first++;
      enc[first] = m.tokens().token(9); // another code early in the history (dx:c for the first dx code)
      assertNotEquals(a.encoder()[first], enc[first]);
      PromptEhrModel.Example b = new PromptEhrModel.Example(a.categories(), a.numbers(), enc, a.decoder(), 1);
      float[][][] la = m.decoderLogits(List.of(a)), lb = m.decoderLogits(List.of(b));
      assertEquals(a.decoder().length - 1, la[0].length);
      for (int j = 0; j < la[0].length; j++) {
        assertTrue(maxDiff(la[0][j], lb[0][j]) > 1e-4, "decoder position " + j + " must read the changed encoder token (bidirectional encoder, cross-attention)");
      }
      // a changed decoder token at j: positions before j unchanged, some at or after j changed
      int j = 4;
      int[] dec = a.decoder().clone();
      dec[j] = m.tokens().token(3);
      assertNotEquals(a.decoder()[j], dec[j]);
      PromptEhrModel.Example c = new PromptEhrModel.Example(a.categories(), a.numbers(), a.encoder(), dec, 1);
      float[][][] lc = m.decoderLogits(List.of(c));
      for (int i = 0; i < j; i++) assertEquals(0, maxDiff(la[0][i], lc[0][i]), 1e-5, "position " + i + " saw the later decoder token " + j);
      boolean later = false;
      for (int i = j; i < la[0].length; i++) later |= maxDiff(la[0][i], lc[0][i]) > 1e-4;
      assertTrue(later, "positions from " + j + " on must depend on decoder token " + j);
      // batched with another sequence of other lengths: the same outputs (padding is masked)
      float[][][] both = m.decoderLogits(List.of(m.labels(p.labels(), new boolean[m.features().categorical().size()]), a));
      for (int i = 0; i < la[0].length; i++) assertEquals(0, maxDiff(la[0][i], both[1][i]), 1e-4, "padding changed position " + i);
    }
  }

  /** Ten diagnosis codes and the labels sex:f, sex:m (no chronic labels). */
  static Vocabulary sexVocabulary() {
    List<Token> codes = new ArrayList<>();
    for (int i = 0; i < 10; i++) codes.add(Token.clinical(CodeKind.DIAGNOSIS, "d" + i, ""));
    return new Vocabulary(codes, List.of("sex:f", "sex:m"), 0, 1);
  }

  /** Half the records sex:f, half sex:m; every visit of a sex:f record holds code 0, no visit of a sex:m record does. */
  static List<EncodedPatient> sexCohort(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean f = i % 2 == 0;
      int[][] visits = new int[2 + r.nextInt(3)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        if (f) s.add(0);
        int extra = 1 + r.nextInt(2);
        while (s.size() < (f ? 1 : 0) + extra) s.add(1 + r.nextInt(9));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      out.add(new EncodedPatient("p" + i, new int[] {f ? 0 : 1}, visits));
    }
    return out;
  }

  static double shareOfVisitsWithCode0(List<int[][]> records) {
    int visits = 0, with = 0;
    for (int[][] rows : records) {
      for (int t = 2; t < rows.length; t++) {
        if (rows[t].length == 0 || rows[t].length == 1 && rows[t][0] >= 10) continue; // empty, or only the end token
        visits++;
        if (rows[t][0] == 0) with++;
      }
    }
    return visits == 0 ? Double.NaN : (double) with / visits;
  }

  @Test
  void givenCohortWhereSexDeterminesACode_whenTrained_thenConditionedSamplesFollowThePrompt_andUnconditionedLieBetween() throws Exception {
    Vocabulary v = sexVocabulary();
    HaloConfig c = config().withModel(s -> s.embedding(32).heads(4)).withTraining(t -> t.batchSize(16).epochs(8).learningRate(3e-3))
        .withSampleBatch(60);
    try (PromptEhrModel m = new PromptEhrModel(c, v)) {
      Trainer.fit(m, sexCohort(160, 1), List.of(), Trainer.Options.quiet());
      List<int[]> female = new ArrayList<>(), male = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        female.add(new int[] {v.labelToken(0)});
        male.add(new int[] {v.labelToken(1)});
      }
      Rng rng = new Rng(5);
      double f = shareOfVisitsWithCode0(m.sampleWithLabelRows(female, rng));
      double mm = shareOfVisitsWithCode0(m.sampleWithLabelRows(male, rng));
      double any = shareOfVisitsWithCode0(m.sample(60, rng));
      assertTrue(f > 0.8 && mm < 0.2, "visits with code 0: sex:f " + f + ", sex:m " + mm);
      assertTrue(f - mm > 0.6, "a large gap between the prompts: sex:f " + f + ", sex:m " + mm);
      assertTrue(any > mm + 0.1 && any < f - 0.1, "unconditioned " + any + " lies between sex:m " + mm + " and sex:f " + f);
    }
  }

  @Test
  void givenRecords_whenAModalityIsImputed_thenTheOtherModalitiesOfTheVisitAreReturnedUnchanged() {
    Vocabulary v = PromptFixtures.vocabulary();
    List<EncodedPatient> records = new ArrayList<>();
    Random r = new Random(4);
    for (int i = 0; i < 12; i++) {
      int[][] visits = new int[1 + r.nextInt(3)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> s = new TreeSet<>();
        int size = 1 + r.nextInt(6);
        while (s.size() < size) s.add(r.nextInt(10));
        visits[t] = s.stream().mapToInt(Integer::intValue).toArray();
      }
      records.add(new EncodedPatient("p" + i, new int[] {0, 5, 6}, visits));
    }
    try (PromptEhrModel m = new PromptEhrModel(config(), v)) {
      perturb(m);
      for (CodeKind kind : m.imputableModalities()) {
        int k = m.tokens().modality(kind);
        List<int[]> out = m.imputeModality(records, kind, new Rng(1));
        for (int i = 0; i < records.size(); i++) {
          int[] last = records.get(i).visits()[records.get(i).visitCount() - 1];
          int[] givenBefore = Arrays.stream(last).filter(c -> m.tokens().modalityOfCode(c) != k).toArray();
          int[] givenAfter = Arrays.stream(out.get(i)).filter(c -> m.tokens().modalityOfCode(c) != k).toArray();
          assertArrayEquals(givenBefore, givenAfter, kind + ": record " + i + "'s other modalities");
          assertTrue(isSortedUnique(out.get(i)), kind + ": sorted codes " + Arrays.toString(out.get(i)));
        }
      }
      assertEquals(List.of(CodeKind.values()).stream().filter(k -> v.countsByKind().getOrDefault(k, 0) > 0).toList(), m.imputableModalities());
      var e = assertThrows(IllegalArgumentException.class,
          () -> m.imputeModality(List.of(new EncodedPatient("none", new int[0], new int[0][])), CodeKind.DIAGNOSIS, new Rng(1)));
      assertTrue(e.getMessage().contains("no visit"), e.getMessage());
      List<int[]> next = m.imputeNextVisit(records, new Rng(2));
      assertEquals(records.size(), next.size());
      for (int[] visit : next) assertTrue(isSortedUnique(visit) && Arrays.stream(visit).allMatch(c -> c >= 0 && c < v.codeCount()));
    }
  }

  static boolean isSortedUnique(int[] a) {
    for (int i = 1; i < a.length; i++) if (a[i] <= a[i - 1]) return false;
    return true;
  }

  @Test
  void givenRecords_whenLikelihoodTermsAreTaken_thenTheyCountEachVisitsCodesByModality_andTheRecordScoreSumsItsParts() {
    EncodedPatient p = PromptFixtures.patient();
    try (PromptEhrModel m = new PromptEhrModel(config(), PromptFixtures.vocabulary())) {
      perturb(m);
      for (List<ImputationLikelihood.Terms> terms : List.of(m.longitudinal(List.of(p)), m.crossModality(List.of(p)))) {
        ImputationLikelihood.Terms t = terms.get(0);
        assertEquals(3, t.tokens().length);
        for (int visit = 0; visit < 3; visit++) {
          int[] expected = new int[m.modalities().size()];
          for (int c : p.visits()[visit]) expected[m.tokens().modalityOfCode(c)]++;
          assertArrayEquals(expected, t.tokens()[visit], "visit " + visit);
          for (int k = 0; k < expected.length; k++) {
            // 0 also where the grammar leaves one choice (a modality's only code in the vocabulary is certain once its block opens)
            assertTrue(expected[k] == 0 ? t.logProbability()[visit][k] == 0 : t.logProbability()[visit][k] <= 0, "visit " + visit + " modality " + k);
          }
        }
      }
      // the record's log-probability: labels + every visit's span + the end, each a sum of log-softmax terms
      double[] lp = m.logProbabilities(List.of(p, p));
      assertEquals(lp[0], lp[1], 1e-4);
      List<PromptEhrModel.Example> parts = new ArrayList<>();
      boolean[] all = new boolean[m.features().categorical().size()];
      Arrays.fill(all, true);
      parts.add(m.labels(p.labels(), all));
      for (int t = 0; t <= 3; t++) parts.add(m.longitudinal(p, t, null));
      double sum = 0;
      for (double[] s : m.score(parts)) for (double x : s) sum += x;
      assertEquals(sum, lp[0], 1e-3);
      // a longer history changes the prediction of the last visit
      double withHistory = m.score(List.of(m.longitudinal(p, 2, null)))[0][0];
      double without = m.score(List.of(m.longitudinal(new EncodedPatient("q", p.labels(), new int[][] {p.visits()[2]}), 0, null)))[0][0];
      assertNotEquals(withHistory, without, 1e-6);
    }
  }

  @Test
  void givenAModel_whenSampling_thenRecordsFollowTheRowLayout_andTheSameSeedGivesTheSameRecords() {
    Vocabulary v = PromptFixtures.vocabulary();
    try (PromptEhrModel m = new PromptEhrModel(config().withModel(s -> s.extras(new PromptEhrModel.Sizes(1, 32, 4))), v)) {
      perturb(m);
      List<int[][]> a = m.sample(10, new Rng(8)), b = m.sample(10, new Rng(8));
      assertEquals(10, a.size());
      for (int i = 0; i < a.size(); i++) {
        assertEquals(a.get(i).length, b.get(i).length);
        for (int r = 0; r < a.get(i).length; r++) assertArrayEquals(a.get(i)[r], b.get(i)[r], "same seed, record " + i + " row " + r);
        int[][] rows = a.get(i);
        assertArrayEquals(new int[] {v.startToken()}, rows[0]);
        assertTrue(rows.length <= 2 + 4, "at most 4 visits: " + rows.length + " rows");
        for (int l : rows[1]) assertTrue(l == v.endToken() || l >= v.codeCount() && l < v.codeCount() + v.labelCount(), "a label token: " + l);
        for (int r = 2; r < rows.length; r++) for (int c : rows[r]) assertTrue(c < v.codeCount() || c == v.endToken() && r == rows.length - 1);
        long sexes = Arrays.stream(rows[1]).filter(l -> l >= v.codeCount() && l < v.codeCount() + v.labelCount() && v.label(l - v.codeCount()).startsWith("sex:")).count();
        assertTrue(sexes <= 1, "one value per demographic field: " + Arrays.toString(rows[1]));
      }
      // an untrained model's softmaxes are spread over every token, yet the grammar keeps every sampled span well formed
      assertEquals(0, m.ignoredTokens(), "no malformed span");
      int visits = a.stream().mapToInt(r -> r.length - 2).sum();
      assertTrue(visits > 0, "records have visits (an untrained model ends a record at each step about as often as not): " + visits);
    }
  }

  @Test
  void givenCrossAttentionComputedOnce_whenDecodingASubsetOfTheBatch_thenOutputsEqualTheFullComputation() {
    try (NDManager nd = NDManager.newBaseManager()) {
      Params params = new Params(nd);
      Seq2Seq net = new Seq2Seq(params, new Rng(2), 20, 16, 8, 2, 1, 2, 16, 6, 2, 1, 1e-5f);
      for (var a : params.all().values()) { // away from the near-zero initialisation
        float[] f = a.toFloatArray();
        Rng r = new Rng(f.length);
        for (int i = 0; i < f.length; i++) f[i] += (float) (0.5 * r.nextGaussian());
        a.set(FloatBuffer.wrap(f));
      }
      List<Seq2Seq.Input> in = List.of(new Seq2Seq.Input(new int[] {0, 4}, new float[] {0.5f}, new int[] {1, 4, 9, 5, 2}, new int[] {1, 4, 7}),
          new Seq2Seq.Input(new int[] {1, 3}, new float[] {-1f}, new int[] {1, 2}, new int[] {1, 11, 12, 13, 5}),
          new Seq2Seq.Input(new int[] {0, 5}, new float[] {2f}, new int[] {1, 4, 10, 11, 12, 5, 2}, new int[] {1}));
      Seq2Seq.Memory memory = net.encode(nd, in);
      float[] full = net.decode(nd, memory, in).toFloatArray();
      float[] cached = net.decode(nd, net.withCrossAttention(memory), in).toFloatArray();
      assertArrayEquals(full, cached, 1e-5f, "cross-attention keys and values computed once");
      // records 2 and 0 of the batch, in that order, from the selected memory: each as in the full batch
      List<Seq2Seq.Input> sub = List.of(in.get(2), in.get(0));
      float[] alone = net.decode(nd, net.withCrossAttention(memory).select(nd, new int[] {2, 0}), sub).toFloatArray();
      float[] reference = net.decode(nd, net.encode(nd, sub), sub).toFloatArray();
      assertEquals(2 * 3 * 8, reference.length, "2 records x 3 positions (the longest decoder input) x E 8");
      int width = 3 * 8;
      for (int i = 0; i < 8; i++) assertEquals(reference[i], alone[i], 1e-4f, "record 2, position 0");
      for (int i = 0; i < width; i++) assertEquals(reference[width + i], alone[width + i], 1e-4f, "record 0");
    }
  }

  @Test
  void givenTheDecoderCache_whenFedOneTokenAtATime_thenEachOutputEqualsTheFullDecoderAtThatPosition() {
    try (NDManager nd = NDManager.newBaseManager()) {
      Params params = new Params(nd);
      Seq2Seq net = new Seq2Seq(params, new Rng(3), 20, 16, 8, 2, 1, 2, 16, 6, 2, 0, 1e-5f);
      for (var a : params.all().values()) {
        float[] f = a.toFloatArray();
        Rng r = new Rng(f.length + 1);
        for (int i = 0; i < f.length; i++) f[i] += (float) (0.5 * r.nextGaussian());
        a.set(FloatBuffer.wrap(f));
      }
      int[][] sequences = {{1, 4, 7, 9, 11, 5}, {1, 6, 6, 2, 13, 8}, {1, 3, 14, 15, 4, 4}};
      int[][] encoders = {{1, 4, 9, 5, 2}, {1, 2}, {1, 4, 10, 11, 12, 5, 2}};
      int[][] cats = {{0, 4}, {1, 3}, {0, 5}};
      List<Seq2Seq.Input> prefixes = new ArrayList<>();
      for (int i = 0; i < 3; i++) prefixes.add(new Seq2Seq.Input(cats[i], new float[0], encoders[i], Arrays.copyOf(sequences[i], 2)));
      Seq2Seq.Memory memory = net.withCrossAttention(net.encode(nd, prefixes));
      NDArray[] last = new NDArray[1];
      Seq2Seq.Cache cache = net.prefill(nd, nd, memory, prefixes, last);
      float[] cached = last[0].toFloatArray();
      int[] rows = {0, 1, 2};
      for (int t = 2; t <= sequences[0].length; t++) {
        for (int a = 0; a < rows.length; a++) {
          int i = rows[a];
          List<Seq2Seq.Input> one = List.of(new Seq2Seq.Input(cats[i], new float[0], encoders[i], Arrays.copyOf(sequences[i], t)));
          float[] full = net.decode(nd, net.encode(nd, one), one).get(new ai.djl.ndarray.index.NDIndex("0, -1, :")).toFloatArray();
          assertArrayEquals(full, Arrays.copyOfRange(cached, a * 8, (a + 1) * 8), 1e-4f, "sequence " + i + " after " + t + " tokens");
        }
        if (t == sequences[0].length) break;
        if (t == 3) { // sequence 1 finishes: keep 0 and 2
          rows = new int[] {0, 2};
          memory = memory.select(nd, new int[] {0, 2});
          cache.select(new int[] {0, 2});
        }
        int[] next = new int[rows.length];
        for (int a = 0; a < rows.length; a++) next[a] = sequences[rows[a]][t];
        cached = net.step(nd, memory, cache, next).toFloatArray();
      }
      assertEquals(sequences[0].length, cache.fed());
    }
  }
}
