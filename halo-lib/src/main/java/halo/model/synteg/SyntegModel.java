package halo.model.synteg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.ModelShape;
import halo.model.Params;
import halo.model.PrefixContinuation;
import halo.model.RecordLikelihood;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.Training;
import halo.model.blocks.AutoregressiveModel;
import halo.model.blocks.Lstm;
import halo.model.blocks.LstmSession;
import halo.model.blocks.RowDraws;
import halo.model.blocks.RowImputation;
import halo.model.blocks.Scalars;
import halo.model.blocks.TransformerModel;
import halo.model.blocks.TwoPhaseGan;
import java.util.ArrayList;
import java.util.List;

/**
 * The SynTEG baseline (protocol Part B §2.5–§2.6, §3.7): a visit-sequence dependency model whose
 * per-visit "condition" drives a conditional WGAN-GP that generates the next visit.
 *
 * <p><b>Phase 1, the dependency model</b> (epochs [0, epochs), objective "dependency", lr
 * {@code learningRate}). Every row of a record (start row, label row, visits) is a set of tokens. A
 * row is embedded as a class slot (a learned vector at slot 0, the authors' start/class token) followed
 * by its tokens' embeddings (V × d, d = {@code synteg.codeEmbedding}, no positions: a row is a set),
 * then a 2-layer transformer encoder as PyTorch's post-LN {@code TransformerEncoderLayer}
 * (x = LN(x + SelfAttn(x)), x = LN(x + FF(x)); {@code heads} heads, key-padding mask, feed-forward 128
 * wide with ReLU, no dropout, LayerNorm ε from the config where the authors use 1e-8). The row's
 * representation is the encoder output at the class slot. Rows longer than {@value #MAX_CODES} tokens
 * are cut to their first {@value #MAX_CODES} tokens (the lowest ids; the authors keep at most 80 codes
 * a visit) for the encoder's input only; targets keep every token. Then linear d → E, an LSTM over the
 * rows of each record (E units, {@code layers} layers, PyTorch gates, no dropout), linear E → K (the
 * condition, K = {@code synteg.condition}), ReLU, linear K → V: logits of the next row, trained with
 * the shared masked BCE. Validation and the record likelihood ({@link #logProbabilities}) use this head.
 *
 * <p><b>Phase 2, the GAN</b> (epochs [epochs, epochs + gan.epochs), objectives "critic" then
 * "generator", one step each per batch). Training pairs are (condition at row t−1, row t) for every
 * predicted row of the batch, the condition computed by the frozen dependency model without gradient.
 * Generator: z ~ N(0, I) ({@code synteg.noise} dims) through dense layers [w, w, 2w, 2w, 2w, 2w]
 * (w = {@code synteg.ganWidth}), each h = ReLU(LN(h W + b) ⊙ (c P + q)), then linear → V and a
 * sigmoid: a probability per token, the next row a Bernoulli draw of each. Critic: the row (multi-hot
 * for real, probabilities for fake) plus the sparsity feature Σ_j (2x_j)^15 / ((2x_j)^15 + 1), dense
 * layers [w, w, w, w/2, w/2, w/2], each h = LeakyReLU₀.₂(h W + b) ⊙ (c P + q), then a scalar. Losses:
 * critic D(fake) − D(real) + λ·(‖∇_x̂ D(x̂)‖₂ − 1)² with x̂ = α·real + (1 − α)·fake, α ~ U(0, 1) per pair
 * (the fake detached); generator −D(G(z)); batch means. DJL has no double backward, so ∇_x̂ D is
 * written out by hand ({@link #criticInputGradient}): an ordinary differentiable expression whose
 * autograd gives the penalty's gradient with respect to the critic's parameters. Noise and α are
 * drawn in Java from the step's seed, so runs repeat and resume bit-identically.
 *
 * <p><b>Sampling</b>: a session feeds each row through the encoder and one LSTM step; the next row is
 * drawn from the generator at the condition of the last fed row with fresh z ~ N(0, I). The session's
 * {@code probabilities} are the dependency head's (deterministic; the generator's would depend on z).
 *
 * <p><b>Deliberate differences from the authors' code</b>:
 *
 * <ul>
 *   <li>The authors' LSTM is not batch-first, so it recurs over the batch axis; here it recurs over
 *       the rows of each record.
 *   <li>Generated rows are encoded exactly as training rows (with the class slot); the authors'
 *       generator omits it and starts from a zero row. Here generation starts from the start row.
 *   <li>The critic has a LeakyReLU(0.2) after every layer (the authors' has no activation, so it is
 *       linear in its input apart from the sparsity feature) and no LayerNorm (keeps the hand-written
 *       input gradient short; WGAN-GP forbids batch statistics in the critic anyway).
 *   <li>The generator uses LayerNorm instead of BatchNorm, so a sample does not depend on the other
 *       records generated with it. The modulation bias q starts at 1 (modulation near identity) and P
 *       at U(±1/√K); the authors draw their bias U(±√dim).
 *   <li>No dropout anywhere; the condition is exported without dropout (the authors leave it on).
 *   <li>The GAN trains on the trainer's batches (its predicted rows are the pairs), not on separate
 *       2,500-pair batches, and its Adams have no weight decay (the authors': 1e-5).
 * </ul>
 *
 * <p><b>Early stopping</b>: the trainer stops the whole run when patience runs out, which in phase 1
 * would skip the GAN. Train SynTEG with patience 0 (the experiment layer sets it). In phase 2
 * {@link #validates} is false, so the trainer saves the newest parameters as the best at each epoch
 * end: the final model's dependency part is that of the last phase-1 epoch.
 *
 * <p>Legend: B records, T rows, R encoded rows, S slots per row, N predicted rows (= GAN pairs), d code
 * embedding, E LSTM hidden, K condition, V vocabulary.
 */
