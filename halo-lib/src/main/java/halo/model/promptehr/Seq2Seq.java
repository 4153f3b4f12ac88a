package halo.model.promptehr;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import halo.model.Params;
import halo.model.Rng;
import halo.model.blocks.Scalars;
import java.util.List;

/**
 * PromptEHR's network (paper §3.1–3.2): a sequence-to-sequence transformer in the shape of BART, a
 * bidirectional encoder and a causal decoder with cross-attention, with one token embedding shared by
 * the encoder, the decoder and the output softmax (tied), learned positions for each side, and the
 * conditional prompt featurizers of Eq. (1)–(2) whose prompt vectors are prepended to both inputs.
 *
 * <p>Prompts: per categorical feature f with global category id c, e_f = (W0[c] + b_f)·W1 + b1 (one
 * table W0 over all categories, a bias per feature, one map W1 per side); per numerical feature j with
 * value x, e_j = (x·w_j + b_j)·W1' + b1'. The encoder and the decoder have their own featurizers, as
 * in the paper ("the other featurizer"). Prompts carry no position; the tokens after them take
 * positions 0, 1, ….
 *
 * <p>Blocks are pre-LN (x + Attn(LN x), x + FF(LN x), the decoder's cross-attention between the two),
 * with a final LayerNorm per side and tanh-GELU feed-forward layers; BART-base is post-LN, pre-LN
 * trains more stably from scratch at the small learning rates of short runs. No dropout (as the other
 * generators here). Dense weights are stored (in, out), initialised N(0, 0.02) as BART's
 * {@code init_std}, biases 0; embeddings and positions N(0, 0.02).
 *
 * <p>Legend: B sequences, P prompts, Le / Ld encoder / decoder tokens, E embedding, H heads, F feed-forward width, T token ids.
 */
final class Seq2Seq {
  /** One sequence pair: the prompt features, the encoder's tokens and the decoder's fed tokens (both after the prompts). */
  record Input(int[] categories, float[] numbers, int[] encoder, int[] decoder) {}

  private record Prompts(NDArray table, NDArray bias, Params.Dense map, NDArray numberWeight, NDArray numberBias, Params.Dense numberMap) {}

  private record EncoderLayer(Params.Norm ln1, Params.Dense qkv, Params.Dense out, Params.Norm ln2, Params.Dense fc, Params.Dense fc2) {}

  private record DecoderLayer(Params.Norm ln1, Params.Dense qkv, Params.Dense out, Params.Norm ln2, Params.Dense q, Params.Dense kv,
      Params.Dense crossOut, Params.Norm ln3, Params.Dense fc, Params.Dense fc2) {}

  /**
   * The encoder's output for a batch: states [B, P + Le, E], the additive key mask [B, 1, 1, P + Le]
   * (1e9 at padding), and optionally each decoder layer's cross-attention keys and values of the
   * states, [B, P + Le, 2E] ({@link #withCrossAttention}: computed once when a decoder runs many times
   * over the same memory, as in sampling), else null.
   */
  record Memory(NDArray states, NDArray keyOff, NDArray[] crossKeysValues) {
    /** The rows {@code keep} of this memory (a batch whose finished sequences were dropped). */
    Memory select(NDManager m, int[] keep) {
      long[] idx = new long[keep.length];
      for (int i = 0; i < keep.length; i++) idx[i] = keep[i];
      NDArray index = m.create(idx);
      NDArray[] kv = null;
      if (crossKeysValues != null) {
        kv = new NDArray[crossKeysValues.length];
        for (int l = 0; l < kv.length; l++) kv[l] = rows(crossKeysValues[l], index, keep.length);
      }
      return new Memory(rows(states, index, keep.length), rows(keyOff, index, keep.length), kv);
    }

    private static NDArray rows(NDArray a, NDArray index, int n) {
      Shape s = a.getShape();
      long[] out = s.getShape().clone();
      out[0] = n;
      return gather(a.reshape(s.get(0), -1), index).reshape(new Shape(out));
    }
  }

