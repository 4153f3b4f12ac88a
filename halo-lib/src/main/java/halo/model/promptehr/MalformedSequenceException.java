package halo.model.promptehr;

/**
 * A token sequence that is not a well-formed PromptEHR record ({@link PromptSequence#decodeVisits}):
 * carries the offending position (a token index, or the sequence length when it ends too early) and
 * the {@link Fault}, so that a caller can report, and a test check, both.
 */
public final class MalformedSequenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What can be wrong with a sequence. */
  public enum Fault {
    /** The sequence does not start with {@code <s>} (or is empty). */
    MISSING_BOS("the sequence does not start with <s>"),
    /** A token id outside {@code [0, size)}. */
    UNKNOWN_TOKEN("token id outside the layout"),
    /** {@code <mask>} in a sequence that should be a record (masks belong to encoder inputs only). */
    MASK_IN_RECORD("<mask> in a record sequence"),
    /** A second {@code <s>}, or {@code <pad>} before {@code </s>}. */
    MISPLACED_SPECIAL("special token out of place"),
    /** A marker that closes nothing open, opens inside an unclosed one, or an end while one is open. */
    UNBALANCED_MARKER("unbalanced marker"),
    /** A code between visits or between the modality blocks of a visit. */
    CODE_OUTSIDE_MODALITY("code outside a modality block"),
    /** A code inside another modality's block (a diagnosis between {@code <rx>} and {@code </rx>}). */
    CODE_IN_WRONG_MODALITY("code inside the wrong modality"),
    /** The same modality opened twice in one visit. */
    REPEATED_MODALITY("modality repeated within a visit"),
    /** The same code twice in one visit. */
    REPEATED_CODE("code repeated within a visit"),
    /** A modality block without codes (records never write one: absent modalities are left out). */
    EMPTY_MODALITY("empty modality block"),
    /** The sequence ends before {@code </s>}. */
    UNEXPECTED_END("the sequence ends before </s>"),
    /** A token other than {@code <pad>} after {@code </s>}. */
    TOKEN_AFTER_END("token after </s>");

    private final String description;

    Fault(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final int position;
  private final Fault fault;

  public MalformedSequenceException(int position, Fault fault, String detail) {
    super("malformed PromptEHR sequence at position " + position + ": " + fault.description()
        + (detail.isEmpty() ? "" : " (" + detail + ")"));
    this.position = position;
    this.fault = fault;
  }

  /** The index of the offending token; the sequence length when the sequence ends too early. */
  public int position() {
    return position;
  }

  public Fault fault() {
    return fault;
  }
}
