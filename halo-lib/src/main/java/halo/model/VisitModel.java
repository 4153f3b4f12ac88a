package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * A generative model of records (protocol Part B §2): given the rows of a record, the logit of every
 * token of every predicted row, teacher-forced. HALO, HALO-Coarse and the LSTM differ only in {@link
 * #logits} and in how they sample a row; loss, probabilities, log-likelihood and training are shared.
 *
 * <p>The baselines widen it through hooks with defaults that fit the three visit models: GPT packs a
 * record as one token per row ({@link #batch}) with a softmax loss ({@link #lossSum}); EVA adds noise
 * and a KL term to its loss ({@link #loss(NDManager, RowBatch, Objective, Step)}) and samples whole
 * records at once ({@link #sampleRows}); SynTEG trains in two phases, the second with two optimizers
 * ({@link #objectives(int)}). The one {@link halo.train.Trainer} drives them all.
 *
 * <p>Legend: B records, T rows, N predicted rows, E embedding, V vocabulary size.
 *
 * <p>Parameters live in the model's own {@link NDManager}; every computation runs inside an
 * {@link NDScope} opened by the caller (the trainer, the sampler, or the methods here), so nothing
 * computed attaches to the model for good.
 */
public abstract class VisitModel implements RowProbabilityModel, AutoCloseable {
  protected final HaloConfig config;
  protected final Vocabulary vocabulary;
  protected final NDManager manager;
  protected final Params params;

  protected VisitModel(HaloConfig config, Vocabulary vocabulary) {
    this.config = config;
    this.vocabulary = vocabulary;
    this.manager = NDManager.newBaseManager();
    this.params = new Params(manager);
  }

  /** A freshly initialised model of {@code config.kind()}, sized from the vocabulary, seeded by {@code config.seed()}. */
  public static VisitModel create(HaloConfig config, Vocabulary vocabulary) {
    return switch (config.kind()) {
      case HALO -> new HaloModel(config, vocabulary);
      case HALO_COARSE -> new CoarseModel(config, vocabulary);
      case LSTM -> new LstmModel(config, vocabulary);
      case GPT -> new GptModel(config, vocabulary);
      case EVA -> new EvaModel(config, vocabulary);
      case SYNTEG -> new SyntegModel(config, vocabulary);
    };
  }

  /**
   * One optimizer's share of training: the parameters one Adam updates, with its step size. Each
   * active objective takes one step per batch, in order (a GAN: critic, then generator).
   */
  public record Objective(String name, List<String> parameters, double learningRate) {}

  /** Every objective the model ever trains, in a fixed order (each has its own Adam, kept in checkpoints). */
  public List<Objective> objectives() {
    return List.of(new Objective("model", List.copyOf(params.all().keySet()), config.learningRate()));
  }

  /** The objectives trained in this epoch (0-based), in order. */
  public List<Objective> objectives(int epoch) {
    return objectives();
  }

  /** Epochs of the whole training (all phases). */
  public int totalEpochs() {
    return config.epochs();
  }

  /**
   * Whether validation loss measures progress in this epoch; when it does not (a GAN phase), the
   * trainer keeps the newest parameters as the best.
   */
  public boolean validates(int epoch) {
    return true;
  }

  /**
   * Where training is: the optimizer step (1-based; it seeds any noise a loss draws, so runs repeat
   * and resume bit-identically) and the epoch (0-based; for schedules such as EVA's KL weight).
   */
  public record Step(long number, int epoch) {
    /** A seed for this step's noise, distinct per model seed, step and stream. */
    public long seed(long modelSeed, int stream) {
      return modelSeed ^ (number * 0x9E3779B97F4A7C15L) ^ ((long) stream << 56);
    }
  }

  /** The training loss of one objective on one batch at {@code step}. */
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    return loss(m, batch);
  }

  /** How many outputs {@link #lossSum} sums over: the validation loss is their mean. */
  public long lossOutputs(RowBatch batch) {
    return (long) batch.predictedRows() * vocabulary.size();
  }

  /** The visits of a record that fit the context ({@link HaloConfig#maxVisits()}); older ones are left out, as in training. */
  @Override
  public int maxVisits() {
    return config.maxVisits();
  }

  /** A line saying what the model leaves out of the training records (too many visits or tokens), or null. */
  public String truncationReport(List<EncodedPatient> train) {
    long longer = train.stream().filter(p -> p.visitCount() > config.maxVisits()).count();
    long dropped = train.stream().mapToLong(p -> Math.max(0, p.visitCount() - config.maxVisits())).sum();
    return longer == 0 ? null : longer + " training records have more than " + config.maxVisits() + " visits: their " + dropped
        + " oldest visits are left out (the most recent visits are kept)";
  }

  public HaloConfig config() {
    return config;
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  public Params params() {
    return params;
  }

  public NDManager manager() {
    return manager;
  }

  /** Logits of every predicted row of the batch, [N, V], in the order of {@link RowBatch#target()}. */
  public abstract NDArray logits(NDManager m, RowBatch batch);

  /**
   * Useful multiply–adds of one teacher-forced forward pass over {@code batch} (for FLOP accounting):
   * structurally zero weights (HALO's masked head) are not counted.
   */
  public abstract long forwardMacs(RowBatch batch);

  /**
   * Multiply–adds of the same pass counted as the dense products an implementation without the
   * block-triangular head performs (HALO's earlier count; the same as {@link #forwardMacs} for models
   * without masked weights): MFU by this count is comparable with benches of earlier commits.
   */
  public long denseForwardMacs(RowBatch batch) {
    return forwardMacs(batch);
  }

  /** Opens a generation session for {@code n} records (one transformer/LSTM step per fed row). */
  public abstract Sampling openSampling(int n);

  /**
   * Elementwise binary cross-entropy from logits, [N, V]: softplus(l) − y·l, computed stably as
   * max(l, 0) − y·l + log(1 + exp(−|l|)). Its negation is log p for y = 1 and log(1 − p) for y = 0.
   */
  public static NDArray bce(NDArray logits, NDArray y) {
    NDArray soft = ai.djl.nn.Activation.relu(logits).add(logits.abs().neg().exp().add(1f).log());
    return soft.sub(y.mul(logits));
  }

  /**
   * The masked BCE of a batch: its sum over predicted rows and tokens (a scalar NDArray), as
   * Σ softplus(l) − Σ_{present} l: the second sum gathers the logits of the present tokens instead of
   * multiplying by a dense target matrix.
   */
  public NDArray lossSum(NDManager m, RowBatch batch) {
    NDArray logits = logits(m, batch);
    NDArray present = logits.reshape(-1).get(new ai.djl.ndarray.index.NDIndex("{}", m.create(batch.presentFlat())));
    return logits.getNDArrayInternal().softPlus().sum().sub(present.sum());
  }

  /** Mean masked BCE over the unmasked outputs (N·V of them), the training objective. */
  public NDArray loss(NDManager m, RowBatch batch) {
    return Scalars.over(lossSum(m, batch), (float) batch.predictedRows() * vocabulary.size());
  }

  public RowBatch batch(List<EncodedPatient> patients) {
    return RowBatch.of(patients, vocabulary, config.context());
  }

  @Override
  public List<float[][]> rowProbabilities(List<EncodedPatient> patients) {
    List<float[][]> out = new ArrayList<>(patients.size());
    int v = vocabulary.size();
    for (int from = 0; from < patients.size(); from += config.batchSize()) {
      RowBatch b = batch(patients.subList(from, Math.min(patients.size(), from + config.batchSize())));
      float[] p;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        p = ai.djl.nn.Activation.sigmoid(logits(m, b)).toFloatArray();
      }
      int[] per = b.predictedPerRecord();
      int n = 0;
      for (int r = 0; r < b.size(); r++) {
        float[][] rows = new float[per[r]][];
        for (int t = 0; t < per[r]; t++, n++) rows[t] = java.util.Arrays.copyOfRange(p, n * v, (n + 1) * v);
        out.add(rows);
      }
    }
    return out;
  }

  /**
   * log P(record) for each patient: the sum over predicted rows (label row and visits, the end token
   * in the last) of log p for present tokens and log(1 − p) for absent ones. Records longer than the
   * context are scored on their most recent visits.
   */
  public double[] logProbabilities(List<EncodedPatient> patients) {
    double[] out = new double[patients.size()];
    for (int from = 0; from < patients.size(); from += config.batchSize()) {
      RowBatch b = batch(patients.subList(from, Math.min(patients.size(), from + config.batchSize())));
      float[] rowLoss;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        rowLoss = bce(logits(m, b), b.targets(m).toDense()).sum(new int[] {1}).toFloatArray();
      }
      for (int n = 0; n < rowLoss.length; n++) out[from + b.target()[n][0]] -= rowLoss[n];
    }
    return out;
  }

  /**
   * Whether the model can be conditioned on a given label row (and so on a given prefix of rows):
   * true for every model that samples a record row by row after a forced prefix; EVA, which draws
   * whole records from a latent prior, overrides it with false.
   */
  public boolean conditionsOnLabels() {
    return true;
  }

  /**
   * The label rows the model samples after the start row, {@code n} of them (each the full sampled
   * row, tokens sorted). This default samples only that row; models that sample whole records at once
   * override it.
   */
  public List<int[]> sampleLabelRows(int n, Rng rng) {
    List<int[][]> prefixes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) prefixes.add(new int[][] {{vocabulary.startToken()}});
    List<int[]> out = new ArrayList<>(n);
    for (int[][] rows : sampleSequences(prefixes, rng, 2, (t, row) -> true)) out.add(rows[1]);
    return out;
  }

  /** The label rows of {@code n} whole records sampled by {@link #sampleRows}: for models that cannot sample that row alone. */
  protected final List<int[]> labelRowsOfWholeRecords(int n, Rng rng) {
    List<int[][]> prefixes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) prefixes.add(new int[][] {{vocabulary.startToken()}});
    return sampleRows(prefixes, rng).stream().map(r -> r.length > 1 ? r[1] : new int[0]).toList();
  }

  /**
   * Samples the rows that follow each prefix (its start row first; optionally a label row and real
   * visits), returning every record's full rows: the prefix, then sampled rows up to and including
   * the first visit row holding the end token, or until the context is full. This default feeds the
   * model's {@link Sampling} session one row per step; records leave the batch as they finish.
   */
  public List<int[][]> sampleRows(List<int[][]> prefixes, Rng rng) {
    int end = vocabulary.endToken();
    return sampleSequences(prefixes, rng, config.context(), (t, row) -> t >= 2 && java.util.Arrays.binarySearch(row, end) >= 0);
  }

  /**
   * The session loop behind {@link #sampleRows}: feeds each prefix's rows (forced) and then sampled
   * rows, one step for all records at once, until {@code finished(t, row)} holds for a record's row
   * {@code t} or it has {@code limit} rows.
   */
  protected List<int[][]> sampleSequences(List<int[][]> prefixes, Rng rng, int limit,
      java.util.function.BiPredicate<Integer, int[]> finished) {
    int n = prefixes.size();
    List<List<int[]>> rows = new ArrayList<>(n);
    for (int[][] p : prefixes) {
      if (p.length == 0 || p.length >= limit) {
        throw new IllegalArgumentException("a prefix needs 1.." + (limit - 1) + " rows, got " + p.length);
      }
      rows.add(new ArrayList<>(List.of(p[0])));
    }
    try (Sampling s = openSampling(n)) {
      int[] active = new int[n];
      int[][] first = new int[n][];
      for (int i = 0; i < n; i++) {
        active[i] = i;
        first[i] = prefixes.get(i)[0];
      }
      s.feed(first);
      for (int t = 1; active.length > 0; t++) {
        int[] toSample = new int[active.length];
        int ns = 0;
        for (int a = 0; a < active.length; a++) if (prefixes.get(active[a]).length <= t) toSample[ns++] = a;
        int[][] sampled = ns == 0 ? new int[0][] : s.sample(java.util.Arrays.copyOf(toSample, ns), rng);
        int[] keep = new int[active.length];
        int nk = 0;
        int k = 0;
        int[][] fed = new int[active.length][];
        for (int a = 0; a < active.length; a++) {
          int rec = active[a];
          int[] row = prefixes.get(rec).length > t ? prefixes.get(rec)[t] : sampled[k++];
          rows.get(rec).add(row);
          if (!finished.test(t, row) && t < limit - 1) {
            fed[nk] = row;
            keep[nk++] = a;
          }
        }
        int[] next = new int[nk];
        for (int i = 0; i < nk; i++) next[i] = active[keep[i]];
        if (nk > 0) {
          s.keep(java.util.Arrays.copyOf(keep, nk));
          s.feed(java.util.Arrays.copyOf(fed, nk));
        }
        active = next;
      }
    }
    List<int[][]> out = new ArrayList<>(n);
    for (List<int[]> r : rows) out.add(r.toArray(int[][]::new));
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }

  /**
   * A generation session: the recurrent state (a key/value cache, or LSTM states) of a batch of
   * records that all sit at the same row position.
   */
  public interface Sampling extends AutoCloseable {
    /** Feeds the next row of every record still in the session (sorted token arrays). */
    void feed(int[][] rows);

    /** Samples the next row of the given records (indices into the session), exactly, from the model. */
    int[][] sample(int[] records, Rng rng);

    /**
     * Teacher-forced probabilities [records][V] that the next row of each record equals {@code rows}
     * token by token (P(token = 1 | history, earlier tokens of the row)); for tests and scoring.
     */
    float[][] probabilities(int[][] rows);

    /** Keeps only these records (finished ones leave the batch). */
    void keep(int[] records);

    @Override
    void close();
  }
}