  private final int e, heads, categoricalCount, numericCount;
  private final float eps;
  /** The shared token embedding [T, E], also the output layer (tied). */
  final NDArray wte;
  private final NDArray encPositions, decPositions;
  private final Prompts encPrompts, decPrompts;
  private final EncoderLayer[] encoder;
  private final Params.Norm encNorm;
  private final DecoderLayer[] decoder;
  private final Params.Norm decNorm;

  /**
   * Registers the parameters: {@code wte}, positions, the two featurizers, the encoder's and the
   * decoder's blocks, in this order, drawing initial values from {@code rng}.
   */
  Seq2Seq(Params params, Rng rng, int tokens, int positions, int embedding, int heads, int encoderLayers, int decoderLayers, int feedForward,
      int categoryIds, int categoricalFeatures, int numericFeatures, float eps) {
    this.e = embedding;
    this.heads = heads;
    this.eps = eps;
    this.categoricalCount = categoricalFeatures;
    this.numericCount = numericFeatures;
    wte = params.add("wte", new Shape(tokens, e), Params.normal(rng, (long) tokens * e, 0.02));
    encPositions = params.add("enc.wpe", new Shape(positions, e), Params.normal(rng, (long) positions * e, 0.02));
    decPositions = params.add("dec.wpe", new Shape(positions, e), Params.normal(rng, (long) positions * e, 0.02));
    encPrompts = prompts(params, rng, "enc.prompt", categoryIds);
    decPrompts = prompts(params, rng, "dec.prompt", categoryIds);
    encoder = new EncoderLayer[encoderLayers];
    for (int l = 0; l < encoderLayers; l++) {
      String p = "enc.h" + l + ".";
      encoder[l] = new EncoderLayer(params.norm(p + "ln1", e), dense(params, rng, p + "qkv", e, 3 * e), dense(params, rng, p + "out", e, e),
          params.norm(p + "ln2", e), dense(params, rng, p + "fc", e, feedForward), dense(params, rng, p + "fc2", feedForward, e));
    }
    encNorm = params.norm("enc.lnf", e);
    decoder = new DecoderLayer[decoderLayers];
    for (int l = 0; l < decoderLayers; l++) {
      String p = "dec.h" + l + ".";
      decoder[l] = new DecoderLayer(params.norm(p + "ln1", e), dense(params, rng, p + "qkv", e, 3 * e), dense(params, rng, p + "out", e, e),
          params.norm(p + "ln2", e), dense(params, rng, p + "q", e, e), dense(params, rng, p + "kv", e, 2 * e),
          dense(params, rng, p + "crossOut", e, e), params.norm(p + "ln3", e), dense(params, rng, p + "fc", e, feedForward),
          dense(params, rng, p + "fc2", feedForward, e));
    }
    decNorm = params.norm("dec.lnf", e);
  }

  private static Params.Dense dense(Params params, Rng rng, String name, int in, int out) {
    return params.dense(name, new Shape(in, out), Params.normal(rng, (long) in * out, 0.02), new Shape(out), Params.constant(out, 0));
  }

  /** A featurizer; its parts for a kind of feature that has none (no numerical features on our data) are not registered. */
  private Prompts prompts(Params params, Rng rng, String name, int categoryIds) {
    NDArray table = null, bias = null, numberWeight = null, numberBias = null;
    Params.Dense map = null, numberMap = null;
    if (categoricalCount > 0) {
      table = params.add(name + ".cat.w0", new Shape(categoryIds, e), Params.normal(rng, (long) categoryIds * e, 0.02));
      bias = params.add(name + ".cat.b", new Shape(categoricalCount, e), Params.constant((long) categoricalCount * e, 0));
      map = dense(params, rng, name + ".cat.w1", e, e);
    }
    if (numericCount > 0) {
      numberWeight = params.add(name + ".num.w0", new Shape(numericCount, e), Params.normal(rng, (long) numericCount * e, 0.02));
      numberBias = params.add(name + ".num.b", new Shape(numericCount, e), Params.constant((long) numericCount * e, 0));
      numberMap = dense(params, rng, name + ".num.w1", e, e);
    }
    return new Prompts(table, bias, map, numberWeight, numberBias, numberMap);
  }

