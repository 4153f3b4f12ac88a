package halo.model.halo;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import halo.model.RowBatch;
import halo.model.RowSampling;
import halo.model.blocks.BernoulliVisits;
import halo.model.blocks.RowImputation;
import halo.model.blocks.RowDraws;
import halo.model.blocks.TransformerModel;

/**
 * HALO-Coarse (protocol Part B §2.6): the HALO visit transformer with its head tied to the visit
 * embedding: logit_c = ⟨h_{t−1}, embedding row c⟩, no bias, so the tokens of a row are independent
 * Bernoullis given the history. The tie is a single parameter used twice; autograd sums both
 * gradients into it and Adam keeps one state for it (the authors' copy had two Adam states).
 */
public final class CoarseModel extends TransformerModel implements PrefixContinuation, BernoulliVisits, RowSampling, RowImputation.Independent {
  /** Nothing of its own: the shared sizes, presets as given, stopping on validation. */
  public static final ModelKind.Traits TRAITS = ModelKind.Traits.NONE;

  /** A freshly initialised model (the registry's way: {@link halo.model.GenerativeModel#create}). */
  public CoarseModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary, new Rng(config.seed()));
  }

  @Override
  public RowSampling.Session openSampling(int n) {
    return super.openSampling(n);
  }

  @Override
  public NDArray logits(NDManager m, RowBatch batch) {
    return previousHidden(m, batch).matMul(wte.transpose()); // [N,E]x[E,V]
  }

  @Override
  public long forwardMacs(RowBatch batch) {
    return transformerMacs(batch) + (long) batch.predictedRows() * e * v;
  }

  @Override
  protected RowHead rowHead(NDManager m) {
    NDArray w = own(m, wte.transpose().duplicate()); // [E, V]
    return new RowHead() {
      @Override
      public int[][] sample(NDManager step, NDArray h, Rng rng) {
        int n = Math.toIntExact(h.getShape().get(0));
        return RowDraws.bernoulli(Activation.sigmoid(h.matMul(w)).toFloatArray(), n, v, config.sampling(), rng);
      }

      @Override
      public float[] probabilities(NDManager step, NDArray h, int[][] rows) {
        return Activation.sigmoid(h.matMul(w)).toFloatArray();
      }
    };
  }
}
