package halo.model;

import java.util.function.UnaryOperator;

/**
 * How a generator is trained (protocol Part B §2.4): batches, step size, when to validate and when to
 * stop. What only a GAN phase needs (SynTEG's) rides in {@link Gan}, present exactly when the model kind
 * trains a GAN ({@link ModelKind.Traits#trainsGan()}, {@link HaloConfig} checks). Copies are made with {@link #with}.
 *
 * @param batchSize records per optimizer step
 * @param learningRate Adam step size (β = 0.9/0.999, ε = 1e-8 as PyTorch's defaults)
 * @param epochs most passes over the training split (training may stop earlier: patience, maxSteps)
 * @param validateEvery optimizer steps between validations (0 = only at epoch end)
 * @param patience early stopping after this many validations without improvement (0 = never stop early)
 * @param minSteps optimizer steps before early stopping may stop training (0 = no minimum)
 * @param maxSteps most optimizer steps (0 = no limit but {@code epochs}): with patience, a step budget
 *     makes training stop on validation whatever the size of the data, instead of after a number of
 *     epochs that is too few for a small cohort and too many for a large one
 * @param labelBalance α in [0, 1]: training records are drawn with weight (1 / p)^α, p the training
 *     prevalence of the record's rarest chronic label (or of having none), instead of each once per
 *     epoch (0). Generation draws label rows from the training split ({@code halo.sample.LabelPrior})
 *     and needs from the model only P(visits | label row), which this reweighting by label row leaves
 *     unchanged, while it gives the rare labels' records more of the training signal
 * @param gan the GAN phase (null for the kinds without one)
 */