  /** P: prompt vectors per sequence (one per categorical and per numerical feature). */
  int promptCount() {
    return categoricalCount + numericCount;
  }

  // ---------------------------------------------------------------- forward

  /** The encoder over the prompts and encoder tokens of every input. */
  Memory encode(NDManager m, List<Input> in) {
    int b = in.size();
    int len = 1;
    for (Input x : in) len = Math.max(len, x.encoder().length);
    NDArray x = tokens(m, in, len, true, encPositions);
    NDArray p = prompts(m, in, encPrompts);
    if (p != null) x = p.concat(x, 1);
    int total = promptCount() + len;
    float[] off = new float[b * total];
    for (int i = 0; i < b; i++) {
      for (int j = promptCount() + in.get(i).encoder().length; j < total; j++) off[i * total + j] = 1e9f;
    }
    NDArray keyOff = m.create(off, new Shape(b, 1, 1, total));
    for (EncoderLayer l : encoder) {
      NDList qkv = l.qkv().apply(norm(x, l.ln1())).split(3, 2);
      x = x.add(l.out().apply(attend(qkv.get(0), qkv.get(1), qkv.get(2), keyOff)));
      x = x.add(l.fc2().apply(gelu(l.fc().apply(norm(x, l.ln2())))));
    }
    return new Memory(norm(x, encNorm), keyOff, null);
  }

  /** The decoder's outputs at its token positions, [B, Ld, E]: position j has read the prompts and fed tokens 0..j. */
  NDArray decode(NDManager m, Memory memory, List<Input> in) {
    int b = in.size();
    int len = 1;
    for (Input x : in) len = Math.max(len, x.decoder().length);
    NDArray x = tokens(m, in, len, false, decPositions);
    NDArray p = prompts(m, in, decPrompts);
    if (p != null) x = p.concat(x, 1);
    int pc = promptCount(), total = pc + len;
    float[] off = new float[b * total * total];
    for (int i = 0; i < b; i++) {
      int valid = pc + in.get(i).decoder().length;
      for (int q = 0; q < total; q++) {
        for (int k = 0; k < total; k++) if (k > q || k >= valid) off[(i * total + q) * total + k] = 1e9f;
      }
    }
    NDArray selfOff = m.create(off, new Shape(b, 1, total, total));
    for (int li = 0; li < decoder.length; li++) {
      DecoderLayer l = decoder[li];
      NDList qkv = l.qkv().apply(norm(x, l.ln1())).split(3, 2);
      x = x.add(l.out().apply(attend(qkv.get(0), qkv.get(1), qkv.get(2), selfOff)));
      NDArray q = l.q().apply(norm(x, l.ln2()));
      NDList kv = (memory.crossKeysValues() != null ? memory.crossKeysValues()[li] : l.kv().apply(memory.states())).split(2, 2);
      x = x.add(l.crossOut().apply(attend(q, kv.get(0), kv.get(1), memory.keyOff())));
      x = x.add(l.fc2().apply(gelu(l.fc().apply(norm(x, l.ln3())))));
    }
    x = norm(x, decNorm);
    return pc == 0 ? x : x.get(new NDIndex(":, {}:", pc));
  }

  /**
   * The decoder's self-attention keys and values of the positions fed so far, per layer [B, P + t, E],
   * for sampling one token at a time ({@link #prefill}, {@link #step}). Its arrays belong to the
   * manager given to {@link #prefill}.
   */
  static final class Cache {
    private final NDManager owner;
    private final NDArray[] keys, values;
    private int fed;

    private Cache(NDManager owner, int layers) {
      this.owner = owner;
      keys = new NDArray[layers];
      values = new NDArray[layers];
    }

    /** Tokens fed after the prompts. */
    int fed() {
      return fed;
    }

    private void put(int l, NDArray k, NDArray v) {
      keys[l] = keep(keys[l], k);
      values[l] = keep(values[l], v);
    }

    private NDArray keep(NDArray old, NDArray a) {
      NDScope.unregister(a);
      a.attach(owner);
      if (old != null && old != a) old.close();
      return a;
    }

