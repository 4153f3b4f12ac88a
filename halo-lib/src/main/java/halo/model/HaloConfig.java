package halo.model;

/**
 * Hyperparameters of a visit-level model and of its training. Vocabulary sizes are not here: they
 * always come from the data's {@link halo.data.Vocabulary}.
 *
 * @param kind which model (HALO, HALO-Coarse, LSTM, GPT, EVA, SynTEG)
 * @param embedding n_embd (E); for the LSTM the hidden size too
 * @param layers transformer blocks, or LSTM layers
 * @param heads attention heads (E must be divisible by it; unused by the LSTM)
 * @param context n_ctx: rows per record (start row + label row + at most context-2 visits); GPT: tokens per record
 * @param positions rows of the learned position table (the authors keep 56 for a context of 48)
 * @param batchSize records per optimizer step
 * @param learningRate Adam step size (β = 0.9/0.999, ε = 1e-8 as PyTorch's defaults)
 * @param epochs most passes over the training split (training may stop earlier: patience, maxSteps)
 * @param validateEvery optimizer steps between validations (0 = only at epoch end)
 * @param patience early stopping after this many validations without improvement (0 = never stop early)
 * @param layerNormEps ε of every LayerNorm (the authors' config: 1e-5)
 * @param sampleBatch records generated together
 * @param seed seeds initialisation, shuffling and sampling
 * @param baselines EVA's and SynTEG's extra sizes and GAN settings (null: chosen from the embedding)
 * @param minSteps optimizer steps before early stopping may stop training (0 = no minimum)
 * @param maxSteps most optimizer steps (0 = no limit but {@code epochs}): with patience, a step budget
 *     makes training stop on validation whatever the size of the data, instead of after a number of
 *     epochs that is too few for a small cohort and too many for a large one
 * @param labelBalance α in [0, 1]: training records are drawn with weight (1 / p)^α, p the training
 *     prevalence of the record's rarest chronic label (or of having none), instead of each once per
 *     epoch (0). Generation draws label rows from the training split ({@code halo.sample.LabelPrior})
 *     and needs from the model only P(visits | label row), which this reweighting by label row leaves
 *     unchanged, while it gives the rare labels' records more of the training signal
 */
