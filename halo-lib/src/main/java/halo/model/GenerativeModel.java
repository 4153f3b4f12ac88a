package halo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.List;

/**
 * What every generator offers (protocol Part B §2–§3): its training objectives and their losses, for
 * the one {@link halo.train.Trainer}; its parameters and config, for checkpoints; and sampling whole
 * records. What only some generators can do is a capability type they implement when they can:
 * {@link VisitProbabilities}, {@link RecordLikelihood}, {@link LabelConditioning}, {@link
 * PrefixContinuation}, {@link RowSampling}, {@link TopKSampling} (see {@link Capabilities} and the package documentation
 * for which model has which, and why). Callers test for a capability with {@code instanceof}.
 *
 * <p>Records are handled in the row layout of {@link halo.data.RecordLayout}: row 0 the start row,
 * row 1 the label row, then one row per visit; a row is a sorted array of token ids.
 */
public interface GenerativeModel extends AutoCloseable {
  /** A freshly initialised model of {@code config.kind()}, sized from the vocabulary, seeded by {@code config.seed()}. */
  static GenerativeModel create(HaloConfig config, Vocabulary vocabulary) {
    GenerativeModel model = config.kind().create(config, vocabulary);
    if (config.sampling().topK() > 0 && !(model instanceof TopKSampling)) {
      model.close();
      Capabilities.require(model, TopKSampling.class, "sample with top-k " + config.sampling().topK() + " (use the temperature alone)");
    }
    return model;
  }

  /**
   * A freshly initialised model of {@code config.kind()} for training on {@code train}: the config first
   * completed with what the kind learns from the training split before training ({@link
   * ModelKind.Traits#fitted}: the text GPT's tokenizer; nothing for the others), then {@link #create}.
   */
  static GenerativeModel create(HaloConfig config, Vocabulary vocabulary, List<EncodedPatient> train) {
    return create(config.kind().traits().fitted(config, train, vocabulary), vocabulary);
  }

  HaloConfig config();

  Vocabulary vocabulary();

  /** The parameters, owned by {@link #manager()}; a checkpoint stores them with {@link #config()}. */
  Params params();

  /** The model's own manager: parameters live here; computations run in sub-managers of it. */
  NDManager manager();

  // ------------------------------------------------------------------ training

  /**
   * One optimizer's share of training: the parameters one Adam updates, with its step size. Each
   * active objective takes one step per batch, in order (a GAN: critic, then generator). The trainer
   * hands back the model's own instances, so a model with several objectives tells them apart by
   * identity.
   */
  record Objective(String name, List<String> parameters, double learningRate) {}

  /**
   * Where training is: the optimizer step (1-based; it seeds any noise a loss draws, so runs repeat
   * and resume bit-identically) and the epoch (0-based; for schedules such as EVA's KL weight).
   */
  record Step(long number, int epoch) {
    /** A seed for this step's noise, distinct per model seed, step and stream. */
    public long seed(long modelSeed, int stream) {
      return modelSeed ^ (number * 0x9E3779B97F4A7C15L) ^ ((long) stream << 56);
    }
  }

  /** Every objective the model ever trains, in a fixed order (each has its own Adam, kept in checkpoints). */
  List<Objective> objectives();

  /** The objectives trained in this epoch (0-based), in order. */
  default List<Objective> objectives(int epoch) {
    return objectives(); // one phase: every objective in every epoch
  }

  /** Epochs of the whole training (all phases). */
  default int totalEpochs() {
    return config().training().epochs();
  }

  /**
   * Whether validation loss measures progress in this epoch; when it does not (a GAN phase), the
   * trainer keeps the newest parameters as the best.
   */
  default boolean validates(int epoch) {
    return true;
  }

  /** The model's teacher-forced batch of these records. */
  RowBatch batch(List<EncodedPatient> patients);

  /** The training loss of one objective on one batch at {@code step}, a scalar. */
  NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step);

  /** The validation loss of a batch summed over its {@link #lossOutputs} outputs, a scalar. */
  NDArray lossSum(NDManager m, RowBatch batch);

  /** How many outputs {@link #lossSum} sums over: the validation loss is their mean. */
  long lossOutputs(RowBatch batch);

  /**
   * Useful multiply–adds of one teacher-forced forward pass over {@code batch} (for FLOP accounting):
   * structurally zero weights (HALO's masked head) are not counted.
   */
  long forwardMacs(RowBatch batch);

  /**
   * Multiply–adds of the same pass counted as the dense products an implementation without the
   * block-triangular head performs (the same as {@link #forwardMacs} for models without masked weights).
   */
  long denseForwardMacs(RowBatch batch);

  /** A line saying what the model leaves out of the training records (too many visits or tokens), or null. */
  String truncationReport(List<EncodedPatient> train);

  // ------------------------------------------------------------------ sampling

  /**
   * {@code n} whole records from the model, unconditionally: each record's rows, the start row first,
   * then its label row and visits up to and including the first visit row holding the end token, or
   * until the context is full.
   */
  List<int[][]> sample(int n, Rng rng);

  /**
   * Sampled tokens that had no place in a record and were ignored when the samples were read as rows
   * (a flat sequence's code before its first visit, say), counted since the model was built or
   * loaded; 0 for models that sample rows, which cannot produce such tokens.
   */
  default long ignoredTokens() {
    return 0;
  }

  /** What {@link #ignoredTokens} counted, in words (the text GPT: unreadable sentences, unknown codes, ...), or null when nothing more is known. */
  default String ignoredReport() {
    return null;
  }

  /** The label rows the model samples (each the full sampled row 1, tokens sorted), {@code n} of them. */
  List<int[]> sampleLabelRows(int n, Rng rng);

  @Override
  void close();
}