    /** Only the rows {@code keep} (sequences still being sampled). */
    void select(int[] keep) {
      long[] idx = new long[keep.length];
      for (int i = 0; i < keep.length; i++) idx[i] = keep[i];
      try (NDScope scope = new NDScope()) {
        NDArray index = owner.create(idx);
        for (int l = 0; l < keys.length; l++) {
          put(l, Memory.rows(keys[l], index, keep.length), Memory.rows(values[l], index, keep.length));
        }
      }
    }
  }

  /**
   * Feeds the prompts and the decoder tokens of every input (all of one length) and returns the
   * cache and the outputs at the last position, [B, E]; the same as {@link #decode} there.
   */
  Cache prefill(NDManager owner, NDManager m, Memory memory, List<Input> in, NDArray[] last) {
    int len = in.get(0).decoder().length;
    for (Input x : in) if (x.decoder().length != len) throw new IllegalArgumentException("prefill needs decoder inputs of one length");
    NDArray x = tokens(m, in, len, false, decPositions);
    NDArray p = prompts(m, in, decPrompts);
    if (p != null) x = p.concat(x, 1);
    int total = promptCount() + len;
    float[] off = new float[total * total];
    for (int q = 0; q < total; q++) for (int k = q + 1; k < total; k++) off[q * total + k] = 1e9f;
    NDArray selfOff = m.create(off, new Shape(1, 1, total, total));
    Cache cache = new Cache(owner, decoder.length);
    last[0] = layers(x, memory, cache, selfOff).get(new NDIndex(":, -1, :"));
    cache.fed = len;
    return cache;
  }

  /** Feeds one token per sequence (at position {@code cache.fed()}) and returns the outputs there, [B, E]. */
  NDArray step(NDManager m, Memory memory, Cache cache, int[] next) {
    long[] idx = new long[next.length];
    for (int i = 0; i < next.length; i++) idx[i] = next[i];
    NDArray x = gather(wte, m.create(idx)).add(decPositions.get(cache.fed)).reshape(next.length, 1, e);
    NDArray out = layers(x, memory, cache, null).reshape(next.length, e);
    cache.fed++;
    return out;
  }

  /** The decoder's layers over new positions x [B, n, E], extending the cache; the final norm's output [B, n, E]. */
  private NDArray layers(NDArray x, Memory memory, Cache cache, NDArray selfOff) {
    for (int li = 0; li < decoder.length; li++) {
      DecoderLayer l = decoder[li];
      NDList qkv = l.qkv().apply(norm(x, l.ln1())).split(3, 2);
      NDArray k = cache.keys[li] == null ? qkv.get(1) : cache.keys[li].concat(qkv.get(1), 1);
      NDArray v = cache.values[li] == null ? qkv.get(2) : cache.values[li].concat(qkv.get(2), 1);
      x = x.add(l.out().apply(attend(qkv.get(0), k, v, selfOff)));
      cache.put(li, k, v);
      NDArray q = l.q().apply(norm(x, l.ln2()));
      NDList kv = (memory.crossKeysValues() != null ? memory.crossKeysValues()[li] : l.kv().apply(memory.states())).split(2, 2);
      x = x.add(l.crossOut().apply(attend(q, kv.get(0), kv.get(1), memory.keyOff())));
      x = x.add(l.fc2().apply(gelu(l.fc().apply(norm(x, l.ln3())))));
    }
    return norm(x, decNorm);
  }

  /** {@code memory} with every decoder layer's cross-attention keys and values computed once. */
  Memory withCrossAttention(Memory memory) {
    NDArray[] kv = new NDArray[decoder.length];
    for (int l = 0; l < kv.length; l++) kv[l] = decoder[l].kv().apply(memory.states());
    return new Memory(memory.states(), memory.keyOff(), kv);
  }

  /** Next-token logits [N, T] of decoder states [N, E] (the tied output layer). */
  NDArray logits(NDArray states) {
    return states.matMul(wte.transpose());
  }

