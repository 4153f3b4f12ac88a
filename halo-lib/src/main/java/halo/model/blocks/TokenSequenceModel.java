package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.Rng;
import halo.model.RowBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * A transformer language model over one token sequence per record (GPT's flat sequence of codes, the
 * text GPT's subword tokens of the record's sentence): each token a one-token "row" of the shared
 * {@link TransformerModel}, so the packed lanes and the cached sampler are the same; the output head
 * tied to the token embedding, next-token softmax cross-entropy (pad is never a target), and exact
 * sampling from the softmax (with the config's temperature or top-k).
 *
 * <p>A subclass says how a record becomes tokens ({@link #batch}) and how sampled tokens become a
 * record ({@link #sampleRows}).
 */
public abstract class TokenSequenceModel extends TransformerModel {
  private final int pad;

  /** A model over token ids 0 .. {@code tokens} − 1, of which {@code pad} only fills batches. */
  protected TokenSequenceModel(HaloConfig config, Vocabulary vocabulary, Rng rng, int tokens, int pad) {
    super(config, vocabulary, rng, tokens);
    if (pad < 0 || pad >= tokens) throw new IllegalArgumentException("pad token " + pad + " outside 0.." + (tokens - 1));
    this.pad = pad;
  }

  /** Token sequences as one-token rows; every token after the first is a target. */
  protected RowBatch tokenBatch(List<int[]> sequences, int cut) {
    int b = sequences.size();
    int[][][] rows = new int[b][][];
    int width = 1, n = 0;
    for (int i = 0; i < b; i++) {
      int[] tokens = sequences.get(i);
      rows[i] = new int[tokens.length][];
      for (int t = 0; t < tokens.length; t++) rows[i][t] = new int[] {tokens[t]};
      width = Math.max(width, tokens.length);
      n += tokens.length - 1;
    }
    int[][] target = new int[n][];
    int k = 0;
    for (int i = 0; i < b; i++) {
      for (int t = 1; t < rows[i].length; t++) target[k++] = new int[] {i, t};
    }
    return new RowBatch(rows, width, v, pad, target, cut);
  }

  /** Next-token logits [N, tokens] with the head tied to the token embedding. */
  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return previousHidden(m, batch).matMul(wte.transpose());
  }

  /** log P of every target token given the tokens before it, [N]. */
  protected NDArray targetLogProbabilities(NDManager m, RowBatch batch) {
    return logits(m, batch).logSoftmax(-1).reshape(-1).get(new NDIndex("{}", m.create(batch.presentFlat())));
  }

  /** Summed next-token cross-entropy of the batch. */
  @Override
  public NDArray lossSum(NDManager m, RowBatch batch) {
    return targetLogProbabilities(m, batch).sum().neg();
  }

  /** Mean next-token cross-entropy, the training objective. */
  @Override
  public NDArray loss(NDManager m, RowBatch batch) {
    return Scalars.over(lossSum(m, batch), batch.predictedRows());
  }

  @Override
  public long lossOutputs(RowBatch batch) {
    return batch.predictedRows();
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    return transformerMacs(batch) + (long) batch.predictedRows() * e * v;
  }

  /**
   * The sum of each record's sequence tokens' log-probabilities (each given the tokens before it), batch
   * by batch ({@link halo.model.RecordLikelihood#logProbabilities} for the subclasses that declare it).
   */
  public double[] logProbabilities(List<EncodedPatient> patients) {
    double[] out = new double[patients.size()];
    for (int from = 0; from < patients.size(); from += config.training().batchSize()) {
      RowBatch b = batch(patients.subList(from, Math.min(patients.size(), from + config.training().batchSize())));
      float[] logp;
      try (NDScope scope = new NDScope(); NDManager m = manager.newSubManager()) {
        logp = targetLogProbabilities(m, b).toFloatArray();
      }
      for (int n = 0; n < logp.length; n++) out[from + b.target()[n][0]] += logp[n];
    }
    return out;
  }

  /** The label rows of whole sampled records (a "row" here is one token, so the label row needs the record's start). */
  @Override
  public List<int[]> sampleLabelRows(int n, Rng rng) {
    return labelRowsOfWholeRecords(n, rng);
  }

  /**
   * The tokens sampled after each prefix (the prefix included) until {@code stop} is sampled (kept)
   * or the sequence holds {@code cap} tokens.
   */
  protected List<int[]> sampleTokens(List<int[]> prefixes, Rng rng, int cap, int stop) {
    List<int[][]> rows = new ArrayList<>(prefixes.size());
    for (int[] p : prefixes) {
      int[][] r = new int[p.length][];
      for (int t = 0; t < p.length; t++) r[t] = new int[] {p[t]};
      rows.add(r);
    }
    List<int[]> out = new ArrayList<>(prefixes.size());
    for (int[][] seq : sampleSequences(rows, rng, cap, (t, row) -> row[0] == stop)) {
      int[] tokens = new int[seq.length];
      for (int i = 0; i < seq.length; i++) tokens[i] = seq[i][0];
      out.add(tokens);
    }
    return out;
  }

  /** One token per record from the softmax over the tied head. */
  @Override
  protected RowHead rowHead(NDManager m) {
    NDArray w = own(m, wte.transpose().duplicate()); // [E, V]
    return new RowHead() {
      @Override
      public int[][] sample(NDManager step, NDArray h, Rng rng) {
        int n = (int) h.getShape().get(0);
        float[] p = h.matMul(w).softmax(-1).toFloatArray();
        int[][] out = new int[n][];
        for (int r = 0; r < n; r++) {
          config.sampling().categorical(p, r * v, v);
          double u = rng.nextDouble(), acc = 0;
          int k = 0;
          while (k < v - 1 && (acc += p[r * v + k]) <= u) k++;
          out[r] = new int[] {k};
        }
        return out;
      }

      @Override
      public float[] probabilities(NDManager step, NDArray h, int[][] rows) {
        return h.matMul(w).softmax(-1).toFloatArray();
      }
    };
  }
}
