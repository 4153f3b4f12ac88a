package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/**
 * A visit-level model (protocol Part B §2): given the rows of a record, the logit of every token of
 * every predicted row, teacher-forced. HALO, HALO-Coarse and the LSTM differ only in {@link #logits}
 * and in how they sample a row; loss, probabilities, log-likelihood and training are shared.
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
    };
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

  /** Multiply–adds of one teacher-forced forward pass over {@code batch} (for FLOP accounting). */
  public abstract long forwardMacs(RowBatch batch);

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
