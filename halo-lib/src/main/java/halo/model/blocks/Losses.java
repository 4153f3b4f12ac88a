package halo.model.blocks;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** Loss terms shared by the models and the evaluation's classifiers. */
public final class Losses {
  private Losses() {}

  /**
   * Elementwise binary cross-entropy from logits, [N, V]: softplus(l) − y·l, computed stably as
   * max(l, 0) − y·l + log(1 + exp(−|l|)). Its negation is log p for y = 1 and log(1 − p) for y = 0.
   */
  public static NDArray bce(NDArray logits, NDArray y) {
    NDArray soft = Activation.relu(logits).add(logits.abs().neg().exp().add(1f).log());
    return soft.sub(y.mul(logits));
  }
}
