package halo.model;

import java.util.function.UnaryOperator;

/**
 * How a generator is built: its kind and sizes. Vocabulary sizes are not here: they always come from
 * the data's {@link halo.data.Vocabulary}. The sizes every kind reads come first; what only one kind
 * has rides in its own record ({@link Eva}, {@link Synteg}), present exactly for that kind. Copies
 * are made with {@link #with}; changing the kind is {@link #forKind}, which never carries one kind's
 * extras over to another.
 *
 * @param kind which generator (HALO, HALO-Coarse, LSTM, GPT, EVA, SynTEG)
 * @param embedding n_embd (E); for the LSTM the hidden size too
 * @param layers transformer blocks, or LSTM layers
 * @param heads attention heads (E must be divisible by it; unused by the LSTM)
 * @param context n_ctx: rows per record (start row + label row + at most context-2 visits); GPT: tokens per record
 * @param positions rows of the learned position table (the authors keep 56 for a context of 48)
 * @param layerNormEps ε of every LayerNorm (the authors' config: 1e-5)
 * @param eva EVA's sizes: present for EVA only (null when building: chosen from the embedding)
 * @param synteg SynTEG's sizes: present for SynTEG only (null when building: chosen from the embedding)
 */
public record ModelShape(ModelKind kind, int embedding, int layers, int heads, int context, int positions, float layerNormEps, Eva eva,
    Synteg synteg) {

  public ModelShape {
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
    if (!(layerNormEps > 0)) throw new IllegalArgumentException("layerNormEps must be > 0, got " + layerNormEps);
    if (kind == ModelKind.EVA) {
      if (eva == null) eva = Eva.forEmbedding(embedding);
    } else if (eva != null) {
      throw new IllegalArgumentException(kind.id() + " has no EVA sizes, got " + eva + ": set them only for eva");
    }
    if (kind == ModelKind.SYNTEG) {
      if (synteg == null) synteg = Synteg.forEmbedding(embedding);
    } else if (synteg != null) {
      throw new IllegalArgumentException(kind.id() + " has no SynTEG sizes, got " + synteg + ": set them only for synteg");
    }
  }

  /** A shape with the shared sizes given and the kind's own extras chosen from the embedding. */
  public static ModelShape of(ModelKind kind, int embedding, int layers, int heads, int context, int positions) {
    return new ModelShape(kind, embedding, layers, heads, context, positions, 1e-5f, null, null);
  }

  /**
   * EVA's own size (protocol Part B §2.5).
   *
   * @param latent the VAE's latent size (the authors: 32)
   */
  public record Eva(int latent) {
    public Eva {
      if (latent < 1) throw new IllegalArgumentException("EVA's latent size must be >= 1, got " + latent);
    }

    /** The authors' 32 at E 768 and above; E/4 (4 to 32) below. */
    public static Eva forEmbedding(int e) {
      return new Eva(e >= 768 ? 32 : Math.max(4, Math.min(32, e / 4)));
    }
  }

  /**
   * SynTEG's own sizes (protocol Part B §2.6); its GAN's schedule is training ({@link Training.Gan}).
   *
   * @param codeEmbedding the code embedding, the width of its per-visit transformer (the authors: 112)
   * @param condition the condition vector handed from the dependency model to the GAN (256)
   * @param noise the GAN's noise size (128)
   * @param ganWidth the GAN's base width w: generator layers [w, w, 2w, 2w, 2w, 2w], critic [w, w, w, w/2, w/2, w/2] (256)
   */
  public record Synteg(int codeEmbedding, int condition, int noise, int ganWidth) {
    public Synteg {
      if (codeEmbedding < 1 || condition < 1 || noise < 1 || ganWidth < 2) {
        throw new IllegalArgumentException("SynTEG's sizes must be positive (ganWidth >= 2): " + this);
      }
    }

    /** The authors' sizes at E 768 and above; below, scaled with E (at least 4). */
    public static Synteg forEmbedding(int e) {
      if (e >= 768) return new Synteg(112, 256, 128, 256);
      int w = Math.max(4, e);
      return new Synteg(Math.max(4, e / 2), w, Math.max(4, e / 2), w);
    }
  }

  /** Head dimension E / heads. */
  public int headDim() {
    return embedding / heads;
  }

  /** Most visits a record keeps (older visits are truncated): context minus start and label rows. */
  public int maxVisits() {
    return context - 2;
  }

  /**
   * The same sizes for another kind. The kind's own extras are never carried across kinds: the new
   * kind gets its defaults for the embedding (set others after, with {@link #with}); the same kind
   * returns this shape unchanged.
   */
  public ModelShape forKind(ModelKind k) {
    return k == kind ? this : new ModelShape(k, embedding, layers, heads, context, positions, layerNormEps, null, null);
  }

  /** A copy with what {@code change} sets: {@code shape.with(b -> b.layers(4).heads(2))}. The kind changes only through {@link #forKind}. */
  public ModelShape with(UnaryOperator<Builder> change) {
    return change.apply(new Builder(this)).build();
  }

  /** The shape's sizes, each set by a method of its name; {@link #build} validates them. */
  public static final class Builder {
    private final ModelKind kind;
    private int embedding, layers, heads, context, positions;
    private float layerNormEps;
    private Eva eva;
    private Synteg synteg;

    private Builder(ModelShape s) {
      kind = s.kind;
      embedding = s.embedding;
      layers = s.layers;
      heads = s.heads;
      context = s.context;
      positions = s.positions;
      layerNormEps = s.layerNormEps;
      eva = s.eva;
      synteg = s.synteg;
    }

    /** The embedding; the kind's extras stay as they are (they were chosen from the embedding the kind was set with). */
    public Builder embedding(int e) {
      embedding = e;
      return this;
    }

    public Builder layers(int n) {
      layers = n;
      return this;
    }

    public Builder heads(int n) {
      heads = n;
      return this;
    }

    /** A new context; positions grow with it when needed. */
    public Builder context(int n) {
      context = n;
      positions = Math.max(n, positions);
      return this;
    }

    public Builder positions(int n) {
      positions = n;
      return this;
    }

    public Builder layerNormEps(float eps) {
      layerNormEps = eps;
      return this;
    }

    /** EVA's sizes (only for EVA). */
    public Builder eva(Eva e) {
      eva = e;
      return this;
    }

    /** SynTEG's sizes (only for SynTEG). */
    public Builder synteg(Synteg s) {
      synteg = s;
      return this;
    }

    public ModelShape build() {
      return new ModelShape(kind, embedding, layers, heads, context, positions, layerNormEps, eva, synteg);
    }
  }

  /** The kind's extras appear only for the kind that has them. */
  @Override
  public String toString() {
    return "ModelShape[kind=" + kind + ", embedding=" + embedding + ", layers=" + layers + ", heads=" + heads + ", context=" + context
        + ", positions=" + positions + ", layerNormEps=" + layerNormEps + (eva != null ? ", " + eva : "") + (synteg != null ? ", " + synteg : "")
        + "]";
  }
}
