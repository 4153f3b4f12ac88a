package halo.model.halo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.blocks.BernoulliVisits;
import halo.model.blocks.RowImputation;
import halo.model.blocks.TransformerModel;
import java.util.Arrays;

/**
 * HALO (protocol Part B §2.1–2.2): the visit transformer plus the code-level autoregressive head. The
 * head takes [h_{t−1}; x_t] (D = E + V inputs), applies two square masked linear layers (weights in
 * (out, in) layout times an inclusive lower-triangular mask, so output o sees inputs 0..o; biases;
 * ReLU between; init U(±1/√D)) and keeps outputs E−1 .. E+V−2 as the V logits: the logit of token c
 * sees all of h and tokens 0..c−1 of its own row, never c itself.
 *
 * <p>Fast path, same outputs as the dense definition up to float rounding (tested against it in
 * value and gradient, {@code BlockHeadTest}): the x_t part of layer 1 is a sparse × dense product
 * (sum of the masked weight columns of the present tokens, read as contiguous rows); of layer 2 only
 * the V kept output rows are computed, block-triangularly ({@link HeadBlocks}): each block of token
 * logits reads only the hidden units below its last token, in column pieces chained by addmm, so the
 * all-zero blocks above the diagonal are never multiplied and only the diagonal pieces are masked.
 * The parameters stay dense D × D (checkpoints unchanged); Adam updates only their live rectangles.
 * Generation: {@link CodeSampler}.
 *
 * <p>Tied logits ({@link Head}, the default for new models): every code's logit also adds h · wte[c],
 * the history against the code's own input embedding, a per-row bias the sampler adds to the row's
 * first-pass logits. The label path (also the default for new models): a visit's h is the transformer's
 * output plus the record's label embedding Σ wte[l] ({@link TransformerModel#labelPath()}).
 *
 * <p>Legend: N predicted rows, E embedding, V vocabulary, D = E + V.
 */
public final class HaloModel extends TransformerModel implements PrefixContinuation, BernoulliVisits, RowSampling, RowImputation {
  /**
   * Its own shape is the {@link Head}: tied logits and the label path for new models, the authors'
   * head for checkpoints written before the choice existed; the shared presets, stopping on validation.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return new Head(true, true);
    }

    @Override
    public ModelShape.Extras legacyExtras(int embedding) {
      return new Head(false);
    }
  };

  /**
   * HALO's own shape: what its code head adds up.
   *
   * @param tiedLogits whether each code's logit also has the term h · wte[c], the visit embedding's
   *     own row for the code (as HALO-Coarse's and GPT's outputs): a direct path from the codes of
   *     earlier visits, through the history h, to the same code now. The authors' head has no such
   *     term (false); checkpoints written before this choice existed read as false. On the default
   *     cohort at equal steps it lowered the validation loss by a quarter and the false chronic onsets
   *     several-fold (results/README.md, "Why HALO's records lost their labels").
   * @param labelPath whether the head reads the history plus the record's label embedding at every
   *     visit ({@link TransformerModel#labelPath()}): the labels reach each visit's codes directly, not
   *     only through attention to the label row. Off in the authors' head and in configs written
   *     before it existed (their JSON has no such field); on for new models: on the default cohort at
   *     equal steps and seed it lowered the test loss by 9%, brought the rare labels' teacher-forced
   *     onset rates up to the real ones and cut the false onsets several-fold (results/README.md).
   */
  public record Head(boolean tiedLogits, boolean labelPath) implements ModelShape.Extras {
    /** A head without the label path. */
    public Head(boolean tiedLogits) {
      this(tiedLogits, false);
    }

    /** Without the label path, as before it existed (configs print the same, so their cache keys stay). */
    @Override
    public String toString() {
      return "Head[tiedLogits=" + tiedLogits + (labelPath ? ", labelPath=true" : "") + "]";
    }
  }

