package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.MultiHot;
import halo.model.PackedRows;
import halo.model.Params;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import java.util.Arrays;

/**
 * The visit-level ("coarse") transformer shared by HALO and HALO-Coarse (protocol Part B §2.1): a
 * visit embedding V→E without bias (the sum of the weight rows of a row's active tokens, done as a
 * sparse × dense product), a learned N(0,1) position table, pre-LN GPT-2 blocks (x + Attn(LN₁ x),
 * x + MLP(LN₂ x); causal attention scaled by √(head dim), masked scores s·b − 1e10·(1−b); MLP E→4E,
 * tanh GELU, 4E→E; dense layers stored (in, out), init N(0, 0.02), bias 0) and a final LayerNorm
 * (biased variance, ε from the config). No dropout.
 *
 * <p>Legend: B records, T rows, E embedding, H heads, d = E/H, V vocabulary size.
 */
public abstract class TransformerModel extends AutoregressiveModel {
  protected final int e;
  protected final int v;
  /** The token embedding [V, E] (HALO-Coarse and GPT tie their output to it). */
  protected final NDArray wte;
  private final NDArray wpe;
  private final Block[] blocks;
  private final Params.Norm lnf;

  protected TransformerModel(HaloConfig config, Vocabulary vocabulary, Rng rng) {
    this(config, vocabulary, rng, vocabulary.size());
  }

  /** A transformer over {@code tokens} token ids (GPT's flat sequences have more than the vocabulary's rows). */
  protected TransformerModel(HaloConfig config, Vocabulary vocabulary, Rng rng, int tokens) {
    super(config, vocabulary);
    e = config.model().embedding();
    v = tokens;
    wte = params.add("wte", new Shape(v, e), Params.uniform(rng, (long) v * e, 1 / Math.sqrt(v)));
    wpe = params.add("wpe", new Shape(config.model().positions(), e), Params.normal(rng, (long) config.model().positions() * e, 1));
    blocks = new Block[config.model().layers()];
    for (int l = 0; l < blocks.length; l++) {
      String p = "h" + l + ".";
      Params.Norm ln1 = params.norm(p + "ln1", e);
      Params.Dense attn = params.dense(p + "attn", new Shape(e, 3L * e), Params.normal(rng, 3L * e * e, 0.02), new Shape(3L * e), Params.constant(3L * e, 0));
      Params.Dense proj = params.dense(p + "proj", new Shape(e, e), Params.normal(rng, (long) e * e, 0.02), new Shape(e), Params.constant(e, 0));
      Params.Norm ln2 = params.norm(p + "ln2", e);
      Params.Dense fc = params.dense(p + "fc", new Shape(e, 4L * e), Params.normal(rng, 4L * e * e, 0.02), new Shape(4L * e), Params.constant(4L * e, 0));
      Params.Dense fc2 = params.dense(p + "fc2", new Shape(4L * e, e), Params.normal(rng, 4L * e * e, 0.02), new Shape(e), Params.constant(e, 0));
      blocks[l] = new Block(ln1, attn, proj, ln2, fc, fc2);
    }
    lnf = params.norm("lnf", e);
  }

  /** One pre-LN block's parameters, registered as {@code h<l>.ln1.g}, {@code h<l>.attn.w}, … in this order. */
  private record Block(Params.Norm ln1, Params.Dense attn, Params.Dense proj, Params.Norm ln2, Params.Dense fc, Params.Dense fc2) {}

  /** Transformer outputs of every slot of the packed batch, [lanes, width, E] (see {@link PackedRows}). */
  public NDArray hidden(NDManager m, PackedRows pk) {
    int b = pk.lanes();
    int t = pk.width();
    NDArray x = pk.inputs(m).matMul(wte); // [L*W,V]x[V,E], sparse
    x = x.add(wpe.get(new NDIndex("{}", pk.positions(m)))).reshape(b, t, e); // positions restart per record
    float[] keep = pk.keep();
    float[] off = new float[keep.length];
    for (int i = 0; i < keep.length; i++) off[i] = keep[i] == 1 ? 0 : 1e10f;
    // The authors mask as s·b − 1e10·(1 − b); s − 1e10·(1 − b) gives the same softmax and gradients
    // bit for bit (a masked score rounds to −1e10 either way for |s| < 512, and its weight is 0) with one
    // pass fewer over the [L,H,W,W] scores, which dominate GPT's long sequences.
    NDArray offMask = m.create(off, pk.maskShape()); // [L,1,W,W], broadcast over heads
    for (Block blk : blocks) {
      NDArray a = layerNorm(x, blk.ln1());
      NDList qkv = blk.attn().apply(a).split(3, 2); // 3 x [L,W,E]; one split, so backward writes one gradient (three slices would each zero-fill [L,W,3E])
      NDArray q = heads(qkv.get(0), b, t);
      NDArray k = heads(qkv.get(1), b, t);
      NDArray vv = heads(qkv.get(2), b, t);
      NDArray s = Scalars.over(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(config.model().headDim())); // [L,H,W,W]
      s = s.sub(offMask).softmax(-1);
      NDArray o = s.matMul(vv).transpose(0, 2, 1, 3).reshape(b, t, e); // [L,H,W,d] -> [L,W,E]
      x = x.add(blk.proj().apply(o));
      x = x.add(mlp(layerNorm(x, blk.ln2()), blk));
    }
    return layerNorm(x, lnf);
  }

