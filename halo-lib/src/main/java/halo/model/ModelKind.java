package halo.model;

import halo.data.Vocabulary;
import halo.model.eva.EvaModel;
import halo.model.gpt.GptModel;
import halo.model.halo.CoarseModel;
import halo.model.halo.HaloModel;
import halo.model.lstm.LstmModel;
import halo.model.matrix.CorGanModel;
import halo.model.matrix.DdpmModel;
import halo.model.matrix.MedGanModel;
import halo.model.matrix.VaeModel;
import halo.model.promptehr.PromptEhrModel;
import halo.model.synteg.SyntegModel;
import halo.model.textgpt.TextGptModel;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The registry of generators: the paper's HALO, its coarse ablation, the LSTM, GPT, EVA and SynTEG
 * baselines, PromptEHR, and the generators of the LLM-generator comparison (VAE, medGAN, CorGAN, DDPM, the text GPT). One entry per kind names its id, its class (whose capability types say what it can do,
 * {@link Capabilities}), how to build one, and its {@link Traits} (its own sizes, presets, whether it
 * trains a GAN), which live with the model. Adding a generator is its package plus one entry here;
 * configs, checkpoints, the CLI and the experiments read everything else off the entry.
 */
public enum ModelKind {
  /** Visit transformer plus the masked autoregressive code head (protocol Part B §2.1–2.2). */
  HALO("halo", HaloModel.class, HaloModel::new, HaloModel.TRAITS),
  /** The same transformer with the head tied to the visit embedding: codes independent within a visit (§2.6). */
  HALO_COARSE("coarse", CoarseModel.class, CoarseModel::new, CoarseModel.TRAITS),
  /** Visit embedding, multi-layer unidirectional LSTM, linear output with bias (§2.6). */
  LSTM("lstm", LstmModel.class, LstmModel::new, LstmModel.TRAITS),
  /** A transformer over each record as one flat token sequence, next-token softmax (§2.6, {@link GptModel}). */
  GPT("gpt", GptModel.class, GptModel::new, GptModel.TRAITS),
  /** A VAE: BiLSTM encoder over visits, transposed and causal dilated convolutions decoding all rows (§2.6, {@link EvaModel}). */
  EVA("eva", EvaModel.class, EvaModel::new, EvaModel.TRAITS),
  /** A visit-sequence dependency model conditioning a WGAN-GP that generates the next visit (§2.6, {@link SyntegModel}). */
  SYNTEG("synteg", SyntegModel.class, SyntegModel::new, SyntegModel.TRAITS),
  /** A prompt-conditioned encoder–decoder transformer over visit token sequences (Wang &amp; Sun 2022, {@link PromptEhrModel}). */
  PROMPTEHR("promptehr", PromptEhrModel.class, PromptEhrModel::new, PromptEhrModel.TRAITS),
  /** A VAE of the patient × code matrix, a record as one binary vector of its codes and labels (the LLM-generator comparison, {@link VaeModel}). */
  VAE("vae", VaeModel.class, VaeModel::new, VaeModel.TRAITS),
  /** medGAN: a GAN in the latent space of a pretrained autoencoder of the patient × code matrix (the LLM-generator comparison, {@link MedGanModel}). */
  MEDGAN("medgan", MedGanModel.class, MedGanModel::new, MedGanModel.TRAITS),
  /** CorGAN: medGAN's scheme with a 1-D convolutional autoencoder of the patient × code matrix (the LLM-generator comparison, {@link CorGanModel}). */
  CORGAN("corgan", CorGanModel.class, CorGanModel::new, CorGanModel.TRAITS),
  /** A Bernoulli diffusion of the patient × code matrix (the LLM-generator comparison's DDPM, {@link DdpmModel}). */
  DDPM("ddpm", DdpmModel.class, DdpmModel::new, DdpmModel.TRAITS),
  /** A GPT over each record written as a sentence, split by a BPE learnt from the training split (the LLM-generator comparison's text-encoded GPT, {@link TextGptModel}). */
  TEXTGPT("textgpt", TextGptModel.class, TextGptModel::new, TextGptModel.TRAITS);

  private final String id;
  private final Class<? extends GenerativeModel> modelClass;
  private final BiFunction<HaloConfig, Vocabulary, GenerativeModel> factory;
  private final Traits traits;

  ModelKind(String id, Class<? extends GenerativeModel> modelClass, BiFunction<HaloConfig, Vocabulary, GenerativeModel> factory,
      Traits traits) {
    this.id = id;
    this.modelClass = modelClass;
    this.factory = factory;
    this.traits = traits;
  }

  /**
   * What configs need to know about a kind beyond the sizes every kind shares, declared by the model
   * class (a constant {@code TRAITS}) and read through {@link ModelKind#traits()}. The defaults fit a
   * kind without own sizes that predicts rows and stops on validation.
   */
  public interface Traits {
    /** Traits of a kind with nothing of its own. */
    Traits NONE = new Traits() {};

    /**
     * The kind's own sizes for an embedding E ({@link ModelShape#extras()}), or null when it has none.
     * Their type is the one a checkpoint's JSON is read back as.
     */
    default ModelShape.Extras extrasFor(int embedding) {
      return null;
    }

    /**
     * The own sizes of a model whose checkpoint stored none (written before the kind had any): by
     * default those of {@link #extrasFor}; a kind whose new default changed what old models compute
     * returns what they computed.
     */
    default ModelShape.Extras legacyExtras(int embedding) {
      return extrasFor(embedding);
    }

    /** Whether the kind trains a GAN phase after its first ({@link Training#gan()}, present exactly then). */
    default boolean trainsGan() {
      return false;
    }

    /** The GAN phase of a config that gives none, for an embedding E: the kind's own schedule (only kinds that {@link #trainsGan}). */
    default Training.Gan ganFor(int embedding) {
      throw new UnsupportedOperationException("this kind trains no GAN");
    }

    /**
     * The config completed with what the kind learns from the training split before training (the text
     * GPT's tokenizer), stored with the model's own settings so a checkpoint needs nothing else; by
     * default the config unchanged. Deterministic: the same config and records give the same result.
     * {@link GenerativeModel#create(HaloConfig, Vocabulary, List)} calls it.
     */
    default HaloConfig fitted(HaloConfig config, List<halo.data.EncodedPatient> train, Vocabulary vocabulary) {
      return config;
    }

    /** Whether {@link ModelShape#context()} counts rows (start, labels, visits); false when it counts a flat sequence's tokens. */
    default boolean contextCountsRows() {
      return true;
    }

    /**
     * The preset {@code name} (smoke, cpu or paper, lower case) for this kind, given the shared preset
     * already switched to the kind ({@link HaloConfig#withKind}): where the kind needs other sizes or
     * another schedule. A preset that trains by epochs has no step budget ({@link Training#maxSteps()} 0).
     */
    default HaloConfig preset(String name, HaloConfig shared) {
      return shared;
    }
  }

  /** The kinds whose traits satisfy {@code test}, in registry order: {@code ModelKind.having(Traits::trainsGan)}. */
  public static List<ModelKind> having(Predicate<Traits> test) {
    return Arrays.stream(values()).filter(k -> test.test(k.traits)).toList();
  }

  /** The kind's {@link Traits}. */
  public Traits traits() {
    return traits;
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
    throw new IllegalArgumentException("unknown model '" + s + "': expected one of " + ids(List.of(values())));
  }
}