public record Training(int batchSize, double learningRate, int epochs, int validateEvery, int patience, int minSteps, int maxSteps,
    double labelBalance, Gan gan) {

  public Training {
    if (batchSize < 1) throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    if (!(learningRate > 0)) throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
    if (epochs < 0) throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
    if (validateEvery < 0) throw new IllegalArgumentException("validateEvery must be >= 0, got " + validateEvery);
    if (patience < 0) throw new IllegalArgumentException("patience must be >= 0, got " + patience);
    if (minSteps < 0) throw new IllegalArgumentException("minSteps must be >= 0, got " + minSteps);
    if (maxSteps < 0) throw new IllegalArgumentException("maxSteps must be >= 0, got " + maxSteps);
    if (maxSteps > 0 && minSteps > maxSteps) {
      throw new IllegalArgumentException("minSteps (" + minSteps + ") must not exceed maxSteps (" + maxSteps + ")");
    }
    if (!(labelBalance >= 0 && labelBalance <= 1)) throw new IllegalArgumentException("labelBalance must be in [0, 1], got " + labelBalance);
  }

  /**
   * SynTEG's GAN phase, after the dependency model's {@code epochs} (protocol Part B §2.6).
   *
   * @param epochs epochs of GAN training (the authors: 600)
   * @param learningRate the generator's Adam step (4e-6)
   * @param criticLearningRate the critic's Adam step (2e-5)
   * @param gradientPenalty weight of WGAN-GP's gradient penalty (10)
   */
  public record Gan(int epochs, double learningRate, double criticLearningRate, double gradientPenalty) {
    public Gan {
      if (epochs < 0) throw new IllegalArgumentException("GAN epochs must be >= 0, got " + epochs);
      if (!(learningRate > 0) || !(criticLearningRate > 0) || !(gradientPenalty >= 0)) {
        throw new IllegalArgumentException("GAN learning rates must be > 0 and the gradient penalty >= 0: " + this);
      }
    }

    /**
     * SynTEG's schedule ({@code SyntegModel.TRAITS}): its authors' at E 768 and above. Below, for short runs, larger steps than the authors'
     * (generator 5e-5, critic 1e-3; the authors' 4e-6/2e-5 are for 600 epochs): on the default cohort
     * after 4 dependency epochs and 3 GAN epochs, 5e-5/1e-3 gave a per-visit unigram R² of 0.31 where
     * 2e-4/1e-3 collapsed (−4.2) and 1e-4/1e-4 had not left noise (−3.9 after 2 epochs); 6 GAN epochs.
     */
    public static Gan forEmbedding(int e) {
      return e >= 768 ? new Gan(600, 4e-6, 2e-5, 10) : new Gan(6, 5e-5, 1e-3, 10);
    }

    /** A copy with what {@code change} sets: {@code gan.with(b -> b.epochs(2))}. */
    public Gan with(UnaryOperator<Builder> change) {
      return change.apply(new Builder(this)).build();
    }

    /** The GAN's settings, each set by a method of its name. */
    public static final class Builder {
      private int epochs;
      private double learningRate, criticLearningRate, gradientPenalty;

      private Builder(Gan g) {
        epochs = g.epochs;
        learningRate = g.learningRate;
        criticLearningRate = g.criticLearningRate;
        gradientPenalty = g.gradientPenalty;
      }

      public Builder epochs(int n) {
        epochs = n;
        return this;
      }

      public Builder learningRate(double lr) {
        learningRate = lr;
        return this;
      }

      public Builder criticLearningRate(double lr) {
        criticLearningRate = lr;
        return this;
      }

      public Builder gradientPenalty(double w) {
        gradientPenalty = w;
        return this;
      }

      public Gan build() {
        return new Gan(epochs, learningRate, criticLearningRate, gradientPenalty);
      }
    }
  }

  /** A copy with what {@code change} sets: {@code training.with(b -> b.epochs(10).patience(0))}. */
  public Training with(UnaryOperator<Builder> change) {
    return change.apply(new Builder(this)).build();
  }

  /** The training settings, each set by a method of its name; {@link #build} validates them. */
  public static final class Builder {
    private int batchSize, epochs, validateEvery, patience, minSteps, maxSteps;
    private double learningRate, labelBalance;
    private Gan gan;

    private Builder(Training t) {
      batchSize = t.batchSize;
      learningRate = t.learningRate;
      epochs = t.epochs;
      validateEvery = t.validateEvery;
      patience = t.patience;
      minSteps = t.minSteps;
      maxSteps = t.maxSteps;
      labelBalance = t.labelBalance;
      gan = t.gan;
    }

    public Builder batchSize(int n) {
      batchSize = n;
      return this;
    }

    public Builder learningRate(double lr) {
      learningRate = lr;
      return this;
    }

    public Builder epochs(int n) {
      epochs = n;
      return this;
    }

    public Builder validateEvery(int n) {
      validateEvery = n;
      return this;
    }

    public Builder patience(int n) {
      patience = n;
      return this;
    }

    /** Step budgets: at least {@code min} steps before early stopping, at most {@code max} (0 = none). */
    public Builder steps(int min, int max) {
      minSteps = min;
      maxSteps = max;
      return this;
    }

    public Builder minSteps(int n) {
      minSteps = n;
      return this;
    }

    public Builder maxSteps(int n) {
      maxSteps = n;
      return this;
    }

    /** Training records drawn with weight (1 / p)^α by the prevalence p of their rarest chronic label (0 = each once per epoch). */
    public Builder labelBalance(double alpha) {
      labelBalance = alpha;
      return this;
    }

    /** The GAN phase (null for the kinds without one). */
    public Builder gan(Gan g) {
      gan = g;
      return this;
    }

    /** A change to the GAN phase there is: {@code b.ganWith(g -> g.epochs(2))}. */
    public Builder ganWith(UnaryOperator<Gan.Builder> change) {
      if (gan == null) throw new IllegalStateException("this training has no GAN phase (the kinds with one: " + ModelKind.ids(ModelKind.having(ModelKind.Traits::trainsGan)) + ")");
      gan = gan.with(change);
      return this;
    }

    public Training build() {
      return new Training(batchSize, learningRate, epochs, validateEvery, patience, minSteps, maxSteps, labelBalance, gan);
    }
  }

  /** Short: the step budgets, label balance and GAN phase appear only when set. */
  @Override
  public String toString() {
    return "Training[batchSize=" + batchSize + ", learningRate=" + learningRate + ", epochs=" + epochs + ", validateEvery=" + validateEvery
        + ", patience=" + patience + (minSteps > 0 || maxSteps > 0 ? ", minSteps=" + minSteps + ", maxSteps=" + maxSteps : "")
        + (labelBalance > 0 ? ", labelBalance=" + labelBalance : "") + (gan != null ? ", " + gan : "") + "]";
  }
}