  /**
   * Hidden state of the row before each predicted row, [N, E]; with the {@linkplain #labelPath() label
   * path}, plus its record's label embedding for every visit.
   */
  protected NDArray previousHidden(NDManager m, RowBatch batch) {
    PackedRows pk = batch.packed();
    NDArray h = hidden(m, pk).reshape(-1, e); // [L*W, E]
    NDArray hp = gather(h, pk.previousSlots(m));
    return labelPath() ? hp.add(labelEmbedding(m, batch)) : hp;
  }

  /**
   * Whether the head reads each visit's history plus the record's label embedding u = Σ wte[l] over its
   * label row (row 1): a direct path from the labels to every visit's codes, beside the attention
   * to row 1. The label row's own prediction (from the start row) adds nothing: it cannot see itself.
   * Off by default; a subclass turns it on from its own shape.
   */
  protected boolean labelPath() {
    return false;
  }

  /** u of each predicted row's record (zero when the row predicted is the label row itself), [N, E]. */
  private NDArray labelEmbedding(NDManager m, RowBatch batch) {
    int[][] target = batch.target();
    int[][] labels = new int[target.length][];
    for (int i = 0; i < target.length; i++) labels[i] = target[i][1] >= 2 ? batch.rows()[target[i][0]][1] : new int[0];
    return sparse(m, labels).matMul(wte);
  }

  private NDArray heads(NDArray x, long b, long t) {
    return x.reshape(b, t, config.model().heads(), config.model().headDim()).transpose(0, 2, 1, 3); // [B,T,E] -> [B,H,T,d]
  }

