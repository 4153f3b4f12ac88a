package halo.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.function.UnaryOperator;

/**
 * How a generator is built: its kind and sizes. Vocabulary sizes are not here: they always come from
 * the data's {@link halo.data.Vocabulary}. The sizes every kind reads come first; what only one kind
 * has rides in {@link #extras()}, a record of the kind's own type ({@link Extras}), present exactly for
 * a kind that has one (EVA's latent size, SynTEG's widths). Copies are made with {@link #with};
 * changing the kind is {@link #forKind}, which never carries one kind's extras over to another.
 *
 * <p>In JSON (checkpoints) the extras are the value of a field named by the kind's {@link
 * ModelKind#id()}, e.g. {@code "eva": {"latent": 32}}, as in checkpoint format 4, which wrote such a
 * field, null, for every kind that existed then.
 *
 * @param kind which generator (HALO, HALO-Coarse, LSTM, GPT, EVA, SynTEG)
 * @param embedding n_embd (E); for the LSTM the hidden size too
 * @param layers transformer blocks, or LSTM layers
 * @param heads attention heads (E must be divisible by it; unused by the LSTM)
 * @param context n_ctx: rows per record (start row + label row + at most context-2 visits); GPT: tokens per record
 *     ({@link ModelKind.Traits#contextCountsRows()})
 * @param positions rows of the learned position table (the authors keep 56 for a context of 48)
 * @param layerNormEps ε of every LayerNorm (the authors' config: 1e-5)
 * @param extras the kind's own sizes, of the type its {@link ModelKind.Traits#extrasFor} gives: present for such a kind only (null
 *     when building: chosen from the embedding)
 */
@JsonSerialize(using = ModelShapeJson.Writer.class)
@JsonDeserialize(using = ModelShapeJson.Reader.class)
public record ModelShape(ModelKind kind, int embedding, int layers, int heads, int context, int positions, float layerNormEps, Extras extras) {

  /** A kind's own sizes beyond the shared ones: a record in the kind's package, validated by its constructor. */
  public interface Extras {}

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
    Extras defaults = kind.traits().extrasFor(embedding);
    if (defaults == null) {
      if (extras != null) throw new IllegalArgumentException(kind.id() + " has no sizes of its own, got " + extras);
    } else if (extras == null) {
      extras = defaults;
    } else if (!defaults.getClass().isInstance(extras)) {
      throw new IllegalArgumentException(kind.id() + "'s own sizes are a " + defaults.getClass().getSimpleName() + ", got " + extras);
    }
  }

  /** A shape with the shared sizes given and the kind's own extras chosen from the embedding. */
  public static ModelShape of(ModelKind kind, int embedding, int layers, int heads, int context, int positions) {
    return new ModelShape(kind, embedding, layers, heads, context, positions, 1e-5f, null);
  }

  /**
   * The kind's own sizes as {@code type}: {@code shape.extras(EvaModel.Sizes.class).latent()}.
   *
   * @throws IllegalStateException when this kind has no sizes of that type
   */
  public <T extends Extras> T extras(Class<T> type) {
    if (!type.isInstance(extras)) throw new IllegalStateException(kind.id() + " has no " + type.getSimpleName() + " (its own sizes: " + extras + ")");
    return type.cast(extras);
  }

  /**
   * A copy whose own settings ({@link #extras()}) take the fields {@code json} gives, an object such
   * as {@code {"tiedLogits": false}} for HALO or {@code {"latent": 16}} for EVA; the other fields keep
   * their values.
   *
   * @throws IllegalArgumentException naming the kind, its settings and the value when the kind has
   *     none, a field is not one of them, or a value is invalid
   */
  public ModelShape withExtras(String json) {
    return new ModelShape(kind, embedding, layers, heads, context, positions, layerNormEps, ModelShapeJson.merge(this, json));
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
    return k == kind ? this : new ModelShape(k, embedding, layers, heads, context, positions, layerNormEps, null);
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
    private Extras extras;

    private Builder(ModelShape s) {
      kind = s.kind;
      embedding = s.embedding;
      layers = s.layers;
      heads = s.heads;
      context = s.context;
      positions = s.positions;
      layerNormEps = s.layerNormEps;
      extras = s.extras;
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

    /** The kind's own sizes (only for a kind that has them, of its type). */
    public Builder extras(Extras e) {
      extras = e;
      return this;
    }

    public ModelShape build() {
      return new ModelShape(kind, embedding, layers, heads, context, positions, layerNormEps, extras);
    }
  }

  /** The kind's extras appear only for the kind that has them. */
  @Override
  public String toString() {
    return "ModelShape[kind=" + kind + ", embedding=" + embedding + ", layers=" + layers + ", heads=" + heads + ", context=" + context
        + ", positions=" + positions + ", layerNormEps=" + layerNormEps + (extras != null ? ", " + extras : "") + "]";
  }
}
