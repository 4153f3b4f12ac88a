package halo.model;

/** The visit-level models of the paper: HALO, its coarse ablation and the LSTM baseline. */
public enum ModelKind {
  /** Visit transformer plus the masked autoregressive code head (protocol Part B §2.1–2.2). */
  HALO("halo"),
  /** The same transformer with the head tied to the visit embedding: codes independent within a visit (§2.6). */
  HALO_COARSE("coarse"),
  /** Visit embedding, multi-layer unidirectional LSTM, linear output with bias (§2.6). */
  LSTM("lstm");

  private final String id;

  ModelKind(String id) {
    this.id = id;
  }

  /** Short name used on the command line and in files. */
  public String id() {
    return id;
  }

  public static ModelKind parse(String s) {
    for (ModelKind k : values()) {
      if (k.id.equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s) || k.name().replace("_", "-").equalsIgnoreCase(s)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown model '" + s + "': expected halo, coarse or lstm");
  }
}
