package halo.model.gpt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.Imputation;
import halo.model.ImputationLikelihood;
import halo.model.ModelKind;
import halo.model.PrefixContinuation;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.TopKSampling;
import halo.model.VisitProbabilities;
import halo.model.blocks.Scalars;
import halo.model.blocks.TokenSequenceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The GPT baseline (protocol Part B §2.6, §3.7): each record as one flat token sequence ({@link
 * FlatSequence}: start, label tokens, end-of-labels, each visit's codes then end-of-visit,
 * end-of-record), the same pre-LN transformer blocks as HALO with learned token and position
 * embeddings, the output head tied to the token embedding, next-token softmax cross-entropy (pad is
 * never a target), and sampling from the softmax with a key/value cache until end-of-record.
 *
 * <p>Here a flat token is a one-token "row" of the shared transformer ({@link TransformerModel}), so
 * GPT reuses its packed lanes (records of different lengths share a lane, attention blind across
 * them) and its cached sampler. {@code config.model().context()} is the token cap (the authors: 700 tokens,
 * 750 positions): a longer record keeps its labels and its most recent visits that fit, and
 * {@link #truncationReport} says how many records and visits were cut (on the default cohort a cap
 * of 512 cuts 16% of records; the paper's point is that flat sequences are long).
 *
 * <p>Deliberate differences from the authors' code: codes within a visit are in vocabulary order (the
 * authors': Python set order); decoding counts what it ignores ({@link #ignoredTokens()}) instead of
 * dropping it silently. It has no {@link VisitProbabilities}, so the language-modelling metrics do not
 * apply (a token softmax, not per-code visit probabilities; the paper compares only HALO, HALO-Coarse
 * and the LSTM there), but its {@link RecordLikelihood} is the exact sequence log-likelihood, which the
 * likelihood attack uses. Its session samples flat tokens, not rows, so it offers no {@link RowSampling}.
 */
public final class GptModel extends TokenSequenceModel implements PrefixContinuation, RecordLikelihood, Imputation, ImputationLikelihood, TopKSampling {
  /**
   * GPT's context counts tokens: smoke 64; cpu 512 tokens at E 64 with 2 blocks and batches of 16
   * (its sequences are ~10× HALO's rows, and the authors' GPT is likewise half HALO's width and a
   * quarter of its depth), stopping on validation within 500 to 1,100 steps (what {@code make
   * reproduce}'s hour affords); paper 700 tokens with 750 positions, E 384, 3 blocks, as the authors.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public boolean contextCountsRows() {
      return false;
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return switch (name) {
        case "smoke" -> shared.withModel(m -> m.context(64));
        case "paper" -> shared.withModel(m -> m.embedding(384).layers(3).heads(4).context(700).positions(750));
        default -> shared.withModel(m -> m.embedding(64).layers(2).context(512)).withTraining(t -> t.batchSize(16).steps(500, 1_100));
      };
    }
  };

  private final FlatSequence flat;
  private final AtomicLong ignored = new AtomicLong();

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public GptModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, new Rng(config.seed()), new FlatSequence(vocabulary).size(), new FlatSequence(vocabulary).pad());
    flat = new FlatSequence(vocabulary);
    if (config.model().context() < 8) throw new IllegalArgumentException("GPT's context is its token cap: at least 8 tokens, got " + config.model().context());
  }

  public FlatSequence flat() {
    return flat;
  }

  /** A token session (one token per fed row); GPT does not offer {@link RowSampling}: its rows are tokens. */
  @Override
  protected RowSampling.Session openSampling(int n) {
    return super.openSampling(n);
  }

  /** Generated tokens out of place (ignored when decoding) since this model was built. */
  @Override
  public long ignoredTokens() {
    return ignored.get();
  }

  /** Each record's flat tokens as one-token rows; every token after the first is a target. */
  @Override
  public RowBatch batch(List<EncodedPatient> patients) {
    List<int[]> sequences = new ArrayList<>(patients.size());
    int cut = 0;
    for (EncodedPatient p : patients) {
      FlatSequence.Encoded enc = flat.encode(p, config.model().context());
      cut += enc.cutVisits();
      sequences.add(enc.tokens());
    }
    return tokenBatch(sequences, cut);
  }

  @Override
  public String truncationReport(List<EncodedPatient> train) {
    long records = 0, visits = 0, codes = 0;
    for (EncodedPatient p : train) {
      FlatSequence.Encoded e = flat.encode(p, config.model().context());
      if (e.cut()) records++;
      visits += e.cutVisits();
      codes += e.cutCodes();
    }
    return records == 0 ? null : "%d of %d training records (%.1f%%) exceed %d tokens: their %d oldest visits%s are left out"
        .formatted(records, train.size(), 100.0 * records / train.size(), config.model().context(), visits,
            codes > 0 ? " and " + codes + " codes of over-long last visits" : "");
  }

  /**
   * Samples tokens after each prefix (given in the row layout and turned into flat tokens: start,
   * labels and end-of-labels when a label row is given, then each given visit and end-of-visit)
   * until end-of-record or the cap, and returns the row layout of the decoded records. Empty
   * generated visits come back as empty rows (the generator drops and counts them).
   */
  @Override
  protected List<int[][]> sampleRows(List<int[][]> prefixes, Rng rng) {
    List<int[][]> tokenPrefixes = new ArrayList<>(prefixes.size());
    for (int[][] p : prefixes) tokenPrefixes.add(tokens(p));
    int eor = flat.endOfRecord();
    List<int[][]> sequences = sampleSequences(tokenPrefixes, rng, config.model().context(), (t, row) -> row[0] == eor);
    List<int[][]> out = new ArrayList<>(sequences.size());
    for (int[][] seq : sequences) {
      int[] tokens = new int[seq.length];
      for (int i = 0; i < seq.length; i++) tokens[i] = seq[i][0];
      FlatSequence.Decoded d = flat.decode("", tokens);
      ignored.addAndGet(d.ignored());
      int[][] rows = RecordLayout.rows(d.patient(), vocabulary);
      int[][] withEmpty = new int[rows.length + d.emptyVisits()][];
      withEmpty[0] = rows[0];
      withEmpty[1] = rows[1];
      for (int i = 0; i < d.emptyVisits(); i++) withEmpty[2 + i] = new int[0];
      System.arraycopy(rows, 2, withEmpty, 2 + d.emptyVisits(), rows.length - 2);
      out.add(withEmpty);
    }
    return out;
  }

  /**
   * Each record's next visit: the tokens GPT samples after the record's flat sequence (its most recent
   * visits that fill at most half the token cap, so the other half is left for the visit) up to the
   * next end-of-visit or end-of-record, exactly as generation samples them; codes only, sorted, each
   * once (labels, specials and repeats inside the visit are ignored and counted in
   * {@link #ignoredTokens()}).
   */
  @Override
  public List<int[]> imputeNextVisit(List<EncodedPatient> histories, Rng rng) {
    int cap = config.model().context();
    int[][][] prefixes = new int[histories.size()][][];
    TreeMap<Integer, List<Integer>> byLength = new TreeMap<>();
    for (int i = 0; i < prefixes.length; i++) {
      int[] tokens = flat.encode(histories.get(i), cap / 2 + 1).tokens();
      prefixes[i] = new int[tokens.length - 1][]; // without end-of-record: the record goes on
      for (int t = 0; t + 1 < tokens.length; t++) prefixes[i][t] = new int[] {tokens[t]};
      byLength.computeIfAbsent(prefixes[i].length, k -> new ArrayList<>()).add(i);
    }
    int eov = flat.endOfVisit(), eor = flat.endOfRecord(), c = vocabulary.codeCount();
    int[][] out = new int[prefixes.length][];
    for (var e : byLength.entrySet()) {
      int len = e.getKey();
      List<int[][]> group = e.getValue().stream().map(i -> prefixes[i]).toList();
      List<int[][]> seqs = sampleSequences(group, rng, cap, (t, row) -> t >= len && (row[0] == eov || row[0] == eor));
      for (int g = 0; g < group.size(); g++) {
        TreeSet<Integer> visit = new TreeSet<>();
        int[][] seq = seqs.get(g);
        for (int t = len; t < seq.length; t++) {
          int tok = seq[t][0];
          if (tok == eov || tok == eor) break;
          if (tok < c && visit.add(tok)) continue;
          ignored.incrementAndGet();
        }
        out[e.getValue().get(g)] = visit.stream().mapToInt(Integer::intValue).toArray();
      }
    }
    return Arrays.asList(out);
  }

  /** None: GPT samples a visit's codes in the vocabulary's order, so a modality given the codes after it is not defined by it. */
  @Override
  public List<CodeKind> imputableModalities() {
    return List.of();
  }

  @Override
  public List<int[]> imputeModality(List<EncodedPatient> records, CodeKind modality, Rng rng) {
    throw Imputation.refused(config.kind().id(), modality, List.of());
  }

  /** The modalities of the vocabulary, in {@link CodeKind} order. */
  @Override
  public List<CodeKind> modalities() {
    return vocabulary.kinds();
  }

  /**
   * lpl's terms as GPT defines them, PromptEHR's GPT-2 baseline: each code's next-token log-probability
   * in the record's flat sequence, teacher forced — given the earlier visits and the codes before it in
   * its own visit (the vocabulary's order), as PromptEHR's decoder conditions a code on the span before
   * it. Records over the token cap are scored on their most recent visits that fit (the others get no
   * terms).
   */
  @Override
  public List<Terms> longitudinal(List<EncodedPatient> records) {
    return terms(records, -1);
  }

  /**
   * mpl's terms as GPT can give them: for each modality k, the record's flat sequence with every
   * visit's codes of k moved after its other codes, so each code of k is predicted given its visit's
   * other modalities and the earlier visits; GPT was trained on visits in the vocabulary's order, so
   * this order is new to it (PromptEHR's reading of GPT-2's worse mpl).
   */
  @Override
  public List<Terms> crossModality(List<EncodedPatient> records) {
    List<CodeKind> kinds = modalities();
    List<Terms> out = null;
    for (int k = 0; k < kinds.size(); k++) {
      List<Terms> moved = terms(records, k);
      if (out == null) {
        out = moved;
        continue;
      }
      for (int i = 0; i < out.size(); i++) {
        for (int t = 0; t < out.get(i).tokens().length; t++) {
          out.get(i).logProbability()[t][k] = moved.get(i).logProbability()[t][k];
          out.get(i).tokens()[t][k] = moved.get(i).tokens()[t][k];
        }
      }
    }
    return out;
  }

  /** Per record, per visit and modality, the summed log-probabilities of its codes in its flat sequence, modality {@code last} (or none: -1) moved to the end of each visit. */
  private List<Terms> terms(List<EncodedPatient> records, int last) {
    List<CodeKind> kinds = modalities();
    int[] kindOf = new int[vocabulary.codeCount()];
    for (int c = 0; c < kindOf.length; c++) kindOf[c] = kinds.indexOf(vocabulary.code(c).kind());
    List<Terms> out = new ArrayList<>(records.size());
    int batchSize = config.training().batchSize();
    for (int from = 0; from < records.size(); from += batchSize) {
      List<EncodedPatient> part = records.subList(from, Math.min(records.size(), from + batchSize));
      List<int[]> sequences = new ArrayList<>(part.size());
      int[] firstVisit = new int[part.size()];
      for (int i = 0; i < part.size(); i++) {
        FlatSequence.Encoded enc = flat.encode(part.get(i), config.model().context());
        firstVisit[i] = enc.cutVisits();
        sequences.add(last < 0 ? enc.tokens() : movedLast(enc.tokens(), kindOf, last));
      }
      RowBatch b = tokenBatch(sequences, 0);
      float[] logp;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        logp = targetLogProbabilities(m, b).toFloatArray();
      }
      double[][][] lp = new double[part.size()][][];
      int[][][] n = new int[part.size()][][];
      for (int i = 0; i < part.size(); i++) {
        lp[i] = new double[part.get(i).visitCount()][kinds.size()];
        n[i] = new int[part.get(i).visitCount()][kinds.size()];
      }
      int[] visit = firstVisit.clone();
      boolean[] inVisits = new boolean[part.size()];
      for (int q = 0; q < logp.length; q++) {
        int i = b.target()[q][0];
        int token = sequences.get(i)[b.target()[q][1]];
        if (token == flat.endOfLabels()) inVisits[i] = true;
        else if (token == flat.endOfVisit()) visit[i]++;
        else if (inVisits[i] && token < vocabulary.codeCount() && visit[i] < lp[i].length) {
          lp[i][visit[i]][kindOf[token]] += logp[q];
          n[i][visit[i]][kindOf[token]]++;
        }
      }
      for (int i = 0; i < part.size(); i++) out.add(new Terms(lp[i], n[i]));
    }
    return out;
  }

  /** A flat sequence with each visit's codes of modality {@code k} moved after its other codes (each group keeps its order). */
  private int[] movedLast(int[] tokens, int[] kindOf, int k) {
    int[] out = tokens.clone();
    int start = -1;
    for (int t = 0; t < tokens.length; t++) {
      if (tokens[t] == flat.endOfLabels()) start = t + 1;
      else if (tokens[t] == flat.endOfVisit() && start >= 0) {
        int w = start;
        for (int j = start; j < t; j++) if (kindOf[tokens[j]] != k) out[w++] = tokens[j];
        for (int j = start; j < t; j++) if (kindOf[tokens[j]] == k) out[w++] = tokens[j];
        start = t + 1;
      }
    }
    return out;
  }

  /** A row-layout prefix as one-token rows of the flat sequence. */
  private int[][] tokens(int[][] prefix) {
    List<Integer> t = new ArrayList<>();
    t.add(flat.start());
    if (prefix.length > 1) {
      int c = vocabulary.codeCount();
      for (int tok : prefix[1]) if (tok >= c && tok < c + vocabulary.labelCount()) t.add(tok); // label tokens: same ids
      t.add(flat.endOfLabels());
      for (int r = 2; r < prefix.length; r++) {
        for (int tok : prefix[r]) if (tok < c) t.add(tok);
        t.add(flat.endOfVisit());
      }
    }
    if (t.size() >= config.model().context()) {
      throw new IllegalArgumentException("a prefix of " + t.size() + " tokens leaves no room under GPT's cap of " + config.model().context());
    }
    int[][] rows = new int[t.size()][];
    for (int i = 0; i < rows.length; i++) rows[i] = new int[] {t.get(i)};
    return rows;
  }
}
