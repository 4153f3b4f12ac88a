package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Activation;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The shared implementation of the six generators (protocol Part B §2): given the rows of a record,
 * the logit of every token of every predicted row, teacher-forced, and from them the masked BCE loss,
 * the teacher-forced per-code probabilities and the record log-likelihood that the models with those
 * capabilities expose. HALO, HALO-Coarse and the LSTM differ only in {@link #logits} and in how they
 * sample a row; training is shared.
 *
 * <p>The baselines widen it through hooks with defaults that fit the three visit models: GPT packs a
 * record as one token per row ({@link #batch}) with a softmax loss ({@link #lossSum}); EVA adds noise
 * and a KL term to its loss ({@link #loss(NDManager, RowBatch, Objective, Step)}) and samples whole
 * records at once; SynTEG trains in two phases, the second with two optimizers ({@link
 * #objectives(int)}). The one {@link halo.train.Trainer} drives them all through {@link
 * GenerativeModel}; what only some models can do is in the capability types they implement
 * ({@link Capabilities}), never here.
 *
 * <p>Legend: B records, T rows, N predicted rows, E embedding, V vocabulary size.
 *
 * <p>Parameters live in the model's own {@link NDManager}; every computation runs inside an
 * {@link NDScope} opened by the caller (the trainer, the sampler, or the methods here), so nothing
 * computed attaches to the model for good.
 */
public abstract class VisitModel implements GenerativeModel {
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

  /** {@link GenerativeModel#create} as the shared base, for code in this package that reaches past the capabilities (tests of the models). */
  public static VisitModel create(HaloConfig config, Vocabulary vocabulary) {
    return (VisitModel) GenerativeModel.create(config, vocabulary);
  }

  @Override
  public List<Objective> objectives() {
    return List.of(new Objective("model", List.copyOf(params.all().keySet()), config.training().learningRate()));
  }

  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    return loss(m, batch);
  }

  @Override
  public long lossOutputs(RowBatch batch) {
    return (long) batch.predictedRows() * vocabulary.size();
  }

  /** The visits of a record that fit the context ({@link ModelShape#maxVisits()}); older ones are left out, as in training. */
  public int maxVisits() {
    return config.model().maxVisits();
  }

  @Override
  public String truncationReport(List<EncodedPatient> train) {
    long longer = train.stream().filter(p -> p.visitCount() > config.model().maxVisits()).count();
    long dropped = train.stream().mapToLong(p -> Math.max(0, p.visitCount() - config.model().maxVisits())).sum();
    return longer == 0 ? null : longer + " training records have more than " + config.model().maxVisits() + " visits: their " + dropped
        + " oldest visits are left out (the most recent visits are kept)";
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

  /** Logits of every predicted row of the batch, [N, V], in the order of {@link RowBatch#target()}. */
  public abstract NDArray logits(NDManager m, RowBatch batch);

  @Override
  public long denseForwardMacs(RowBatch batch) {
    return forwardMacs(batch);
  }

  /**
   * The masked BCE of a batch: its sum over predicted rows and tokens (a scalar NDArray), as
   * Σ softplus(l) − Σ_{present} l: the second sum gathers the logits of the present tokens instead of
   * multiplying by a dense target matrix.
   */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    NDArray logits = logits(m, batch);
    NDArray present = logits.reshape(-1).get(new NDIndex("{}", m.create(batch.presentFlat())));
    return logits.getNDArrayInternal().softPlus().sum().sub(present.sum());
  }

  /** Mean masked BCE over the unmasked outputs (N·V of them), the training objective. */
  public NDArray loss(NDManager m, RowBatch batch) {
    return Scalars.over(lossSum(m, batch), (float) batch.predictedRows() * vocabulary.size());
  }

  @Override
  public RowBatch batch(List<EncodedPatient> patients) {
    return RowBatch.of(patients, vocabulary, config.model().context());
  }

  /**
   * σ(logits) of every predicted row, per patient {@code [1 + visits][V]}: the {@link
   * VisitProbabilities} of the models whose logits are per-code probabilities given the past.
   */
  protected final List<float[][]> sigmoidRowProbabilities(List<EncodedPatient> patients) {
    List<float[][]> out = new ArrayList<>(patients.size());
    int v = vocabulary.size();
    for (int from = 0; from < patients.size(); from += config.training().batchSize()) {
      RowBatch b = batch(patients.subList(from, Math.min(patients.size(), from + config.training().batchSize())));
      float[] p;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        p = Activation.sigmoid(logits(m, b)).toFloatArray();
      }
      int[] per = b.predictedPerRecord();
      int n = 0;
      for (int r = 0; r < b.size(); r++) {
        float[][] rows = new float[per[r]][];
        for (int t = 0; t < per[r]; t++, n++) rows[t] = Arrays.copyOfRange(p, n * v, (n + 1) * v);
        out.add(rows);
      }
    }
    return out;
  }

  /**
   * The {@link RecordLikelihood} of the models with per-token Bernoulli logits: the sum over predicted
   * rows (label row and visits, the end token in the last) of log p for present tokens and log(1 − p)
   * for absent ones. Records longer than the context are scored on their most recent visits.
   */
  protected final double[] bernoulliLogProbabilities(List<EncodedPatient> patients) {
    double[] out = new double[patients.size()];
    for (int from = 0; from < patients.size(); from += config.training().batchSize()) {
      RowBatch b = batch(patients.subList(from, Math.min(patients.size(), from + config.training().batchSize())));
      float[] rowLoss;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        rowLoss = Losses.bce(logits(m, b), b.targets(m).toDense()).sum(new int[] {1}).toFloatArray();
      }
      for (int n = 0; n < rowLoss.length; n++) out[from + b.target()[n][0]] -= rowLoss[n];
    }
    return out;
  }

  /** The label rows of {@code n} whole records ({@link #labelRowsOfWholeRecords}). */
  @Override
  public List<int[]> sampleLabelRows(int n, Rng rng) {
    return labelRowsOfWholeRecords(n, rng);
  }

  /** The label rows of {@code n} whole records sampled by {@link #sample}: for models that cannot sample that row alone. */
  protected final List<int[]> labelRowsOfWholeRecords(int n, Rng rng) {
    return sample(n, rng).stream().map(r -> r.length > 1 ? r[1] : new int[0]).toList();
  }

  /** {@code n} prefixes holding the start row only. */
  protected final List<int[][]> startRows(int n) {
    List<int[][]> prefixes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) prefixes.add(new int[][] {{vocabulary.startToken()}});
    return prefixes;
  }

  @Override
  public void close() {
    manager.close();
  }
}