  private NDArray layerNorm(NDArray x, Params.Norm norm) {
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(e), norm.gain(), norm.bias(), config.model().layerNormEps())
        .singletonOrThrow();
  }

  private NDArray mlp(NDArray a, Block blk) {
    return blk.fc2().apply(gelu(blk.fc().apply(a)));
  }

  /**
   * GELU, tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), computed as the identical
   * x·σ(2√(2/π)·x·(1 + 0.044715·x²)) (since 0.5·(1 + tanh(z)) = σ(2z)) in fewer passes over memory.
   */
  static NDArray gelu(NDArray x) {
    float k = (float) (2 * Math.sqrt(2 / Math.PI));
    NDArray z = Scalars.times(x.mul(x), 0.044715f * k).add(k).mul(x);
    return Activation.sigmoid(z).mul(x);
  }

  /** Multiply–adds of the transformer over the packed slots (embedding gathers not counted). */
  protected long transformerMacs(RowBatch batch) {
    PackedRows pk = batch.packed();
    long slots = pk.slots();
    long perRow = 12L * e * e; // qkv 3E², proj E², fc 4E², fc2 4E²
    long attention = 2L * slots * pk.width() * e; // scores + weighted sum
    return config.model().layers() * (slots * perRow + attention);
  }

  /**
   * The head a generation session samples and scores rows with, built once per session (masked
   * weights, views of them): every array it keeps must be owned by {@code m} ({@link #own}).
   */
  protected abstract RowHead rowHead(NDManager m);

  /** The next row of each record from its history h [n, E], given the rows before it. */
  public interface RowHead {
    /** Samples the next row of each record (sorted token indices), exactly, drawing from {@code rng}. */
    int[][] sample(NDManager m, NDArray h, Rng rng);

    /** Teacher-forced probabilities that the next rows are {@code rows}, token by token, flattened [n·V]. */
    float[] probabilities(NDManager m, NDArray h, int[][] rows);
  }

  /** Moves {@code a}, made inside the current {@link NDScope}, to manager {@code m} for good. */
  public static NDArray own(NDManager m, NDArray a) {
    NDScope.unregister(a);
    a.attach(m);
    return a;
  }

  @Override
  protected RowSampling.Session openSampling(int n) {
    return new CachedSampling(n);
  }

  /** Key/value cache: each fed row costs one transformer step over the new row only. */
  private final class CachedSampling implements RowSampling.Session {
    private final NDManager m = manager.newSubManager();
    private final RowHead head;
    private final NDArray[] keys = new NDArray[config.model().layers()];
    private final NDArray[] values = new NDArray[config.model().layers()];
    private NDArray last; // [n, E] output at the last fed row
    private NDArray labels; // [n, E] the label embedding u, once the label row is fed (label path only)
    private int position;
    private int n;

    CachedSampling(int n) {
      this.n = n;
      try (NDScope scope = new NDScope()) {
        head = rowHead(m);
      }
    }

    @Override
    public void feed(int[][] rows) {
      if (rows.length != n) throw new IllegalArgumentException(rows.length + " rows fed to a session of " + n + " records");
      if (position >= config.model().positions()) throw new IllegalStateException("context of " + config.model().positions() + " rows is full");
      try (NDScope scope = new NDScope()) {
        NDArray embedded = sparse(m, rows).matMul(wte);
        if (position == 1 && labelPath()) labels = keep(embedded); // the label row's own embedding u, kept past this scope
        NDArray x = embedded.add(wpe.get(position)).reshape(n, 1, e);
        for (int l = 0; l < blocks.length; l++) {
          Block blk = blocks[l];
          NDArray a = layerNorm(x, blk.ln1());
          NDList qkv = blk.attn().apply(a).split(3, 2); // 3 x [n,1,E]
          NDArray q = heads(qkv.get(0), n, 1);
          NDArray k = heads(qkv.get(1), n, 1);
          NDArray vv = heads(qkv.get(2), n, 1);
          NDArray kAll = keys[l] == null ? k : keys[l].concat(k, 2); // [n,H,t+1,d]
          NDArray vAll = values[l] == null ? vv : values[l].concat(vv, 2);
          NDArray s = Scalars.over(q.matMul(kAll.transpose(0, 1, 3, 2)), (float) Math.sqrt(config.model().headDim())).softmax(-1);
          NDArray o = s.matMul(vAll).transpose(0, 2, 1, 3).reshape(n, 1, e);
          x = x.add(blk.proj().apply(o));
          x = x.add(mlp(layerNorm(x, blk.ln2()), blk));
          replace(keys, l, kAll);
          replace(values, l, vAll);
        }
        NDArray h = layerNorm(x, lnf).reshape(n, e);
        if (labels != null) h = h.add(labels); // the next row is a visit: the head reads h + u
        if (last != null) last.close();
        last = keep(h);
      }
      position++;
    }

    private NDArray keep(NDArray a) {
      NDScope.unregister(a);
      a.attach(m);
      return a;
    }

    /** Rows {@code idx} of a per-record array [n, E] kept by the session (the old one closed); null stays null. */
    private NDArray keptRows(NDArray a, NDArray idx) {
      if (a == null) return null;
      NDArray kept = keep(gather(a, idx));
      a.close();
      return kept;
    }

    private void replace(NDArray[] cache, int l, NDArray a) {
      NDArray old = cache[l];
      cache[l] = keep(a);
      if (old != null && old != a) old.close();
    }

    @Override
    public int[][] sample(int[] records, Rng rng) {
      if (last == null) throw new IllegalStateException("feed the start row before sampling");
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray h = records.length == n ? last : gather(last, index(step, records));
        return head.sample(step, h, rng);
      }
    }

    @Override
    public float[][] probabilities(int[][] rows) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        float[] p = head.probabilities(step, last, rows);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = Arrays.copyOfRange(p, i * v, (i + 1) * v);
        return out;
      }
    }

    @Override
    public void keep(int[] records) {
      if (records.length == n) return;
      try (NDScope scope = new NDScope()) {
        NDArray idx = index(m, records);
        for (int l = 0; l < keys.length; l++) {
          if (keys[l] != null) {
            replace(keys, l, rows(keys[l], idx));
            replace(values, l, rows(values[l], idx));
          }
        }
        last = keptRows(last, idx);
        labels = keptRows(labels, idx);
      }
      n = records.length;
    }

    @Override
    public void close() {
      m.close();
    }
  }

  /** Records {@code idx} (first axis) of a cache [n, H, t, d], as one row gather over [n, H·t·d]. */
  private static NDArray rows(NDArray cache, NDArray idx) {
    Shape s = cache.getShape();
    NDArray out = gather(cache.reshape(s.get(0), -1), idx);
    return out.reshape(new Shape(idx.getShape().get(0), s.get(1), s.get(2), s.get(3)));
  }

  /** Rows {@code index} of a 2-D array (an index_select: much faster than advanced indexing). */
  static NDArray gather(NDArray x, NDArray index) {
    return x.getNDArrayInternal().embedding(index, x, SparseFormat.DENSE).singletonOrThrow();
  }

  static NDArray index(NDManager m, int[] records) {
    long[] l = new long[records.length];
    for (int i = 0; i < l.length; i++) l[i] = records[i];
    return m.create(l);
  }

  /** Rows of token indices as a sparse COO multi-hot [n, V]. */
  protected NDArray sparse(NDManager m, int[][] rows) {
    return MultiHot.of(m, rows, v);
  }


}
