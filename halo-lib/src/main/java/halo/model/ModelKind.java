package halo.model;

/** The generators of the paper: HALO, its coarse ablation, and the LSTM, GPT, EVA and SynTEG baselines. */
public enum ModelKind {
  /** Visit transformer plus the masked autoregressive code head (protocol Part B §2.1–2.2). */
  HALO("halo"),
  /** The same transformer with the head tied to the visit embedding: codes independent within a visit (§2.6). */
  HALO_COARSE("coarse"),
  /** Visit embedding, multi-layer unidirectional LSTM, linear output with bias (§2.6). */
  LSTM("lstm"),
  /** A transformer over each record as one flat token sequence, next-token softmax (§2.6, {@link GptModel}). */
  GPT("gpt"),
  /** A VAE: BiLSTM encoder over visits, transposed and causal dilated convolutions decoding all rows (§2.6, {@link EvaModel}). */
  EVA("eva"),
  /** A visit-sequence dependency model conditioning a WGAN-GP that generates the next visit (§2.6, {@link SyntegModel}). */
  SYNTEG("synteg");

  private final String id;

  ModelKind(String id) {
    this.id = id;
  }

  /** Short name used on the command line and in files. */
  public String id() {
    return id;
  }

  /** Whether the model reads {@link HaloConfig.Baselines}. */
  public boolean usesBaselines() {
    return this == EVA || this == SYNTEG;
  }

  /**
   * Whether the model gives per-code probabilities of each next visit, the language-modelling metrics'
   * input (the paper compares only HALO, HALO-Coarse and the LSTM there).
   */
  public boolean perCodeProbabilities() {
    return this == HALO || this == HALO_COARSE || this == LSTM;
  }

  public static ModelKind parse(String s) {
    for (ModelKind k : values()) {
      if (k.id.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s) || k.name().replace("_", "-").equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "': expected halo, coarse, lstm, gpt, eva or synteg");
  }
}
