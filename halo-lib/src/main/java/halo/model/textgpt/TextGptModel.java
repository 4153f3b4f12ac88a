package halo.model.textgpt;

import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.TopKSampling;
import halo.model.blocks.TokenSequenceModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The text GPT of the LLM-generator comparison (../shared/papers/llm-ehr-generators.md §II-B.4): each
 * record written as an English sentence ({@link RecordText}: the paper's "Patient … has Diagnostic
 * Code(s) …", with the record's labels in front; or its longitudinal variant with visits), split into
 * subwords by a byte-level BPE learnt from the training split's sentences ({@link BpeTokenizer}), and
 * a GPT decoder over those tokens: the shared pre-LN transformer blocks with learned positions, the
 * head tied to the token embedding, next-token cross-entropy ({@link TokenSequenceModel}). A sequence
 * is end-of-text, the sentence's tokens, end-of-text.
 *
 * <p><b>No pretraining.</b> The paper fine-tunes pretrained GPT-2 models (82M to 774M parameters)
 * for 200 epochs; no pretrained weights can be fetched here, so every size is trained from scratch
 * on the training split alone, and the sizes are what a CPU trains in minutes. The model-size curve
 * (the paper's Fig. 1) is redrawn over the shared {@code embedding} and {@code layers}.
 *
 * <p><b>The tokenizer is part of the model.</b> Its merges are learnt from the training split before
 * training ({@link #TRAITS}' {@code fitted}, called by {@link halo.model.GenerativeModel#create(HaloConfig,
 * Vocabulary, List)}) and stored in the model's own settings ({@link Sizes#merges}), so a checkpoint
 * is complete without a side file and the same data gives the same tokenizer.
 *
 * <p><b>Sampling</b> draws tokens from the softmax (exactly; temperature or top-k as options) until
 * end-of-text or the token cap, decodes them to text and reads the sentence back ({@link
 * RecordText#parse}). Nothing is dropped silently: codes, labels and clauses the reading leaves out
 * are counted ({@link #textReport()}, and in {@link #ignoredTokens()}), and a sentence that cannot
 * be read at all (or is cut by the cap) is counted and drawn again (a trained model's records are
 * then its draws conditioned on being readable; an untrained one's give up after {@value #DRAWS}
 * draws, counted). Label-conditioned records continue the label clause "Patient with labels … has".
 * It does not continue given visits (no {@link halo.model.PrefixContinuation}): the paper's sentence
 * has no visits, and its visits variant is offered for training and generation only.
 *
 * <p>{@link RecordLikelihood}: the log-probability of the record's sentence under its tokenizer's
 * own (canonical) split: a lower bound of the sentence's probability, which sums over every token
 * sequence that decodes to it (how much the other splits carry is not measured), of the record as the
 * sentence sees it (the patient format: its set of codes of the chosen kinds).
 *
 * <p>Legend: E embedding, V tokens of the tokenizer plus pad.
 */
public final class TextGptModel extends TokenSequenceModel implements RecordLikelihood, TopKSampling {
  /**
   * The text GPT's own settings.
   *
   * @param format "patient" (the paper's sentence: one set of codes per patient) or "visits" (the longitudinal variant)
   * @param kinds the code kinds the sentence holds, as {@link PatientMatrix#parseKinds} reads them ("dx" by default, as the paper)
   * @param tokens the tokenizer's vocabulary size to learn: end-of-text, 256 bytes and one symbol per merge
   * @param merges the learnt merges ({@link BpeTokenizer#train}); empty until fitted to a training split
   */
  public record Sizes(String format, String kinds, int tokens, List<String> merges) implements ModelShape.Extras {
    public Sizes {
      RecordText.Format.parse(format);
      PatientMatrix.parseKinds(kinds);
      if (tokens < 257) throw new IllegalArgumentException("the text GPT's tokenizer needs at least 257 tokens (end-of-text and 256 bytes), got " + tokens);
      merges = merges == null ? List.of() : List.copyOf(merges);
      if (merges.size() > tokens - 257) throw new IllegalArgumentException(merges.size() + " merges exceed a vocabulary of " + tokens + " tokens");
    }

    /** The paper's sentence of diagnoses, a vocabulary of 1,024 tokens, not yet fitted. */
    public static Sizes standard() {
      return new Sizes("patient", "dx", 1_024, List.of());
    }

    /** Short and deterministic (a run cache's key): the merges as their number and a digest. */
    @Override
    public String toString() {
      return "Sizes[format=" + format + ", kinds=" + kinds + ", tokens=" + tokens + ", merges=" + merges.size()
          + (merges.isEmpty() ? "" : " sha256:" + digest(merges)) + "]";
    }
  }

  /**
   * The text GPT's context counts tokens. Presets: smoke tiny; cpu E 64, 2 blocks, 4 heads, a cap of
   * 192 tokens (the default cohort's diagnosis sentences: mean 63.5 tokens, 95th percentile 95,
   * longest 158), batch 32, Adam 1e-3, validation every 100 steps, stopping on it within 600 to 3,000
   * steps (about 0.1 s a step on 2 cores); paper: GPT-2 small's shape (E 768, 12 blocks, 12 heads,
   * 1,024 positions), batch 8 and Adam 5e-5 for 200 epochs as the paper's fine-tuning, from scratch.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.standard();
    }

    @Override
    public boolean contextCountsRows() {
      return false;
    }

    @Override
    public HaloConfig fitted(HaloConfig config, List<EncodedPatient> train, Vocabulary vocabulary) {
      Sizes s = config.model().extras(Sizes.class);
      if (!s.merges().isEmpty()) return config;
      RecordText text = new RecordText(vocabulary, PatientMatrix.parseKinds(s.kinds()), RecordText.Format.parse(s.format()));
      List<String> sentences = train.stream().map(text::write).toList();
      Sizes fitted = new Sizes(s.format(), s.kinds(), s.tokens(), BpeTokenizer.train(sentences, s.tokens()));
      return config.withModel(m -> m.extras(fitted));
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return switch (name) {
        case "smoke" -> shared.withModel(m -> m.embedding(32).layers(1).heads(2).context(192).positions(192))
            .withTraining(t -> t.batchSize(32));
        case "paper" -> shared.withModel(m -> m.embedding(768).layers(12).heads(12).context(1_024).positions(1_024))
            .withTraining(t -> t.batchSize(8).learningRate(5e-5).epochs(200).steps(0, 0));
        default -> shared.withModel(m -> m.embedding(64).layers(2).heads(4).context(192).positions(192))
            .withTraining(t -> t.batchSize(32).learningRate(1e-3).steps(600, 3_000));
      };
    }
  };

  private final RecordText text;
  private final BpeTokenizer tokenizer;
  private final int eot;
  /** Counts since the model was built, indexed by the constants below. */
  private final AtomicLongArray counts = new AtomicLongArray(7);
  private static final int REFUSED = 0, REFUSED_TOKENS = 1, UNKNOWN_CODES = 2, UNKNOWN_LABELS = 3, REPEATS = 4, BAD_CLAUSES = 5, GIVEN_UP = 6;

  /** A model whose tokenizer is fitted ({@link halo.model.GenerativeModel#create(HaloConfig, Vocabulary, List)}). */
  public TextGptModel(HaloConfig config, Vocabulary vocabulary) {
    this(config, vocabulary, tokenizerOf(config));
  }

  private TextGptModel(HaloConfig config, Vocabulary vocabulary, BpeTokenizer tokenizer) {
    super(config, vocabulary, new Rng(config.seed()), tokenizer.size() + 1, tokenizer.size());
    this.tokenizer = tokenizer;
    Sizes s = config.model().extras(Sizes.class);
    text = new RecordText(vocabulary, PatientMatrix.parseKinds(s.kinds()), RecordText.Format.parse(s.format()));
    eot = tokenizer.endOfText();
  }

  private static BpeTokenizer tokenizerOf(HaloConfig config) {
    Sizes s = config.model().extras(Sizes.class);
    if (s.merges().isEmpty()) {
      throw new IllegalArgumentException("the text GPT's tokenizer is learnt from the training split: build the model with "
          + "GenerativeModel.create(config, vocabulary, train), which fits it (its settings hold no merges yet)");
    }
    return BpeTokenizer.of(s.merges());
  }

  public RecordText text() {
    return text;
  }

  public BpeTokenizer tokenizer() {
    return tokenizer;
  }

  /** end-of-text, the sentence's tokens, end-of-text. */
  public int[] sequence(EncodedPatient p) {
    int[] t = tokenizer.encode(text.write(p));
    int[] out = new int[t.length + 2];
    out[0] = eot;
    System.arraycopy(t, 0, out, 1, t.length);
    out[out.length - 1] = eot;
    return out;
  }

  /** A record's sequence within the cap: the visits format keeps the most recent visits that fit; the patient format keeps the first tokens (the sentence is cut, and counted). */
  private Encoded encode(EncodedPatient p) {
    int cap = config.model().context();
    int[] seq = sequence(p);
    int cutVisits = 0;
    if (text.format() == RecordText.Format.VISITS && seq.length > cap) {
      int lo = 0, hi = p.visitCount() - 1; // the most recent visits that fit: the sequence grows with them, so bisect
      while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (sequence(p.lastVisits(mid)).length <= cap) lo = mid;
        else hi = mid - 1;
      }
      cutVisits = p.visitCount() - lo;
      p = p.lastVisits(lo);
      seq = sequence(p);
    }
    boolean cut = seq.length > cap;
    return new Encoded(cut ? Arrays.copyOf(seq, cap) : seq, cutVisits, cut);
  }

  private record Encoded(int[] tokens, int cutVisits, boolean cutTokens) {}

  @Override
  public RowBatch batch(List<EncodedPatient> patients) {
    List<int[]> sequences = new ArrayList<>(patients.size());
    int cut = 0;
    for (EncodedPatient p : patients) {
      Encoded e = encode(p);
      cut += e.cutVisits();
      sequences.add(e.tokens());
    }
    return tokenBatch(sequences, cut);
  }

  @Override
  public String truncationReport(List<EncodedPatient> train) {
    long records = 0, visits = 0, sentences = 0, tokens = 0, longest = 0;
    for (EncodedPatient p : train) {
      Encoded e = encode(p);
      if (e.cutVisits() > 0 || e.cutTokens()) records++;
      visits += e.cutVisits();
      if (e.cutTokens()) sentences++;
      tokens += e.tokens().length;
      longest = Math.max(longest, e.tokens().length);
    }
    String size = "%s, %,d tokens (mean %.1f per record, longest %d)".formatted(text, tokens, tokens / (double) Math.max(1, train.size()), longest);
    return records == 0 ? null : "%d of %d training records (%.1f%%) exceed %d tokens: %d oldest visits left out, %d sentences cut (%s)"
        .formatted(records, train.size(), 100.0 * records / train.size(), config.model().context(), visits, sentences, size);
  }

  /** Draws of a sentence before an unreadable one is given up on ({@link #sampleRows}). */
  static final int DRAWS = 3;

  /**
   * The records that follow each prefix (the start row, optionally a label row), in the row layout:
   * the prefix written as the beginning of a sentence ("Patient with labels … has"), the model's
   * tokens after it until end-of-text, the sentence read back. An unreadable sentence is counted and
   * drawn again, up to {@value #DRAWS} draws; a record still unreadable then is returned as its prefix
   * alone (the given labels, no codes) and counted as given up ({@link #textReport()}).
   */
  @Override
  protected List<int[][]> sampleRows(List<int[][]> prefixes, Rng rng) {
    List<int[]> tokenPrefixes = new ArrayList<>(prefixes.size());
    for (int[][] p : prefixes) tokenPrefixes.add(prompt(p));
    int[][][] out = new int[prefixes.size()][][];
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < out.length; i++) pending.add(i);
    for (int draw = 0; draw < DRAWS && !pending.isEmpty(); draw++) {
      List<int[]> group = pending.stream().map(tokenPrefixes::get).toList();
      List<int[]> sampled = sampleTokens(group, rng, config.model().context(), eot);
      List<Integer> again = new ArrayList<>();
      for (int g = 0; g < group.size(); g++) {
        int[] seq = sampled.get(g);
        boolean ended = seq.length > 1 && seq[seq.length - 1] == eot && Arrays.stream(seq).allMatch(t -> t < tokenizer.size()); // pad is never a target, but an untrained model can draw it
        RecordText.Parsed parsed = ended ? text.parse("", tokenizer.decode(Arrays.copyOfRange(seq, 1, seq.length - 1))) : null;
        if (parsed == null || parsed.record() == null) {
          counts.incrementAndGet(REFUSED);
          counts.addAndGet(REFUSED_TOKENS, seq.length - group.get(g).length);
          again.add(pending.get(g));
          continue;
        }
        counts.addAndGet(UNKNOWN_CODES, parsed.unknownCodes());
        counts.addAndGet(UNKNOWN_LABELS, parsed.unknownLabels());
        counts.addAndGet(REPEATS, parsed.repeats());
        counts.addAndGet(BAD_CLAUSES, parsed.badClauses());
        out[pending.get(g)] = RecordLayout.rows(parsed.record(), vocabulary);
      }
      pending = again;
    }
    for (int i : pending) {
      counts.incrementAndGet(GIVEN_UP);
      int[][] p = prefixes.get(i);
      int c = vocabulary.codeCount();
      int[] labels = p.length > 1 ? Arrays.stream(p[1]).filter(t -> t >= c && t < c + vocabulary.labelCount()).map(t -> t - c).toArray() : new int[0];
      out[i] = RecordLayout.rows(new EncodedPatient("", labels, new int[0][]), vocabulary);
    }
    return Arrays.asList(out);
  }

  /** The tokens of a row-layout prefix: end-of-text, then, given a label row, the sentence up to the labels' "has". */
  private int[] prompt(int[][] prefix) {
    if (prefix.length > 2) throw new IllegalArgumentException("the text GPT does not continue given visits (it is no PrefixContinuation), got a prefix of " + prefix.length + " rows");
    int[] t = new int[0];
    if (prefix.length == 2) {
      int c = vocabulary.codeCount();
      t = tokenizer.encode(text.labelPrompt(Arrays.stream(prefix[1]).filter(x -> x >= c && x < c + vocabulary.labelCount()).map(x -> x - c).toArray()));
    }
    if (t.length + 1 >= config.model().context()) {
      throw new IllegalArgumentException("a prompt of " + (t.length + 1) + " tokens leaves no room under the text GPT's cap of " + config.model().context());
    }
    int[] out = new int[t.length + 1];
    out[0] = eot;
    System.arraycopy(t, 0, out, 1, t.length);
    return out;
  }

  /** Generated tokens and items the reading left out since the model was built: refused sentences' tokens, unknown codes and labels, repeats, bad clauses. */
  @Override
  public long ignoredTokens() {
    return counts.get(REFUSED_TOKENS) + counts.get(UNKNOWN_CODES) + counts.get(UNKNOWN_LABELS) + counts.get(REPEATS) + counts.get(BAD_CLAUSES);
  }

  @Override
  public String ignoredReport() {
    return textReport().toString();
  }

  /** What reading generated sentences has left out since the model was built. */
  public TextReport textReport() {
    return new TextReport(counts.get(REFUSED), counts.get(REFUSED_TOKENS), counts.get(GIVEN_UP), counts.get(UNKNOWN_CODES), counts.get(UNKNOWN_LABELS),
        counts.get(REPEATS), counts.get(BAD_CLAUSES));
  }

  /**
   * Counts of what reading generated sentences left out.
   *
   * @param refused sentences that could not be read (or were cut by the token cap) and were drawn again
   * @param refusedTokens the tokens of those sentences
   * @param givenUp records whose every draw was unreadable, returned without codes
   * @param unknownCodes codes not in the vocabulary (for the chosen kinds)
   * @param unknownLabels label names not in the vocabulary
   * @param repeats codes or labels written twice
   * @param badClauses clauses neither "no codes" nor a kind's header with codes
   */
  public record TextReport(long refused, long refusedTokens, long givenUp, long unknownCodes, long unknownLabels, long repeats, long badClauses) {
    @Override
    public String toString() {
      return ("%d sentences unreadable (%d tokens), %d records given up after " + DRAWS + " draws; left out of read ones: %d unknown codes, %d unknown labels, %d repeats, %d bad clauses")
          .formatted(refused, refusedTokens, givenUp, unknownCodes, unknownLabels, repeats, badClauses);
    }
  }

  static String digest(List<String> merges) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      for (String m : merges) d.update((m + "\n").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    super.close();
    tokenizer.close();
  }
}