  /** Token embeddings plus positions, [B, len, E]; padding is token 0 (masked out of attention). */
  private NDArray tokens(NDManager m, List<Input> in, int len, boolean encoderSide, NDArray positions) {
    long[] idx = new long[in.size() * len];
    for (int i = 0; i < in.size(); i++) {
      int[] t = encoderSide ? in.get(i).encoder() : in.get(i).decoder();
      for (int j = 0; j < t.length; j++) idx[i * len + j] = t[j];
    }
    NDArray x = gather(wte, m.create(idx)).reshape(in.size(), len, e);
    return x.add(positions.get(new NDIndex("0:{}", len)));
  }

  /** The P prompt vectors of every input, [B, P, E], or null when there are no features. */
  private NDArray prompts(NDManager m, List<Input> in, Prompts p) {
    int b = in.size();
    NDArray out = null;
    if (categoricalCount > 0) {
      long[] ids = new long[b * categoricalCount];
      for (int i = 0; i < b; i++) {
        int[] c = in.get(i).categories();
        for (int f = 0; f < categoricalCount; f++) ids[i * categoricalCount + f] = c[f];
      }
      NDArray h = gather(p.table(), m.create(ids)).reshape(b, categoricalCount, e).add(p.bias());
      out = p.map().apply(h);
    }
    if (numericCount > 0) {
      float[] xs = new float[b * numericCount];
      for (int i = 0; i < b; i++) System.arraycopy(in.get(i).numbers(), 0, xs, i * numericCount, numericCount);
      NDArray h = m.create(xs, new Shape(b, numericCount, 1)).mul(p.numberWeight()).add(p.numberBias());
      NDArray num = p.numberMap().apply(h);
      out = out == null ? num : out.concat(num, 1);
    }
    return out;
  }

  /**
   * Multi-head attention of queries [B, Lq, E] over keys and values [B, Lk, E], with an additive mask
   * broadcast to [B, H, Lq, Lk] (null: every key).
   */
  private NDArray attend(NDArray q, NDArray k, NDArray v, NDArray off) {
    long b = q.getShape().get(0), lq = q.getShape().get(1);
    NDArray s = Scalars.over(split(q).matMul(split(k).transpose(0, 1, 3, 2)), (float) Math.sqrt((double) e / heads));
    s = (off == null ? s : s.sub(off)).softmax(-1);
    return s.matMul(split(v)).transpose(0, 2, 1, 3).reshape(b, lq, e);
  }

  private NDArray split(NDArray x) {
    Shape s = x.getShape();
    return x.reshape(s.get(0), s.get(1), heads, e / heads).transpose(0, 2, 1, 3);
  }

  private NDArray norm(NDArray x, Params.Norm n) {
    return x.getNDArrayInternal().layerNorm(x, new Shape(e), n.gain(), n.bias(), eps).singletonOrThrow();
  }

  /**
   * GELU, tanh approximation, as x·σ(2√(2/π)·x·(1 + 0.044715·x²)); its constants are engine-held
   * ({@link Scalars}: autograd keeps them for backward, where a Java-backed constant could be collected).
   */
  private static NDArray gelu(NDArray x) {
    float k = (float) (2 * Math.sqrt(2 / Math.PI));
    NDArray inner = Scalars.times(x.mul(x), 0.044715f * k).add(x.getManager().full(new Shape(), k));
    return Activation.sigmoid(inner.mul(x)).mul(x);
  }

  /** Rows {@code index} of a 2-D array (an index_select, differentiable in the array). */
  static NDArray gather(NDArray x, NDArray index) {
    return x.getNDArrayInternal().embedding(index, x, SparseFormat.DENSE).singletonOrThrow();
  }

  /**
   * Multiply–adds of one teacher-forced pass over sequences of these encoder and decoder lengths
   * (prompts included), head over {@code targets} outputs of {@code tokens} ids.
   */
  long macs(int[] encoderLengths, int[] decoderLengths, long targets, int tokens, int feedForward) {
    long m = 0;
    for (int i = 0; i < encoderLengths.length; i++) {
      long le = encoderLengths[i], ld = decoderLengths[i];
      m += encoder.length * (le * (4L * e * e + 2L * e * feedForward) + 2 * le * le * e);
      m += decoder.length * (ld * (6L * e * e + 2L * e * feedForward) + le * 2L * e * e + 2 * ld * ld * e + 2 * ld * le * e);
    }
    return m + targets * e * tokens;
  }
}