public record HaloConfig(
    ModelKind kind,
    int embedding,
    int layers,
    int heads,
    int context,
    int positions,
    int batchSize,
    double learningRate,
    int epochs,
    int validateEvery,
    int patience,
    float layerNormEps,
    int sampleBatch,
    long seed,
    Baselines baselines,
    int minSteps,
    int maxSteps,
    double labelBalance) {

  public HaloConfig {
    if (kind == null) throw new IllegalArgumentException("model kind is missing");
    if (embedding < 2) throw new IllegalArgumentException("embedding must be >= 2, got " + embedding);
    if (layers < 1) throw new IllegalArgumentException("layers must be >= 1, got " + layers);
    if (heads < 1 || embedding % heads != 0) {
      throw new IllegalArgumentException("heads must divide embedding: " + heads + " heads for embedding " + embedding);
    }
    if (context < 3) throw new IllegalArgumentException("context must be >= 3 rows (start, labels, one visit), got " + context);
    if (positions < context) {
      throw new IllegalArgumentException("positions (" + positions + ") must be >= context (" + context + ")");
    }
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    if (validateEvery < 0) throw new IllegalArgumentException("validateEvery must be >= 0, got " + validateEvery);
    if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    if (!(layerNormEps > 0)) throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
    if (sampleBatch < 1) throw new IllegalArgumentException("sampleBatch must be >= 1, got " + sampleBatch);
    if (minSteps < 0) throw new IllegalArgumentException("minSteps must be >= 0, got " + minSteps);
    if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
    if (maxSteps > 0 && minSteps > maxSteps) {
      throw new IllegalArgumentException("minSteps (" + minSteps + ") must not exceed maxSteps (" + maxSteps + ")");
    }
    if (!(labelBalance >= 0 && labelBalance <= 1)) throw new IllegalArgumentException("labelBalance must be in [0, 1], got " + labelBalance);
    if (baselines == null) baselines = Baselines.forEmbedding(embedding);
  }

  /** A configuration without label balancing. */
  public HaloConfig(ModelKind kind, int embedding, int layers, int heads, int context, int positions, int batchSize, double learningRate,
      int epochs, int validateEvery, int patience, float layerNormEps, int sampleBatch, long seed, Baselines baselines, int minSteps,
      int maxSteps) {
    this(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps,
        sampleBatch, seed, baselines, minSteps, maxSteps, 0);
  }

  /** A configuration without step budgets (epochs and patience alone decide when training stops). */
  public HaloConfig(ModelKind kind, int embedding, int layers, int heads, int context, int positions, int batchSize, double learningRate,
      int epochs, int validateEvery, int patience, float layerNormEps, int sampleBatch, long seed, Baselines baselines) {
    this(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps,
        sampleBatch, seed, baselines, 0, 0);
  }

  /** A configuration with the baselines' extra hyperparameters chosen to match {@code embedding}. */
  public HaloConfig(ModelKind kind, int embedding, int layers, int heads, int context, int positions, int batchSize, double learningRate,
      int epochs, int validateEvery, int patience, float layerNormEps, int sampleBatch, long seed) {
    this(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps,
        sampleBatch, seed, null);
  }

  /**
   * Hyperparameters only EVA and SynTEG use (protocol Part B §2.5–§2.6).
   *
   * @param latent EVA's latent size (the authors: 32)
   * @param codeEmbedding SynTEG's code embedding, the width of its per-visit transformer (112)
   * @param condition SynTEG's condition vector handed from the dependency model to the GAN (256)
   * @param noise the GAN's noise size (128)
   * @param ganWidth the GAN's base width w: generator layers [w, w, 2w, 2w, 2w, 2w], critic [w, w, w, w/2, w/2, w/2] (256)
   * @param ganEpochs epochs of GAN training after the dependency model's {@code epochs} (600)
   * @param ganLearningRate the generator's Adam step (4e-6)
   * @param criticLearningRate the critic's Adam step (2e-5)
   * @param gradientPenalty weight of WGAN-GP's gradient penalty (10)
   */
  public record Baselines(int latent, int codeEmbedding, int condition, int noise, int ganWidth, int ganEpochs,
      double ganLearningRate, double criticLearningRate, double gradientPenalty) {
    public Baselines {
      if (latent < 1 || codeEmbedding < 1 || condition < 1 || noise < 1 || ganWidth < 2) {
        throw new IllegalArgumentException("baseline sizes must be positive (ganWidth >= 2): " + this);
      }
      if (ganEpochs < 0) throw new IllegalArgumentException("ganEpochs must be >= 0, got " + ganEpochs);
      if (!(ganLearningRate > 0) || !(criticLearningRate > 0) || !(gradientPenalty >= 0)) {
        throw new IllegalArgumentException("GAN learning rates must be > 0 and the gradient penalty >= 0: " + this);
      }
    }

    /** The authors' values (protocol Part B §2.5). */
    public static Baselines paper() {
      return new Baselines(32, 112, 256, 128, 256, 600, 4e-6, 2e-5, 10);
    }

    /**
     * Sizes scaled with the embedding: the paper's at 768 and above, smaller below. For short runs the
     * GAN steps are larger than the authors' (generator 5e-5, critic 1e-3; the authors' 4e-6/2e-5 are
     * for 600 epochs): on the default cohort after 4 dependency epochs and 3 GAN epochs, 5e-5/1e-3 gave
     * a per-visit unigram R² of 0.31 where 2e-4/1e-3 collapsed (−4.2) and 1e-4/1e-4 had not left noise
     * (−3.9 after 2 epochs); 6 GAN epochs by default.
     */
    public static Baselines forEmbedding(int e) {
      if (e >= 768) return paper();
      int w = Math.max(4, e);
      return new Baselines(Math.max(4, Math.min(32, e / 4)), Math.max(4, e / 2), w, Math.max(4, e / 2), w, 6, 5e-5, 1e-3, 10);
    }

    public Baselines withGanEpochs(int n) {
      return new Baselines(latent, codeEmbedding, condition, noise, ganWidth, n, ganLearningRate, criticLearningRate, gradientPenalty);
    }
  }

  /** The baselines' hyperparameters appear only for the models that use them (keeps HALO's provenance and cache keys short). */
  @Override
  public String toString() {
    String s = "HaloConfig[kind=" + kind + ", embedding=" + embedding + ", layers=" + layers + ", heads=" + heads + ", context=" + context
        + ", positions=" + positions + ", batchSize=" + batchSize + ", learningRate=" + learningRate + ", epochs=" + epochs
        + ", validateEvery=" + validateEvery + ", patience=" + patience + ", layerNormEps=" + layerNormEps + ", sampleBatch=" + sampleBatch
        + ", seed=" + seed + (minSteps > 0 || maxSteps > 0 ? ", minSteps=" + minSteps + ", maxSteps=" + maxSteps : "")
        + (labelBalance > 0 ? ", labelBalance=" + labelBalance : "");
    return (kind.usesBaselines() ? s + ", baselines=" + baselines : s) + "]";
  }

  /** Tiny, for tests: trains in seconds. */
  public static HaloConfig smoke() {
    return new HaloConfig(ModelKind.HALO, 16, 1, 2, 12, 12, 16, 1e-2, 3, 0, 0, 1e-5f, 64, 4);
  }

  /**
   * The default scale for a 2-core CPU: E 128, 3 blocks, 4 heads, the authors' 48-row context. Training
   * stops on validation, whatever the size of the data: validation every 100 steps, stop after 5
   * without improvement but not before 1,000 steps, at most 3,000 steps (about 15 minutes for HALO on
   * the default cohort). lr 1e-3 because the model is small and the run is short (the paper's 1e-4 is
   * tuned for 50 epochs of a 768-wide model).
   */
  public static HaloConfig cpu() {
    return new HaloConfig(ModelKind.HALO, 128, 3, 4, 48, 48, 48, 1e-3, 1_000, 100, 5, 1e-5f, 256, 4, null, 1_000, 3_000);
  }

  /**
   * The authors' hyperparameters (protocol Part B §2.5): 768/12/12, n_ctx 48, 56 positions, batch 48,
   * lr 1e-4, at most 50 epochs; validation every 1,000 steps (about 1.4 epochs of MIMIC-III), stopping
   * after 5 without improvement once 10,000 steps are done (the authors keep the best of 50 epochs).
   */
  public static HaloConfig paper() {
    return new HaloConfig(ModelKind.HALO, 768, 12, 12, 48, 56, 48, 1e-4, 50, 1_000, 5, 1e-5f, 256, 4, null, 10_000, 0);
  }

  /** A preset by name: smoke, cpu (alias default) or paper. */
  public static HaloConfig preset(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "smoke" -> smoke();
      case "cpu", "default" -> cpu();
      case "paper" -> paper();
      default -> throw new IllegalArgumentException("unknown preset '" + name + "': expected smoke, cpu or paper");
    };
  }

  /**
   * A preset for a model kind: the preset's sizes, adapted where a kind needs it. GPT's context is
   * its token cap (smoke 64, cpu 512, paper 700 tokens with 750 positions as the authors) with
   * smaller batches, and at cpu scale E 64 with 2 blocks (its sequences are ~10× HALO's rows, and the
   * authors' GPT is likewise half HALO's width and a quarter of its depth); SynTEG trains without early stopping (its
   * GAN phase has no validation loss, and stopping early would skip it).
   */
  public static HaloConfig preset(String name, ModelKind kind) {
    HaloConfig c = preset(name).withKind(kind);
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return switch (kind) {
      case GPT -> switch (n) {
        case "smoke" -> c.withContext(64);
        case "paper" -> c.withEmbedding(384).withLayers(3).withHeads(4).withContext(700).withPositions(750);
        default -> c.withEmbedding(64).withLayers(2).withContext(512).withBatchSize(16);
      };
      case SYNTEG -> c.withPatience(0);
      default -> c;
    };
  }

  public HaloConfig withPositions(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, n, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  /** Head dimension E / heads. */
  public int headDim() {
    return embedding / heads;
  }

  /** Most visits a record keeps (older visits are truncated): context minus start and label rows. */
  public int maxVisits() {
    return context - 2;
  }

  /** The same settings for another model kind (the baselines' settings carry over: they are used only by the kinds that need them). */
  public HaloConfig withKind(ModelKind k) {
    return new HaloConfig(k, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withEmbedding(int e) {
    return new HaloConfig(kind, e, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withLayers(int n) {
    return new HaloConfig(kind, embedding, n, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withHeads(int n) {
    return new HaloConfig(kind, embedding, layers, n, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  /** A new context; positions grow with it when needed. */
  public HaloConfig withContext(int n) {
    return new HaloConfig(kind, embedding, layers, heads, n, Math.max(n, positions), batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withBatchSize(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, n, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withLearningRate(double lr) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, lr, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withEpochs(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, n, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withValidateEvery(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, n, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withPatience(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, n, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withSampleBatch(int n) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, n, seed, baselines, minSteps, maxSteps, labelBalance);
  }

  public HaloConfig withBaselines(Baselines b) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, b, minSteps, maxSteps, labelBalance);
  }

  /** Step budgets: at least {@code min} steps before early stopping, at most {@code max} (0 = none). */
  public HaloConfig withSteps(int min, int max) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, min, max, labelBalance);
  }

  /** Training records drawn with weight (1 / p)^α by the prevalence p of their rarest chronic label (0 = each once per epoch). */
  public HaloConfig withLabelBalance(double alpha) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, seed, baselines, minSteps, maxSteps, alpha);
  }

  public HaloConfig withSeed(long s) {
    return new HaloConfig(kind, embedding, layers, heads, context, positions, batchSize, learningRate, epochs, validateEvery, patience, layerNormEps, sampleBatch, s, baselines, minSteps, maxSteps, labelBalance);
  }
}