public final class SyntegModel extends AutoregressiveModel implements TwoPhaseGan, PrefixContinuation, RecordLikelihood, RowSampling, RowImputation {
  /**
   * SynTEG's own sizes ({@link Sizes}) and its GAN phase ({@link Training.Gan}). It trains without
   * early stopping at every scale (its GAN phase has no validation loss, and stopping early would skip
   * it), and by epochs at the cpu scale: 4 of the dependency model, then the GAN's own ({@link
   * Training.Gan#forEmbedding}, 6), without a step budget.
   */
  public static final ModelKind.Traits TRAITS = new ModelKind.Traits() {
    @Override
    public ModelShape.Extras extrasFor(int embedding) {
      return Sizes.forEmbedding(embedding);
    }

    @Override
    public boolean trainsGan() {
      return true;
    }

    @Override
    public Training.Gan ganFor(int embedding) {
      return Training.Gan.forEmbedding(embedding);
    }

    @Override
    public HaloConfig preset(String name, HaloConfig shared) {
      HaloConfig c = shared.withTraining(t -> t.patience(0));
      return name.equals("cpu") || name.equals("default") ? c.withTraining(t -> t.epochs(4).steps(0, 0).validateEvery(0)) : c;
    }
  };

  /**
   * SynTEG's own sizes (protocol Part B §2.6); its GAN's schedule is training ({@link Training.Gan}).
   *
   * @param codeEmbedding the code embedding, the width of its per-visit transformer (the authors: 112)
   * @param condition the condition vector handed from the dependency model to the GAN (256)
   * @param noise the GAN's noise size (128)
   * @param ganWidth the GAN's base width w: generator layers [w, w, 2w, 2w, 2w, 2w], critic [w, w, w, w/2, w/2, w/2] (256)
   */
  public record Sizes(int codeEmbedding, int condition, int noise, int ganWidth) implements ModelShape.Extras {
    public Sizes {
      if (codeEmbedding < 1 || condition < 1 || noise < 1 || ganWidth < 2) {
        throw new IllegalArgumentException("SynTEG's sizes must be positive (ganWidth >= 2): " + this);
      }
    }

    /** The authors' sizes at E 768 and above; below, scaled with E (at least 4). */
    public static Sizes forEmbedding(int e) {
      if (e >= 768) return new Sizes(112, 256, 128, 256);
      int w = Math.max(4, e);
      return new Sizes(Math.max(4, e / 2), w, Math.max(4, e / 2), w);
    }
  }

  /** Tokens per row the encoder sees at most (the authors' 80 codes a visit). */
  public static final int MAX_CODES = 80;
  static final int ENCODER_LAYERS = 2;
  static final int FEED_FORWARD = 128;
  static final float LEAK = 0.2f;