  private final int d;
  private final HeadBlocks blocks;
  // the inclusive lower-triangular mask M[o][i] = (i <= o) of both layers, in the pieces the products use:
  private final NDArray mask2; // [V, D] rows E-1..E+V-2 (row c: inputs i <= E - 1 + c)
  private final NDArray maskHistory; // [D, E] columns 0..E-1
  private final NDArray maskTokensT; // [V, D] columns E.., transposed (row c: outputs o >= E + c)
  private final NDArray[] blockMasks; // per block [c_{k+1} - c_k, P_k] (its diagonal part: diagonalMasks)
  /** The code head's two masked layers, weights stored (out, in) as nn.Linear: head1 [D, D] over [history; row], head2 [D, D] whose rows E−1.. are the code logits. */
  private final Params.Dense head1, head2;
  private final long[] rowCuts; // head2 rows split at E-1+c_0 .. E-1+c_K
  private final long[] pieceCuts; // hidden units split at P_0 .. P_{K-1}
  private final NDArray[] diagonalMasks; // per block: its mask's columns [P_{k-1}, P_k)
  private final boolean tied; // Head#tiedLogits: the logits add h · wte^T
  private final boolean labelPath; // Head#labelPath

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public HaloModel(HaloConfig config, Vocabulary vocabulary) {
    this(config, vocabulary, 0);
  }

  /** A HALO whose head computes in {@code blocks} token blocks (0: the default layout, see {@link HeadBlocks}). */
  HaloModel(HaloConfig config, Vocabulary vocabulary, int blocks) {
    this(config, vocabulary, new Rng(config.seed()), blocks);
  }

  private HaloModel(HaloConfig config, Vocabulary vocabulary, Rng rng, int blockCount) {
    super(config, vocabulary, rng);
    d = e + v;
    tied = config.model().extras(Head.class).tiedLogits();
    labelPath = config.model().extras(Head.class).labelPath();
    blocks = blockCount == 0 ? HeadBlocks.of(e, v) : HeadBlocks.of(e, v, blockCount);
    double bound = 1 / Math.sqrt(d);
    head1 = params.dense("head1", new Shape(d, d), Params.uniform(rng, (long) d * d, bound), new Shape(d), Params.uniform(rng, d, bound));
    head2 = params.dense("head2", new Shape(d, d), Params.uniform(rng, (long) d * d, bound), new Shape(d), Params.uniform(rng, d, bound));
    params.setLive(head1.w(), blocks.layer1Live());
    params.setLive(head2.w(), blocks.layer2Live());
    float[] m2 = new float[v * d];
    for (int c = 0; c < v; c++) Arrays.fill(m2, c * d, c * d + e + c, 1f);
    mask2 = manager.create(m2, new Shape(v, d));
    float[] mh = new float[d * e];
    for (int o = 0; o < d; o++) Arrays.fill(mh, o * e, o * e + Math.min(e, o + 1), 1f);
    maskHistory = manager.create(mh, new Shape(d, e));
    float[] mx = new float[v * d];
    for (int c = 0; c < v; c++) Arrays.fill(mx, c * d + e + c, (c + 1) * d, 1f);
    maskTokensT = manager.create(mx, new Shape(v, d));
    int k = blocks.count();
    blockMasks = new NDArray[k];
    for (int b = 0; b < k; b++) blockMasks[b] = manager.create(blocks.mask(b), new Shape(blocks.c()[b + 1] - blocks.c()[b], blocks.prefix(b)));
    pieceCuts = new long[k];
    diagonalMasks = new NDArray[k];
    for (int b = 0; b < k; b++) {
      pieceCuts[b] = blocks.prefix(b);
      diagonalMasks[b] = blockMasks[b].get(new NDIndex(":, {}:", b == 0 ? 0 : blocks.prefix(b - 1)));
    }
    rowCuts = new long[k + 1];
    for (int b = 0; b <= k; b++) rowCuts[b] = e - 1 + blocks.c()[b];
  }

  @Override
  public RowSampling.Session openSampling(int n) {
    return super.openSampling(n);
  }

  /** The transformer's output before each predicted row (re-declared so that this package's tests reach it). */
  @Override
  protected NDArray previousHidden(NDManager m, RowBatch batch) {
    return super.previousHidden(m, batch);
  }

  @Override
  protected boolean labelPath() {
    return labelPath;
  }

