package halo.model.promptehr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.Imputation;
import halo.model.ImputationLikelihood;
import halo.model.LabelConditioning;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.PrefixContinuation;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.TopKSampling;
import halo.model.blocks.Scalars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * The PromptEHR generator (Wang &amp; Sun, EMNLP 2022, §3): a sequence-to-sequence transformer
 * ({@link Seq2Seq}: bidirectional encoder, causal decoder with cross-attention, tied token embedding,
 * conditional prompts from the label row's baseline features prepended to both sides) over the token
 * sequences of {@link PromptSequence}, trained teacher-forced with token-level cross-entropy on three
 * tasks, one per record of a batch, drawn from the step's seed:
 *
 * <ol>
 *   <li><b>longitudinal</b> (prefix prompt): encoder = prompts + the visits before a visit t, corrupted
 *       ({@link Corruptions}, §3.3); decoder = visit t's span {@code <v> … </v>}, or {@code </s>} when t
 *       is one past the last visit;
 *   <li><b>cross-modality</b> (cloze prompt): encoder = prompts + the corrupted visits before t + visit
 *       t with one of its modalities k as {@code <m> <mask> </m>}; decoder = {@code <m>} (forced), then
 *       k's codes and {@code </m>};
 *   <li><b>labels</b>: encoder = prompts with each feature missing with probability 1/2 (all missing with
 *       probability 1/4) and one label-task token; decoder = the label row's tokens, sorted, then
 *       {@code </s>}. The model thus samples label rows itself (features all missing) and completes
 *       partial ones.
 * </ol>
 *
 * Each is chosen with probability 1/3 (cross-modality falls back to longitudinal for a record without
 * codes); t is uniform, k uniform among the visit's modalities. Corruption touches the encoder input
 * only. The loss is the mean over target tokens; validation uses the same mixture from a fixed seed,
 * uncorrupted, so {@link #lossSum} / {@link #lossOutputs} is a mean per target token.
 *
 * <p>Token ids are {@link PromptVocabulary}'s (S + C), then one per label (the label task's output) and
 * the label-task token. Labels enter as prompts: the schema is {@link
 * BaselineFeatures#fromVocabulary}, no numerical features on our data (the featurizer keeps the path).
 * {@code config.model().context()} is the encoder's token cap (prompts aside): the history read for a
 * visit is its most recent visits that fit ({@link #truncationReport}); {@code positions} bounds the
 * decoder's span; {@link Sizes#visits()} bounds a sampled record's visits.
 *
 * <p>Each output is a softmax over the tokens the {@link Grammar} allows at its position (inside a
 * modality's block: that modality's later codes or the block's close — the paper's per-modality output;
 * a label row: later labels, one value per demographic field), in training and in sampling alike, so
 * sampling is exact with respect to the model by default ({@link halo.model.Sampling}'s temperature and
 * top-k, when set, reshape the allowed tokens' distribution only) and every sampled span is well formed: a label row, then visit after visit, each decoded until
 * {@code </v>} or {@code </s>} with the encoder reading the labels' prompts and the visits so far. (A
 * span cut by the decoder's positions is not a visit: its tokens are counted in {@link
 * #ignoredTokens()} and the attempt takes a visit's place in the cap.) The encoder runs once per visit, the decoder's cross-attention keys and
 * values of it once too, and the decoder keeps a key/value cache, so each sampled token costs one
 * decoder step.
 *
 * <p>Legend: B records, E embedding, T token ids, K modalities.
 */
public final class PromptEhrModel implements GenerativeModel, LabelConditioning, PrefixContinuation, RecordLikelihood, Imputation,
    ImputationLikelihood, TopKSampling {
  /**
   * PromptEHR's context counts encoder tokens. Presets:
   *
   * <ul>
   *   <li>smoke: E 16, 1 + 1 layers, 2 heads, context 128 tokens, at most 30 steps;
   *   <li>cpu: E 128, 2 encoder + 2 decoder layers, 4 heads, feed-forward 512 (1.2 M parameters), context
   *       256 tokens, batch 16, lr 1e-3, validation every 200 steps, stopping on validation between 1,000
   *       and 3,000 steps. Measured on the default cohort on 2 otherwise idle cores: 0.22 s a step (0.87 s
   *       at a context of 512, which would allow under 1,000 steps), so 3,000 steps and 15 validations of
   *       945 records take about 15 minutes. No label balancing: the model learns the label rows it
   *       samples, and reweighting records by label would bias them;
   *   <li>paper: BART-base, 6 + 6 layers, E 768, 12 heads, feed-forward 3,072, context 512 tokens with
   *       1,024 positions, lr 1e-5, batch 16, 50 epochs. The paper's 3 warm-up epochs are not reproduced:
   *       {@link halo.model.Training} has no warm-up.
   * </ul>
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.forEmbedding(embedding);
    }

    @Override
    public boolean contextCountsRows() {
      return false;
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      return switch (name) {
        case "smoke" -> shared.withModel(m -> m.layers(1).context(128).extras(new Sizes(1, 64, 46))).withTraining(t -> t.steps(0, 30));
        case "paper" -> shared.withModel(m -> m.embedding(768).layers(6).heads(12).context(512).positions(1024).extras(new Sizes(6, 3072, 46)))
            .withTraining(t -> t.batchSize(16).learningRate(1e-5).epochs(50).steps(0, 0).patience(0));
        default -> shared.withModel(m -> m.embedding(128).layers(2).heads(4).context(256).positions(256).extras(new Sizes(2, 512, 46)))
            .withTraining(t -> t.batchSize(16).learningRate(1e-3).validateEvery(200).patience(5).steps(1_000, 3_000).labelBalance(0));
      };
    }
  };

  /**
   * PromptEHR's own sizes; the encoder's layers are {@link ModelShape#layers()}.
   *
   * @param decoderLayers decoder blocks (BART-base: 6)
   * @param feedForward width of the feed-forward layers (BART-base: 3,072)
   * @param visits most visits of a sampled record (the default cohort keeps at most 46, HALO's 48 rows)
   */
  public record Sizes(int decoderLayers, int feedForward, int visits) implements ModelShape.Extras {
    public Sizes {
      if (decoderLayers < 1) throw new IllegalArgumentException("PromptEHR's decoder needs >= 1 layer, got " + decoderLayers);
      if (feedForward < 1) throw new IllegalArgumentException("PromptEHR's feed-forward width must be >= 1, got " + feedForward);
      if (visits < 1) throw new IllegalArgumentException("PromptEHR's visit cap must be >= 1, got " + visits);
    }

    /** BART-base's at E 768 and above; below, 2 decoder layers from E 64 (else 1) and 4E wide; 46 visits. */
    public static Sizes forEmbedding(int e) {
      return e >= 768 ? new Sizes(6, 3072, 46) : new Sizes(e >= 64 ? 2 : 1, 4 * e, 46);
    }
  }

  /** The training tasks. */
  enum Task { LONGITUDINAL, CROSS_MODALITY, LABELS }

  /**
   * One teacher-forced sequence pair: prompt features, encoder tokens, and the decoder's whole
   * sequence; the decoder reads all but its last token, and tokens {@code firstTarget..} are targets
   * (token j predicted at position j − 1).
   */
  record Example(int[] categories, float[] numbers, int[] encoder, int[] decoder, int firstTarget) {
    Seq2Seq.Input input() {
      return new Seq2Seq.Input(categories, numbers, encoder, Arrays.copyOf(decoder, decoder.length - 1));
    }

    int targets() {
      return decoder.length - firstTarget;
    }
  }

  private static final long VALIDATION_SEED = 0x7A11DA7E5EEDL;

  private final HaloConfig config;
  private final Vocabulary vocabulary;
  private final NDManager manager;
  private final Params params;
  private final PromptVocabulary tokens;
  private final PromptSequence sequence;
  private final Corruptions corruptions;
  private final BaselineFeatures features;
  private final Sizes sizes;
  private final Seq2Seq net;
  private final int labelBase;
  private final int labelTask;
  private final int tokenCount;
  private final Grammar grammar;
  private final AtomicLong ignored = new AtomicLong();
  private final RowBatch.Derived<List<Example>> validationExamples = new RowBatch.Derived<>("promptehr validation examples");

  /** A freshly initialised model (the registry's way: {@link GenerativeModel#create}). */
  public PromptEhrModel(HaloConfig config, Vocabulary vocabulary) {
    this.config = config;
    this.vocabulary = vocabulary;
    this.tokens = PromptVocabulary.of(vocabulary);
    this.sequence = new PromptSequence(tokens);
    this.corruptions = new Corruptions(tokens, CorruptionRates.paper());
    this.features = BaselineFeatures.fromVocabulary(vocabulary);
    this.sizes = config.model().extras(Sizes.class);
    labelBase = tokens.size();
    labelTask = labelBase + vocabulary.labelCount();
    tokenCount = labelTask + 1;
    int[] fieldOfLabel = new int[vocabulary.labelCount()];
    for (int l = 0; l < fieldOfLabel.length; l++) fieldOfLabel[l] = l < vocabulary.chronicLabelCount() ? -1 : features.featureOfLabel(l);
    grammar = new Grammar(tokens, labelBase, labelTask, tokenCount, fieldOfLabel);
    this.manager = NDManager.newBaseManager();
    this.params = new Params(manager);
    ModelShape s = config.model();
    net = new Seq2Seq(params, new Rng(config.seed()), tokenCount, s.positions(), s.embedding(), s.heads(), s.layers(), sizes.decoderLayers(),
        sizes.feedForward(), features.categoryCount(), features.categorical().size(), features.numericNames().size(), s.layerNormEps());
  }

  @Override
  public HaloConfig config() {
    return config;
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public Params params() {
    return params;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  /** The token layout of the sequences (labels and the label-task token follow its ids). */
  public PromptVocabulary tokens() {
    return tokens;
  }

  /** The baseline-feature schema of the prompts. */
  public BaselineFeatures features() {
    return features;
  }

  @Override
  public long ignoredTokens() {
    return ignored.get();
  }

  @Override
  public void close() {
    manager.close();
  }

  // ================================================================== training

  @Override
  public List<Objective> objectives() {
    return List.of(new Objective("promptehr", List.copyOf(params.all().keySet()), config.training().learningRate()));
  }

  /** The records in the row layout (start, labels, every visit; nothing truncated: tasks pick their history when the loss is taken). */
  @Override
  public RowBatch batch(List<EncodedPatient> patients) {
    int[][][] rows = new int[patients.size()][][];
    int width = 1, n = 0;
    for (int i = 0; i < rows.length; i++) {
      rows[i] = RecordLayout.rows(patients.get(i), vocabulary);
      width = Math.max(width, rows[i].length);
      n += rows[i].length - 1;
    }
    int[][] target = new int[n][];
    int k = 0;
    for (int i = 0; i < rows.length; i++) for (int r = 1; r < rows[i].length; r++) target[k++] = new int[] {i, r};
    return new RowBatch(rows, width, vocabulary.size(), vocabulary.padToken(), target, 0);
  }

  /** The records of a batch, read back from its rows. */
  private List<EncodedPatient> records(RowBatch batch) {
    int c = vocabulary.codeCount(), l = vocabulary.labelCount();
    List<EncodedPatient> out = new ArrayList<>(batch.size());
    for (int[][] rows : batch.rows()) {
      int[] labels = Arrays.stream(rows[1]).filter(x -> x >= c && x < c + l).map(x -> x - c).toArray();
      int[][] visits = new int[rows.length - 2][];
      for (int t = 2; t < rows.length; t++) visits[t - 2] = Arrays.stream(rows[t]).filter(x -> x < c).toArray();
      out.add(new EncodedPatient("", labels, visits));
    }
    return out;
  }

  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    List<Example> ex = trainingExamples(records(batch), new Rng(step.seed(config.seed(), 0)), true);
    NDArray logp = targetLogProbabilities(m, ex);
    return Scalars.over(logp.sum().neg(), logp.getShape().get(0));
  }

  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    return targetLogProbabilities(m, validation(batch)).sum().neg();
  }

  @Override
  public long lossOutputs(RowBatch batch) {
    return validation(batch).stream().mapToLong(Example::targets).sum();
  }

  private List<Example> validation(RowBatch batch) {
    return batch.derived(validationExamples, b -> trainingExamples(records(b), new Rng(config.seed() ^ VALIDATION_SEED), false));
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    List<Example> ex = validation(batch);
    int[] le = new int[ex.size()], ld = new int[ex.size()];
    long targets = 0;
    for (int i = 0; i < ex.size(); i++) {
      le[i] = net.promptCount() + ex.get(i).encoder().length;
      ld[i] = net.promptCount() + ex.get(i).decoder().length - 1;
      targets += ex.get(i).targets();
    }
    return net.macs(le, ld, targets, tokenCount, sizes.feedForward());
  }

  @Override
  public long denseForwardMacs(RowBatch batch) {
    return forwardMacs(batch);
  }

  @Override
  public String truncationReport(List<EncodedPatient> train) {
    PromptSequence.Report r = sequence.encodeAll(train, config.model().context()).report();
    return r.truncatedRecords() == 0 ? null
        : "%d of %d training records (%.1f%%) exceed the encoder's %d tokens: a visit is predicted from the most recent visits that fit (predicting their ends leaves out %d visits)"
            .formatted(r.truncatedRecords(), r.records(), 100.0 * r.truncatedRecords() / r.records(), r.maxTokens(), r.droppedVisits());
  }

  /** One task per record, with its history corrupted when {@code corrupt}. */
  List<Example> trainingExamples(List<EncodedPatient> records, Rng rng, boolean corrupt) {
    List<Example> out = new ArrayList<>(records.size());
    for (EncodedPatient p : records) {
      int[][] visits = p.visits();
      double u = rng.nextDouble();
      Task task = u < 1.0 / 3 ? Task.LONGITUDINAL : u < 2.0 / 3 ? Task.CROSS_MODALITY : Task.LABELS;
      List<Integer> withCodes = new ArrayList<>();
      for (int t = 0; t < visits.length; t++) if (visits[t].length > 0) withCodes.add(t);
      if (task == Task.CROSS_MODALITY && withCodes.isEmpty()) task = Task.LONGITUDINAL;
      switch (task) {
        case LONGITUDINAL -> out.add(longitudinal(p, rng.nextInt(visits.length + 1), corrupt ? rng : null));
        case CROSS_MODALITY -> {
          int t = withCodes.get(rng.nextInt(withCodes.size()));
          int[] present = modalities(visits[t]);
          out.add(crossModality(p, t, present[rng.nextInt(present.length)], corrupt ? rng : null));
        }
        case LABELS -> out.add(labels(p.labels(), missing(rng)));
      }
    }
    return out;
  }

  /** Which features the label task hides: all with probability 1/4, else each with probability 1/2. */
  private boolean[] missing(Rng rng) {
    boolean[] hide = new boolean[features.categorical().size()];
    boolean all = rng.nextDouble() < 0.25;
    for (int f = 0; f < hide.length; f++) hide[f] = all || rng.nextDouble() < 0.5;
    return hide;
  }

  // ================================================================== examples

  /** The global category ids of a label row (labels out of place for the schema are ignored: first value of a field wins). */
  int[] categories(int[] labels) {
    return features.of(new EncodedPatient("", consistent(labels), new int[0][])).categories();
  }

  /** The labels of a row that the schema can hold: each demographic field's first value only. */
  private int[] consistent(int[] labels) {
    BitSet fields = new BitSet();
    return Arrays.stream(labels).filter(l -> l < vocabulary.chronicLabelCount() || !fieldTaken(fields, l)).toArray();
  }

  private boolean fieldTaken(BitSet fields, int l) {
    int f = features.featureOfLabel(l);
    boolean taken = fields.get(f);
    fields.set(f);
    return taken;
  }

  private float[] numbers() {
    return new float[features.numericNames().size()]; // the training mean: no numerical features on encoded records
  }

  /** The encoder's record part: {@code <s>}, the most recent of {@code history} that fit {@code cap} tokens (corrupted when rng is given), {@code </s>}. */
  private int[] history(int[][] history, int cap, Rng rng) {
    int[] x = sequence.encode(new EncodedPatient("", new int[0], history), Math.max(2, cap)).tokens();
    return rng == null ? x : corruptions.corrupt(x, rng).tokens();
  }

  /** The last {@code cap} tokens of {@code x} (a corrupted history can outgrow the cap by its inserted masks). */
  private int[] capped(int[] x) {
    int cap = config.model().context();
    return x.length <= cap ? x : Arrays.copyOfRange(x, x.length - cap, x.length);
  }

  /** The first {@code positions} tokens of a decoder sequence (a span longer than the decoder's positions is cut). */
  private int[] decoderCapped(int[] d) {
    return d.length <= config.model().positions() + 1 ? d : Arrays.copyOf(d, config.model().positions() + 1);
  }

  /** Task 1: visit t (or {@code </s>} at t = number of visits) given the visits before it. */
  Example longitudinal(EncodedPatient p, int t, Rng corrupt) {
    int[][] visits = p.visits();
    int[] enc = capped(history(Arrays.copyOf(visits, t), config.model().context(), corrupt));
    int[] dec;
    if (t == visits.length) {
      dec = new int[] {tokens.bos(), tokens.eos()};
    } else {
      int[] span = span(visits[t]);
      dec = new int[span.length + 1];
      dec[0] = tokens.bos();
      System.arraycopy(span, 0, dec, 1, span.length);
    }
    return new Example(categories(p.labels()), numbers(), enc, decoderCapped(dec), 1);
  }

  /** Task 2: visit t's codes of modality k given the visit's other modalities and the visits before it. */
  Example crossModality(EncodedPatient p, int t, int k, Rng corrupt) {
    int[][] visits = p.visits();
    int[] masked = maskedVisit(visits[t], k);
    int[] hist = history(Arrays.copyOf(visits, t), config.model().context() - masked.length, corrupt);
    int[] enc = new int[hist.length + masked.length];
    System.arraycopy(hist, 0, enc, 0, hist.length - 1);
    System.arraycopy(masked, 0, enc, hist.length - 1, masked.length);
    enc[enc.length - 1] = tokens.eos();
    CodeKind kind = tokens.modalities().get(k);
    int[] codes = Arrays.stream(visits[t]).filter(c -> tokens.modalityOfCode(c) == k).toArray();
    int[] dec = new int[codes.length + 3];
    dec[0] = tokens.bos();
    dec[1] = tokens.open(kind);
    for (int i = 0; i < codes.length; i++) dec[2 + i] = tokens.token(codes[i]);
    dec[dec.length - 1] = tokens.close(kind);
    return new Example(categories(p.labels()), numbers(), capped(enc), decoderCapped(dec), 2);
  }

  /** Task 3: the label row given the features not hidden. */
  Example labels(int[] labels, boolean[] hide) {
    int[] cats = categories(labels);
    for (int f = 0; f < hide.length; f++) if (hide[f]) cats[f] = features.missingId(f);
    int[] sorted = consistent(labels).clone();
    Arrays.sort(sorted);
    int[] dec = new int[sorted.length + 2];
    dec[0] = labelTask;
    for (int i = 0; i < sorted.length; i++) dec[1 + i] = labelBase + sorted[i];
    dec[dec.length - 1] = tokens.eos();
    return new Example(cats, numbers(), new int[] {labelTask}, decoderCapped(dec), 1);
  }

  /** A visit's canonical span {@code <v> … </v>}. */
  private int[] span(int[] visit) {
    int[] s = sequence.encode(new EncodedPatient("", new int[0], new int[][] {visit}));
    return Arrays.copyOfRange(s, 1, s.length - 1);
  }

  /** A visit's span with modality k's codes as one {@code <mask>} inside k's markers (the cloze prompt), k in its canonical place. */
  int[] maskedVisit(int[] visit, int k) {
    List<Integer> out = new ArrayList<>();
    out.add(tokens.visitOpen());
    for (int j = 0; j < tokens.modalities().size(); j++) {
      CodeKind kind = tokens.modalities().get(j);
      int jj = j;
      int[] codes = Arrays.stream(visit).filter(c -> tokens.modalityOfCode(c) == jj).toArray();
      if (j != k && codes.length == 0) continue;
      out.add(tokens.open(kind));
      if (j == k) out.add(tokens.mask());
      else for (int c : codes) out.add(tokens.token(c));
      out.add(tokens.close(kind));
    }
    out.add(tokens.visitClose());
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The modality indices present in a visit, ascending. */
  private int[] modalities(int[] visit) {
    return Arrays.stream(visit).map(tokens::modalityOfCode).distinct().sorted().toArray();
  }

  // ================================================================== teacher forcing

  /** log P of every target token of every example, [N] in example order. */
  NDArray targetLogProbabilities(NDManager m, List<Example> ex) {
    List<Seq2Seq.Input> in = ex.stream().map(Example::input).toList();
    NDArray h = net.decode(m, net.encode(m, in), in); // [B, Ld, E]
    long ld = h.getShape().get(1);
    int n = ex.stream().mapToInt(Example::targets).sum();
    long[] rows = new long[n];
    long[] picks = new long[n];
    float[] bias = new float[n * tokenCount]; // the grammar's: each target's softmax is over the tokens allowed there
    int k = 0;
    for (int i = 0; i < ex.size(); i++) {
      Example x = ex.get(i);
      Grammar.State g = grammar.after(Arrays.copyOf(x.decoder(), x.firstTarget()));
      for (int j = x.firstTarget(); j < x.decoder().length; j++, k++) {
        rows[k] = i * ld + j - 1;
        picks[k] = (long) k * tokenCount + x.decoder()[j];
        g.mask(bias, k * tokenCount);
        g.accept(x.decoder()[j]);
      }
    }
    NDArray states = Seq2Seq.gather(h.reshape(-1, h.getShape().get(2)), m.create(rows));
    NDArray logits = net.logits(states).add(m.create(bias, new Shape(n, tokenCount)));
    return logits.logSoftmax(-1).reshape(-1).get(new NDIndex("{}", m.create(picks)));
  }

  /** The decoder's logits at every fed position, [B, Ld, T] (for tests of the attention structure). */
  float[][][] decoderLogits(List<Example> ex) {
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      List<Seq2Seq.Input> in = ex.stream().map(Example::input).toList();
      NDArray h = net.decode(m, net.encode(m, in), in);
      long b = h.getShape().get(0), ld = h.getShape().get(1);
      float[] flat = net.logits(h.reshape(b * ld, -1)).toFloatArray();
      float[][][] out = new float[(int) b][(int) ld][tokenCount];
      for (int i = 0; i < b; i++) for (int j = 0; j < ld; j++) System.arraycopy(flat, (int) ((i * ld + j) * tokenCount), out[i][j], 0, tokenCount);
      return out;
    }
  }

  /** Per example, the log-probabilities of its targets, computed in chunks of the training batch size. */
  double[][] score(List<Example> ex) {
    double[][] out = new double[ex.size()][];
    int chunk = config.training().batchSize();
    for (int from = 0; from < ex.size(); from += chunk) {
      List<Example> part = ex.subList(from, Math.min(ex.size(), from + chunk));
      float[] lp;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        lp = targetLogProbabilities(m, part).toFloatArray();
      }
      int k = 0;
      for (int i = 0; i < part.size(); i++) {
        double[] r = new double[part.get(i).targets()];
        for (int j = 0; j < r.length; j++) r[j] = lp[k++];
        out[from + i] = r;
      }
    }
    return out;
  }

  // ================================================================== likelihoods

  /** log P(labels) + Σ_t log P(visit t | labels, visits before t) + log P(end | all visits), teacher forced, uncorrupted. */
  @Override
  public double[] logProbabilities(List<EncodedPatient> patients) {
    List<Example> ex = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int i = 0; i < patients.size(); i++) {
      EncodedPatient p = patients.get(i);
      ex.add(labels(p.labels(), allMissing()));
      owners.add(i);
      for (int t = 0; t <= p.visitCount(); t++) {
        ex.add(longitudinal(p, t, null));
        owners.add(i);
      }
    }
    int[] owner = owners.stream().mapToInt(Integer::intValue).toArray();
    double[][] lp = score(ex);
    double[] out = new double[patients.size()];
    for (int e = 0; e < ex.size(); e++) for (double x : lp[e]) out[owner[e]] += x;
    return out;
  }

  private boolean[] allMissing() {
    boolean[] all = new boolean[features.categorical().size()];
    Arrays.fill(all, true);
    return all;
  }

  @Override
  public List<CodeKind> modalities() {
    return tokens.modalities();
  }

  @Override
  public List<Terms> longitudinal(List<EncodedPatient> records) {
    List<Example> ex = new ArrayList<>();
    for (EncodedPatient p : records) for (int t = 0; t < p.visitCount(); t++) ex.add(longitudinal(p, t, null));
    return terms(records, ex, false);
  }

  @Override
  public List<Terms> crossModality(List<EncodedPatient> records) {
    List<Example> ex = new ArrayList<>();
    for (EncodedPatient p : records) {
      for (int t = 0; t < p.visitCount(); t++) for (int k : modalities(p.visits()[t])) ex.add(crossModality(p, t, k, null));
    }
    return terms(records, ex, true);
  }

  /** Sums each example's code log-probabilities into its record's [visit][modality] terms, in the order the examples were made. */
  private List<Terms> terms(List<EncodedPatient> records, List<Example> ex, boolean cross) {
    double[][] lp = score(ex);
    int kCount = tokens.modalities().size();
    List<Terms> out = new ArrayList<>(records.size());
    int e = 0;
    for (EncodedPatient p : records) {
      double[][] logp = new double[p.visitCount()][kCount];
      int[][] counts = new int[p.visitCount()][kCount];
      for (int t = 0; t < p.visitCount(); t++) {
        int examples = cross ? modalities(p.visits()[t]).length : 1;
        for (int q = 0; q < examples; q++, e++) {
          Example x = ex.get(e);
          for (int j = x.firstTarget(); j < x.decoder().length; j++) {
            int token = x.decoder()[j];
            if (!tokens.isCode(token)) continue;
            int k = tokens.modalityOfToken(token);
            logp[t][k] += lp[e][j - x.firstTarget()];
            counts[t][k]++;
          }
        }
      }
      out.add(new Terms(logp, counts));
    }
    return out;
  }

  // ================================================================== sampling

  /**
   * Samples each example's decoder continuation after its whole decoder sequence (all of it fed; all
   * of one length), token by token from the softmax with the decoder's key/value cache, until a token
   * {@code stop} accepts or the decoder's positions are full; returns the sampled tokens (without the
   * prefix).
   */
  private List<int[]> decode(List<Example> prefixes, IntPredicate stop, Rng rng) {
    int n = prefixes.size();
    List<List<Integer>> drawn = new ArrayList<>(n);
    for (int i = 0; i < n; i++) drawn.add(new ArrayList<>());
    int room = config.model().positions();
    int prefix = prefixes.get(0).decoder().length;
    try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
      List<Seq2Seq.Input> in = new ArrayList<>();
      for (Example x : prefixes) in.add(new Seq2Seq.Input(x.categories(), x.numbers(), x.encoder(), x.decoder()));
      Seq2Seq.Memory memory = net.withCrossAttention(net.encode(m, in));
      Seq2Seq.Cache cache;
      float[] p;
      try (NDScope inner = new NDScope(); NDManager sm = m.newSubManager()) {
        NDArray[] last = new NDArray[1];
        cache = net.prefill(m, sm, memory, in, last);
        p = net.logits(last[0]).toFloatArray();
      }
      int[] active = new int[n];
      Grammar.State[] grammarOf = new Grammar.State[n];
      for (int i = 0; i < n; i++) {
        active[i] = i;
        grammarOf[i] = grammar.after(prefixes.get(i).decoder());
      }
      while (true) {
        List<Integer> still = new ArrayList<>();
        for (int a = 0; a < active.length; a++) {
          Grammar.State g = grammarOf[active[a]];
          g.softmax(p, a * tokenCount); // the model's distribution: its logits' softmax over the tokens the grammar allows
          config.sampling().categorical(p, a * tokenCount, tokenCount); // temperature, top-k (exact: unchanged)
          double u = rng.nextDouble(), acc = 0;
          int k = -1;
          for (int t = 0; t < tokenCount; t++) {
            if (p[a * tokenCount + t] == 0) continue; // not allowed
            k = t;
            if ((acc += p[a * tokenCount + t]) > u) break; // else rounding left u above the sum: the last allowed token
          }
          List<Integer> d = drawn.get(active[a]);
          d.add(k);
          g.accept(k);
          if (!stop.test(k) && !g.done() && prefix + d.size() < room) still.add(a);
        }
        if (still.isEmpty()) break;
        if (still.size() < active.length) {
          int[] keep = still.stream().mapToInt(Integer::intValue).toArray();
          int[] next = new int[keep.length];
          for (int j = 0; j < keep.length; j++) next[j] = active[keep[j]];
          memory = memory.select(m, keep);
          cache.select(keep);
          active = next;
        }
        int[] fed = new int[active.length];
        for (int a = 0; a < active.length; a++) fed[a] = drawn.get(active[a]).getLast();
        try (NDScope inner = new NDScope(); NDManager sm = m.newSubManager()) {
          p = net.logits(net.step(sm, memory, cache, fed)).toFloatArray();
        }
      }
    }
    return drawn.stream().map(d -> d.stream().mapToInt(Integer::intValue).toArray()).toList();
  }

  /** The decoder prefix that starts a visit after {@code visits}, conditioned on {@code labels}. */
  private Example nextVisitPrefix(int[] labels, int[][] visits) {
    int[] enc = capped(history(visits, config.model().context(), null));
    return new Example(categories(labels), numbers(), enc, new int[] {tokens.bos()}, 1);
  }

  /** A decoded span as a visit (sorted codes), or null when it is not one (its tokens then counted as ignored). */
  private int[] visitOf(int[] span) {
    int[] seq = new int[span.length + 2];
    seq[0] = tokens.bos();
    System.arraycopy(span, 0, seq, 1, span.length);
    seq[seq.length - 1] = tokens.eos();
    try {
      int[][] v = sequence.decodeVisits(seq);
      if (v.length == 1) return v[0];
    } catch (MalformedSequenceException e) {
      // not a visit: counted below
    }
    ignored.addAndGet(span.length);
    return null;
  }

  @Override
  public List<int[]> sampleLabelRows(int n, Rng rng) {
    List<int[]> out = new ArrayList<>(n);
    int chunk = config.sampling().batch();
    for (int from = 0; from < n; from += chunk) {
      List<Example> ex = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + chunk); i++) {
        Example x = labels(new int[0], allMissing());
        ex.add(new Example(x.categories(), x.numbers(), x.encoder(), new int[] {labelTask}, 1));
      }
      for (int[] drawnRow : decode(ex, t -> t == tokens.eos(), rng)) out.add(labelRow(drawnRow));
    }
    return out;
  }

  /** A sampled label sequence as a label row (label tokens C + l, sorted): repeats, a second value of a field and non-labels are ignored and counted. */
  private int[] labelRow(int[] drawn) {
    TreeSet<Integer> row = new TreeSet<>();
    BitSet fields = new BitSet();
    int l = vocabulary.labelCount();
    for (int t : drawn) {
      if (t == tokens.eos()) break;
      int label = t - labelBase;
      boolean ok = label >= 0 && label < l && !row.contains(vocabulary.labelToken(label))
          && (label < vocabulary.chronicLabelCount() || !fieldTaken(fields, label));
      if (ok) row.add(vocabulary.labelToken(label));
      else ignored.incrementAndGet();
    }
    return row.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public List<int[][]> sample(int n, Rng rng) {
    return sampleWithLabelRows(sampleLabelRows(n, rng), rng);
  }

  @Override
  public List<int[][]> sampleWithLabelRows(List<int[]> labelRows, Rng rng) {
    List<int[][]> prefixes = new ArrayList<>(labelRows.size());
    for (int[] row : labelRows) prefixes.add(new int[][] {{vocabulary.startToken()}, row.clone()});
    return continueRecords(prefixes, rng);
  }

  /** A record being sampled. */
  private static final class Growing {
    int[] labels;
    final List<int[]> visits = new ArrayList<>();
    int attempts;
    boolean ended;
  }

  @Override
  public List<int[][]> continueRecords(List<int[][]> prefixes, Rng rng) {
    int c = vocabulary.codeCount(), l = vocabulary.labelCount();
    List<Growing> records = new ArrayList<>(prefixes.size());
    List<Integer> needLabels = new ArrayList<>();
    for (int i = 0; i < prefixes.size(); i++) {
      int[][] p = prefixes.get(i);
      Growing g = new Growing();
      if (p.length > 1) g.labels = Arrays.stream(p[1]).filter(x -> x >= c && x < c + l).map(x -> x - c).sorted().toArray();
      else needLabels.add(i);
      for (int r = 2; r < p.length; r++) g.visits.add(Arrays.stream(p[r]).filter(x -> x < c).sorted().toArray());
      g.attempts = g.visits.size();
      records.add(g);
    }
    if (!needLabels.isEmpty()) {
      List<int[]> rows = sampleLabelRows(needLabels.size(), rng);
      for (int j = 0; j < rows.size(); j++) records.get(needLabels.get(j)).labels = Arrays.stream(rows.get(j)).map(x -> x - c).toArray();
    }
    int chunk = config.sampling().batch();
    for (int from = 0; from < records.size(); from += chunk) grow(records.subList(from, Math.min(records.size(), from + chunk)), rng);
    List<int[][]> out = new ArrayList<>(records.size());
    for (Growing g : records) {
      int[][] rows = new int[g.visits.size() + 2][];
      rows[0] = new int[] {vocabulary.startToken()};
      rows[1] = Arrays.stream(g.labels).map(vocabulary::labelToken).toArray();
      for (int t = 0; t < g.visits.size(); t++) rows[t + 2] = g.visits.get(t);
      if (g.ended) {
        int last = rows.length - 1;
        rows[last] = Arrays.copyOf(rows[last], rows[last].length + 1);
        rows[last][rows[last].length - 1] = vocabulary.endToken();
      }
      out.add(rows);
    }
    return out;
  }

  /** Samples visits of these records until each ends or has {@link Sizes#visits()} visits (malformed attempts count). */
  private void grow(List<Growing> records, Rng rng) {
    while (true) {
      List<Growing> active = records.stream().filter(g -> !g.ended && g.attempts < sizes.visits()).toList();
      if (active.isEmpty()) return;
      List<Example> ex = active.stream().map(g -> nextVisitPrefix(g.labels, g.visits.toArray(int[][]::new))).toList();
      List<int[]> spans = decode(ex, t -> t == tokens.visitClose() || t == tokens.eos(), rng);
      for (int a = 0; a < active.size(); a++) {
        Growing g = active.get(a);
        int[] span = spans.get(a);
        g.attempts++;
        if (span.length == 1 && span[0] == tokens.eos()) {
          g.ended = true;
          continue;
        }
        int[] visit = visitOf(span);
        if (visit != null) g.visits.add(visit);
      }
    }
  }

  // ================================================================== imputation

  @Override
  public List<int[]> imputeNextVisit(List<EncodedPatient> histories, Rng rng) {
    List<int[]> out = new ArrayList<>(histories.size());
    int chunk = config.sampling().batch();
    for (int from = 0; from < histories.size(); from += chunk) {
      List<Example> ex = histories.subList(from, Math.min(histories.size(), from + chunk)).stream()
          .map(p -> nextVisitPrefix(p.labels(), p.visits())).toList();
      for (int[] span : decode(ex, t -> t == tokens.visitClose() || t == tokens.eos(), rng)) {
        int[] visit = span.length == 1 && span[0] == tokens.eos() ? new int[0] : visitOf(span);
        out.add(visit == null ? new int[0] : visit);
      }
    }
    return out;
  }

  @Override
  public List<CodeKind> imputableModalities() {
    return tokens.modalities();
  }

  @Override
  public List<int[]> imputeModality(List<EncodedPatient> records, CodeKind modality, Rng rng) {
    int k = tokens.modality(modality);
    for (EncodedPatient p : records) {
      if (p.visitCount() == 0) throw new IllegalArgumentException("record " + p.id() + " has no visit whose " + modality.prefix() + " codes could be imputed");
    }
    List<int[]> out = new ArrayList<>(records.size());
    int chunk = config.sampling().batch();
    for (int from = 0; from < records.size(); from += chunk) {
      List<EncodedPatient> part = records.subList(from, Math.min(records.size(), from + chunk));
      List<Example> ex = new ArrayList<>(part.size());
      for (EncodedPatient p : part) {
        Example x = crossModality(p, p.visitCount() - 1, k, null);
        ex.add(new Example(x.categories(), x.numbers(), x.encoder(), Arrays.copyOf(x.decoder(), 2), 2)); // <s> <m>, then sampled
      }
      int close = tokens.close(modality);
      List<int[]> drawn = decode(ex, t -> t == close || t == tokens.eos() || tokens.isMarker(t), rng);
      for (int i = 0; i < part.size(); i++) {
        TreeSet<Integer> visit = new TreeSet<>();
        int[] last = part.get(i).visits()[part.get(i).visitCount() - 1];
        for (int code : last) if (tokens.modalityOfCode(code) != k) visit.add(code); // the given codes, unchanged
        for (int t : drawn.get(i)) {
          if (t == close) break;
          if (tokens.isCode(t) && tokens.modalityOfToken(t) == k && !visit.contains(tokens.code(t))) visit.add(tokens.code(t));
          else ignored.incrementAndGet();
        }
        out.add(visit.stream().mapToInt(Integer::intValue).toArray());
      }
    }
    return out;
  }
}