  private final int v;
  private final int d;
  private final int hidden;
  private final int cond;
  private final int noise;
  private final int[] generatorDims;
  private final int[] criticDims;
  private final Objective dependency;
  private final Objective critic;
  private final Objective generator;
  // the parameters, registered in this order as dep.*, gen.*, crit.* (each objective's names are its prefix's)
  private final NDArray depTok; // [V, d]
  private final NDArray depCls; // [d], the class slot
  private final EncoderLayer[] encoder = new EncoderLayer[ENCODER_LAYERS];
  private final Params.Dense depIn, depCond, depOut;
  private final Lstm depLstm;
  private final GeneratorLayer[] genLayers;
  private final Params.Dense genOut;
  private final CriticLayer[] critLayers;
  private final Params.Dense critOut;

  /** A post-LN encoder layer of the per-visit transformer: self-attention (qkv, attn), then a ReLU feed-forward (ff1, ff2). */
  private record EncoderLayer(Params.Dense qkv, Params.Dense attn, Params.Norm ln1, Params.Dense ff1, Params.Dense ff2, Params.Norm ln2) {}

  /** A generator layer: dense, LayerNorm, then the condition's modulation. */
  private record GeneratorLayer(Params.Dense fc, Params.Norm ln, Params.Dense mod) {}