  /** The head's block layout (for tests). */
  HeadBlocks blocks() {
    return blocks;
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    NDArray hp = previousHidden(m, batch); // [N, E]
    NDList w1 = head1.w().split(new long[] {e}, 1); // [D, E] | [D, V]: one split, so backward writes the gradient once
    NDArray w1h = maskHistory.mul(w1.get(0)); // [D, E]
    NDArray w1xT = maskTokensT.mul(w1.get(1).transpose()); // [V, D], contiguous: the sparse product reads its rows
    NDArray a1 = hp.matMul(w1h.transpose()).add(batch.targets(m).matMul(w1xT)).add(head1.b()); // [N, D]
    NDArray r = Activation.relu(a1);
    NDList rows = head2.w().split(rowCuts, 0); // [E-1, D], block 0 rows, ..., block K-1 rows, [1, D]
    NDList pieces = r.split(pieceCuts, 1); // hidden units [0, P_0), [P_0, P_1), ..., [P_{K-1}, D): one split, so backward writes r's gradient once
    NDList out = new NDList(blocks.count());
    for (int b = 0; b < blocks.count(); b++) {
      NDList w = rows.get(b + 1).split(pieceCuts, 1); // block b's weights [B_k, .] in the same column pieces
      NDArray acc = null;
      for (int j = 0; j <= b; j++) { // pieces 0..b are block b's live prefix; piece b holds the diagonal
        NDArray wj = j == b ? diagonalMasks[b].mul(w.get(j)) : w.get(j);
        acc = acc == null ? pieces.get(j).matMul(wj.transpose()) : Linear.linear(pieces.get(j), wj, acc).singletonOrThrow(); // acc + piece x wj^T in one addmm
      }
      out.add(acc);
    }
    NDArray logits = out.size() == 1 ? out.get(0) : NDArrays.concat(out, 1); // [N, V]
    logits = logits.add(head2.b().get(new NDIndex("{}:{}", e - 1, e - 1 + v)));
    return tied ? logits.add(hp.matMul(wte.transpose())) : logits;
  }

  /**
   * Useful multiply-adds (the masked zeros excluded): the transformer, layer 1's history part, one
   * masked column per present token (its V − c live outputs), and Σ_c (E + c) for layer 2.
   */
  @Override
  public long forwardMacs(RowBatch batch) {
    long tokens = 0;
    for (int[] bt : batch.target()) for (int c : batch.rows()[bt[0]][bt[1]]) tokens += v - c;
    return transformerMacs(batch) + batch.predictedRows() * (blocks.layer1HistoryMacs() + blocks.layer2Macs()) + tokens;
  }

  /** The count before the block-triangular head: the head's history part and layer 2 as dense products. */
  @Override
  public long denseForwardMacs(RowBatch batch) {
    return transformerMacs(batch) + (long) batch.predictedRows() * ((long) e * d + (long) d * v);
  }

  /**
   * Sampling and teacher-forced probabilities from the masked head weights, made once per session
   * in the layouts the products read: [E, D] and [V, D] for layer 1 (row c of the second is the masked
   * column E + c), [D, V] for layer 2 (column c is the masked row E − 1 + c).
   */
  @Override
  protected RowHead rowHead(NDManager m) {
    NDList w1 = head1.w().split(new long[] {e}, 1);
    NDArray w1h = own(m, rowMajor(w1.get(0).mul(maskHistory).transpose())); // [E, D]
    NDArray w1xT = own(m, maskTokensT.mul(w1.get(1).transpose())); // [V, D]
    NDArray w2T = own(m, rowMajor(head2.w().get(new NDIndex("{}:{}, :", e - 1, e - 1 + v)).mul(mask2).transpose())); // [D, V]
    NDArray b1 = own(m, head1.b().duplicate());
    float[] b2 = head2.b().get(new NDIndex("{}:{}", e - 1, e - 1 + v)).toFloatArray();
    NDArray tiedT = tied ? own(m, wte.transpose().duplicate()) : null; // [E, V]
    return new CodeSampler(m, blocks, w1h, w1xT, b1, w2T, b2, tiedT, config.sampling().temperature());
  }

  /** A row-major copy of a (transposed) view, so that row gathers and sparse products read contiguous rows. */
  private static NDArray rowMajor(NDArray x) {
    return x.flatten().reshape(x.getShape());
  }
}
