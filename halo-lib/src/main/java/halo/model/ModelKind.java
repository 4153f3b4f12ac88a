package halo.model;

import halo.data.Vocabulary;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The generators of the paper: HALO, its coarse ablation, and the LSTM, GPT, EVA and SynTEG baselines.
 * The registry of models: each kind names its class (whose capability types say what it can do,
 * {@link Capabilities}) and how to build it.
 */
public enum ModelKind {
  /** Visit transformer plus the masked autoregressive code head (protocol Part B §2.1–2.2). */
  HALO("halo", HaloModel.class, HaloModel::new),
  /** The same transformer with the head tied to the visit embedding: codes independent within a visit (§2.6). */
  HALO_COARSE("coarse", CoarseModel.class, CoarseModel::new),
  /** Visit embedding, multi-layer unidirectional LSTM, linear output with bias (§2.6). */
  LSTM("lstm", LstmModel.class, LstmModel::new),
  /** A transformer over each record as one flat token sequence, next-token softmax (§2.6, {@link GptModel}). */
  GPT("gpt", GptModel.class, GptModel::new),
  /** A VAE: BiLSTM encoder over visits, transposed and causal dilated convolutions decoding all rows (§2.6, {@link EvaModel}). */
  EVA("eva", EvaModel.class, EvaModel::new),
  /** A visit-sequence dependency model conditioning a WGAN-GP that generates the next visit (§2.6, {@link SyntegModel}). */
  SYNTEG("synteg", SyntegModel.class, SyntegModel::new);

  private final String id;
  private final Class<? extends GenerativeModel> modelClass;
  private final BiFunction<HaloConfig, Vocabulary, GenerativeModel> factory;

  ModelKind(String id, Class<? extends GenerativeModel> modelClass, BiFunction<HaloConfig, Vocabulary, GenerativeModel> factory) {
    this.id = id;
    this.modelClass = modelClass;
    this.factory = factory;
  }

  /** The class of this kind's models: the capability types it implements are what its models can do. */
  public Class<? extends GenerativeModel> modelClass() {
    return modelClass;
  }

  /** A freshly initialised model of this kind ({@link GenerativeModel#create}). */
  GenerativeModel create(HaloConfig config, Vocabulary vocabulary) {
    return factory.apply(config, vocabulary);
  }

  /** "halo, coarse, lstm": the short names of {@code kinds}. */
  public static String ids(List<ModelKind> kinds) {
    return kinds.stream().map(ModelKind::id).collect(Collectors.joining(", "));
  }

  /** Short name used on the command line and in files. */
  public String id() {
    return id;
  }

  public static ModelKind parse(String s) {
    for (ModelKind k : values()) {
      if (k.id.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s) || k.name().replace("_", "-").equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "': expected halo, coarse, lstm, gpt, eva or synteg");
  }
}