  /** A critic layer: dense, then the condition's modulation. */
  private record CriticLayer(Params.Dense fc, Params.Dense mod) {}
  /** The frozen conditions of the last GAN batch: its critic and generator steps share one dependency pass. */
  /** The frozen dependency model's conditions of a batch in phase 2: computed once, read by both GAN objectives. */
  private final RowBatch.Derived<float[]> frozenConditions = new RowBatch.Derived<>("SynTEG conditions");

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public SyntegModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary);
    Sizes b = config.model().extras(Sizes.class);
    Training.Gan gan = config.training().gan();
    v = vocabulary.size();
    d = b.codeEmbedding();
    if (d % config.model().heads() != 0) {
      throw new IllegalArgumentException("SynTEG's code embedding (" + d + ") must be divisible by heads (" + config.model().heads() + ")");
    }
    hidden = config.model().embedding();
    cond = b.condition();
    noise = b.noise();
    int w = b.ganWidth();
    generatorDims = new int[] {w, w, 2 * w, 2 * w, 2 * w, 2 * w};
    criticDims = new int[] {w, w, w, w / 2, w / 2, w / 2};
    Rng rng = new Rng(config.seed());
    depTok = params.add("dep.tok", new Shape(v, d), Params.normal(rng, (long) v * d, 1)); // nn.Embedding: N(0, 1)
    depCls = params.add("dep.cls", new Shape(d), Params.normal(rng, d, 1));
    for (int l = 0; l < ENCODER_LAYERS; l++) {
      String p = "dep.enc" + l + ".";
      Params.Dense qkv = linear(rng, p + "qkv", d, 3 * d);
      Params.Dense attn = linear(rng, p + "attn", d, d);
      Params.Norm ln1 = params.norm(p + "ln1", d);
      Params.Dense ff1 = linear(rng, p + "ff1", d, FEED_FORWARD);
      Params.Dense ff2 = linear(rng, p + "ff2", FEED_FORWARD, d);
      encoder[l] = new EncoderLayer(qkv, attn, ln1, ff1, ff2, params.norm(p + "ln2", d));
    }
    depIn = linear(rng, "dep.in", d, hidden);
    depLstm = Lstm.register(params, rng, "dep.lstm", config.model().layers(), hidden);
    depCond = linear(rng, "dep.cond", hidden, cond);
    depOut = linear(rng, "dep.out", cond, v);
    int in = noise;
    genLayers = new GeneratorLayer[generatorDims.length];
    for (int l = 0; l < generatorDims.length; l++) {
      String p = "gen." + l + ".";
      Params.Dense fc = linear(rng, p + "fc", in, generatorDims[l]);
      Params.Norm ln = params.norm(p + "ln", generatorDims[l]);
      genLayers[l] = new GeneratorLayer(fc, ln, modulation(rng, p, generatorDims[l]));
      in = generatorDims[l];
    }
    genOut = linear(rng, "gen.out", in, v);
    in = v + 1;
    critLayers = new CriticLayer[criticDims.length];
    for (int l = 0; l < criticDims.length; l++) {
      String p = "crit." + l + ".";
      Params.Dense fc = linear(rng, p + "fc", in, criticDims[l]);
      critLayers[l] = new CriticLayer(fc, modulation(rng, p, criticDims[l]));
      in = criticDims[l];
    }
    critOut = linear(rng, "crit.out", in, 1);
    dependency = new Objective("dependency", params.namesUnder("dep."), config.training().learningRate());
    critic = new Objective("critic", params.namesUnder("crit."), gan.criticLearningRate());
    generator = new Objective("generator", params.namesUnder("gen."), gan.learningRate());
  }

  /** A dense layer stored (in, out), PyTorch's nn.Linear init U(±1/√in) for weight and bias. */
  private Params.Dense linear(Rng rng, String name, int in, int out) {
    double bound = 1 / Math.sqrt(in);
    return params.dense(name, new Shape(in, out), Params.uniform(rng, (long) in * out, bound), new Shape(out), Params.uniform(rng, out, bound));
  }

  /** The condition's modulation of a layer: c P + q, P U(±1/√K), q = 1. */
  private Params.Dense modulation(Rng rng, String p, int dim) {
    return params.dense(p + "mod", new Shape(cond, dim), Params.uniform(rng, (long) cond * dim, 1 / Math.sqrt(cond)), new Shape(dim), Params.constant(dim, 1));
  }

  private NDArray dense(NDArray x, Params.Dense layer) {
    return layer.apply(x);
  }

  private NDArray layerNorm(NDArray x, Params.Norm norm, int dim) {
    return x.getNDArrayInternal()
        .layerNorm(x, new Shape(dim), norm.gain(), norm.bias(), config.model().layerNormEps())
        .singletonOrThrow();
  }

  @Override
  public List<Objective> objectives() {
    return List.of(dependency, critic, generator);
  }

  @Override
  public Objective firstPhase() {
    return dependency;
  }

  @Override
  public Objective critic() {
    return critic;
  }

  @Override
  public Objective generator() {
    return generator;
  }

  // ---------------------------------------------------------------- dependency model

  /** Row-length buckets: rows are encoded in groups padded to at most these many tokens. */
  private static final int[] BUCKETS = {4, 8, 16, 32, MAX_CODES};

  /**
   * Encoder output at the class slot of each row (rows of sorted token ids), [R, d]. Rows are grouped
   * by length ({@link #BUCKETS}) and each group is padded only to its own longest row: a visit has
   * a few codes and a batch's longest up to 80, so one padded pass would cost ~10× more. Padding is
   * masked, so the result is each row's encoding alone either way.
   */
  NDArray encodeRows(NDManager m, int[][] rows) {
    int r = rows.length;
    List<List<Integer>> groups = new ArrayList<>();
    for (int i = 0; i < BUCKETS.length; i++) groups.add(new ArrayList<>());
    for (int i = 0; i < r; i++) {
      int len = Math.min(MAX_CODES, rows[i].length), g = 0;
      while (BUCKETS[g] < len) g++;
      groups.get(g).add(i);
    }
    if (groups.stream().filter(g -> !g.isEmpty()).count() == 1) return encodePadded(m, rows);
    NDList parts = new NDList();
    long[] position = new long[r]; // row i's position in the concatenated groups
    int at = 0;
    for (List<Integer> g : groups) {
      if (g.isEmpty()) continue;
      int[][] sub = new int[g.size()][];
      for (int j = 0; j < sub.length; j++) {
        sub[j] = rows[g.get(j)];
        position[g.get(j)] = at++;
      }
      parts.add(encodePadded(m, sub));
    }
    return NDArrays.concat(parts, 0).get(new NDIndex("{}", m.create(position)));
  }

  /** {@link #encodeRows} for one group, padded to its longest row. */
  private NDArray encodePadded(NDManager m, int[][] rows) {
    int r = rows.length;
    int longest = 0;
    for (int[] row : rows) longest = Math.max(longest, Math.min(MAX_CODES, row.length));
    int s = longest + 1;
    long[] idx = new long[r * s]; // 0 = class slot, token c = c + 1
    float[] off = new float[r * s];
    for (int i = 0; i < r; i++) {
      int len = Math.min(MAX_CODES, rows[i].length);
      for (int j = 0; j < len; j++) idx[i * s + 1 + j] = rows[i][j] + 1L;
      for (int j = len + 1; j < s; j++) off[i * s + j] = 1e9f;
    }
    NDArray table = depCls.reshape(1, d).concat(depTok, 0); // [V+1, d]
    NDArray x = table.get(new NDIndex("{}", m.create(idx))).reshape(r, s, d);
    NDArray padding = m.create(off, new Shape(r, 1, 1, s)); // key-padding mask, broadcast over heads and queries
    int heads = config.model().heads();
    int hd = d / heads;
    for (EncoderLayer enc : encoder) {
      NDArray qkv = dense(x, enc.qkv()); // [R,S,3d]
      NDArray q = qkv.get(new NDIndex(":, :, 0:{}", d)).reshape(r, s, heads, hd).transpose(0, 2, 1, 3);
      NDArray k = qkv.get(new NDIndex(":, :, {}:{}", d, 2 * d)).reshape(r, s, heads, hd).transpose(0, 2, 1, 3);
      NDArray vv = qkv.get(new NDIndex(":, :, {}:", 2 * d)).reshape(r, s, heads, hd).transpose(0, 2, 1, 3);
      NDArray a = Scalars.over(q.matMul(k.transpose(0, 1, 3, 2)), (float) Math.sqrt(hd)).sub(padding).softmax(-1); // [R,H,S,S]
      NDArray o = dense(a.matMul(vv).transpose(0, 2, 1, 3).reshape(r, s, d), enc.attn());
      x = layerNorm(x.add(o), enc.ln1(), d);
      x = layerNorm(x.add(dense(Activation.relu(dense(x, enc.ff1())), enc.ff2())), enc.ln2(), d);
    }
    return x.get(new NDIndex(":, 0, :")); // [R, d]
  }

  /** LSTM over x [B, T, E] (batch-first: it recurs over rows) from states (h, c); returns output, h, c. */
  private NDList lstm(NDArray x, NDArray h0, NDArray c0) {
    return depLstm.run(x, h0, c0);
  }

  /** The condition at the row before every predicted row, [N, K] (the dependency model's penultimate layer). */
  NDArray conditions(NDManager m, RowBatch batch) {
    int b = batch.size();
    int t = batch.rowCount();
    List<int[]> inputs = new ArrayList<>();
    long[] slot = new long[b * t];
    for (int i = 0; i < b; i++) {
      int[][] rows = batch.rows()[i];
      for (int r = 0; r < t; r++) {
        // the last row predicts nothing: it and the padding read the zero row appended below
        slot[i * t + r] = r < rows.length - 1 ? inputs.size() : -1;
        if (r < rows.length - 1) inputs.add(rows[r]);
      }
    }
    for (int i = 0; i < slot.length; i++) if (slot[i] < 0) slot[i] = inputs.size();
    NDArray enc = encodeRows(m, inputs.toArray(int[][]::new)).concat(m.zeros(new Shape(1, d)), 0);
    NDArray x = dense(enc.get(new NDIndex("{}", m.create(slot))), depIn).reshape(b, t, hidden);
    NDArray zeros = m.zeros(new Shape(config.model().layers(), b, hidden));
    NDArray out = lstm(x, zeros, zeros).get(0).reshape(-1, hidden); // [B*T, E]
    return dense(out.get(new NDIndex("{}", batch.previousRows(m))), depCond);
  }

  private NDArray head(NDArray condition) {
    return dense(Activation.relu(condition), depOut);
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return head(conditions(m, batch));
  }

  // ---------------------------------------------------------------- GAN

  /** Generator probabilities [P, V] from noise z [P, noise] and conditions c [P, K]. */
  NDArray generate(NDArray z, NDArray c) {
    NDArray h = z;
    for (int l = 0; l < generatorDims.length; l++) {
      GeneratorLayer g = genLayers[l];
      NDArray a = layerNorm(dense(h, g.fc()), g.ln(), generatorDims[l]);
      h = Activation.relu(a.mul(dense(c, g.mod())));
    }
    return Activation.sigmoid(dense(h, genOut));
  }

  /** The critic's forward pass, keeping what its input gradient needs. */
  private final class CriticPass {
    final NDArray score; // [P, 1]
    final NDArray[] slopes = new NDArray[criticDims.length]; // LeakyReLU derivative at each layer, constant
    final NDArray[] mods = new NDArray[criticDims.length];
    final NDArray sparsitySlope; // d feature / d x, [P, V]

    CriticPass(NDArray x, NDArray c) {
      NDArray y = x.add(x);
      NDArray y2 = y.mul(y);
      NDArray y4 = y2.mul(y2);
      NDArray y14 = y4.mul(y4).mul(y4).mul(y2);
      NDArray y15 = y14.mul(y);
      NDArray den = y15.add(1f);
      NDArray feature = y15.div(den).sum(new int[] {1}, true); // [P, 1]
      sparsitySlope = Scalars.times(y14, 30f).div(den.mul(den)); // 15·2·(2x)^14 / ((2x)^15 + 1)²
      NDArray h = x.concat(feature, 1);
      for (int l = 0; l < criticDims.length; l++) {
        NDArray a = dense(h, critLayers[l].fc());
        NDArray positive = a.gt(0f).toType(DataType.FLOAT32, false);
        slopes[l] = Scalars.times(positive, 1 - LEAK).add(LEAK); // 1 where a > 0, else 0.2: no gradient flows through it
        mods[l] = dense(c, critLayers[l].mod());
        h = a.mul(slopes[l]).mul(mods[l]);
      }
      score = dense(h, critOut);
    }

    /** ∇_x D(x) for each pair [P, V], by a hand-written backward pass (differentiable in the parameters). */
    NDArray inputGradient() {
      NDArray delta = critOut.w().transpose(); // dD/dh_6, [1, w/2], broadcast over pairs
      for (int l = criticDims.length - 1; l >= 0; l--) {
        NDArray g = delta.mul(mods[l]).mul(slopes[l]); // dD/da_l
        delta = g.matMul(critLayers[l].fc().w().transpose()); // dD/dh_{l-1}
      }
      NDArray direct = delta.get(new NDIndex(":, 0:{}", v));
      NDArray viaFeature = delta.get(new NDIndex(":, {}:", v)); // [P, 1]
      return direct.add(viaFeature.mul(sparsitySlope));
    }
  }

  /** Critic scores [P, 1] of rows x [P, V] under conditions c [P, K]. */
  NDArray criticScore(NDArray x, NDArray c) {
    return new CriticPass(x, c).score;
  }

  /** ∇_x Σ D(x) [P, V], computed analytically (see {@link CriticPass#inputGradient}). */
  NDArray criticInputGradient(NDArray x, NDArray c) {
    return new CriticPass(x, c).inputGradient();
  }

  private NDArray gaussian(NDManager m, Rng rng, int rows, int cols) {
    float[] z = new float[rows * cols];
    for (int i = 0; i < z.length; i++) z[i] = (float) rng.nextGaussian();
    return m.create(z, new Shape(rows, cols));
  }

  @Override
  public NDArray loss(NDManager m, RowBatch batch, Objective objective, Step step) {
    if (objective == dependency) return loss(m, batch);
    int pairs = batch.predictedRows();
    // the dependency model is frozen in this phase: its conditions once per batch, without gradient
    NDArray c = m.create(batch.derived(frozenConditions, b -> conditions(m, b).toFloatArray()), new Shape(pairs, cond));
    if (objective == critic) {
      NDArray real = batch.targets(m).toDense();
      NDArray fake = generate(gaussian(m, new Rng(step.seed(config.seed(), 1)), pairs, noise), c).stopGradient();
      float[] alpha = new float[pairs];
      Rng ar = new Rng(step.seed(config.seed(), 2));
      for (int i = 0; i < pairs; i++) alpha[i] = (float) ar.nextDouble();
      NDArray a = m.create(alpha, new Shape(pairs, 1));
      NDArray mixed = real.mul(a).add(fake.mul(a.neg().add(1f)));
      NDArray gradient = criticInputGradient(mixed, c);
      NDArray norm = gradient.mul(gradient).sum(new int[] {1}).add(1e-12f).sqrt();
      NDArray penalty = norm.sub(1f).mul(norm.sub(1f)).mean();
      NDArray wasserstein = criticScore(fake, c).mean().sub(criticScore(real, c).mean());
      return wasserstein.add(Scalars.times(penalty, (float) config.training().gan().gradientPenalty()));
    }
    if (objective == generator) {
      NDArray fake = generate(gaussian(m, new Rng(step.seed(config.seed(), 3)), pairs, noise), c);
      return criticScore(fake, c).mean().neg();
    }
    throw new IllegalArgumentException("SynTEG has no objective '" + objective.name() + "'");
  }

  /**
   * Multiply–adds of one step's forward passes, counting both phases' work: the dependency model's
   * (encoder, LSTM, head) plus the GAN's (two generator passes and four critic-sized passes: fake,
   * real, mixed and its hand-written gradient). In phase 1 only the first part runs; the sum is an
   * upper bound there and close in phase 2 (which runs the dependency forward for its conditions).
   */
  @Override
  public long forwardMacs(RowBatch batch) {
    long[] count = new long[BUCKETS.length];
    int[] longest = new int[BUCKETS.length];
    for (int[][] rec : batch.rows()) {
      for (int r = 0; r < rec.length - 1; r++) { // rows as encodeRows groups them, each group padded to its longest
        int len = Math.min(MAX_CODES, rec[r].length), g = 0;
        while (BUCKETS[g] < len) g++;
        count[g]++;
        longest[g] = Math.max(longest[g], len + 1);
      }
    }
    long encoder = 0;
    for (int g = 0; g < BUCKETS.length; g++) {
      long slots = count[g] * longest[g];
      encoder += ENCODER_LAYERS * (slots * (4L * d * d + 2L * d * FEED_FORWARD) + 2L * slots * longest[g] * d);
    }
    long n = batch.predictedRows();
    long recurrent = (long) batch.size() * batch.rowCount() * ((long) d * hidden + config.model().layers() * 8L * hidden * hidden);
    long dependencyMacs = encoder + recurrent + n * ((long) hidden * cond + (long) cond * v);
    long gen = 0;
    int in = noise;
    for (int g : generatorDims) {
      gen += (long) in * g + (long) cond * g;
      in = g;
    }
    gen += (long) in * v;
    long crit = 0;
    in = v + 1;
    for (int g : criticDims) {
      crit += (long) in * g + (long) cond * g;
      in = g;
    }
    return dependencyMacs + n * (2 * gen + 4 * crit);
  }

  // ---------------------------------------------------------------- sampling

  /** The dependency model's Bernoulli likelihood of each record (its visits are sampled by the GAN; see {@link RecordLikelihood}). */
  @Override
  public double[] logProbabilities(List<EncodedPatient> patients) {
    return bernoulliLogProbabilities(patients);
  }

  @Override
  public RowSampling.Session openSampling(int n) {
    return new StateSampling(n);
  }

  /** LSTM state per record; each fed row costs one encoder pass over that row and one LSTM step. */
  private final class StateSampling extends LstmSession {
    StateSampling(int n) {
      super(manager, n, config.model().layers(), hidden);
    }

    @Override
    public void feed(int[][] rows) {
      if (rows.length != n) throw new IllegalArgumentException(rows.length + " rows fed to a session of " + n + " records");
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray x = dense(encodeRows(step, rows), depIn).reshape(n, 1, hidden);
        NDList s = states();
        advance(lstm(x, s.get(0), s.get(1)));
      }
    }

    @Override
    public int[][] sample(int[] records, Rng rng) {
      try (NDScope scope = new NDScope(); NDManager step = m.newSubManager()) {
        NDArray condition = dense(last(step, records), depCond);
        float[] p = generate(gaussian(step, rng, records.length, noise), condition).toFloatArray();
        return RowDraws.bernoulli(p, records.length, v, config.sampling(), rng);
      }
    }

    /** The dependency head's probabilities of the next row (the generator's would depend on the noise). */
    @Override
    public float[][] probabilities(int[][] rows) {
      try (NDScope scope = new NDScope()) {
        return perRecord(Activation.sigmoid(head(dense(lastOfAll(), depCond))).toFloatArray(), v);
      }
    }
  }
}
