package halo.model.promptehr;

import halo.data.EncodedPatient;
import halo.model.promptehr.MalformedSequenceException.Fault;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A record's visits as a PromptEHR token sequence (paper §3.2, Fig. 2) and back:
 *
 * <pre>
 *   record := &lt;s&gt; visit* &lt;/s&gt; &lt;pad&gt;*
 *   visit  := &lt;v&gt; block* &lt;/v&gt;
 *   block  := &lt;m&gt; code+ &lt;/m&gt;        the codes of one modality m
 * </pre>
 *
 * e.g. {@code <s> <v> <dx> dx:a dx:b </dx> <rx> rx:c </rx> </v> <v> <dx> dx:a </dx> <gap> gap:days#2 </gap> </v> </s>}.
 *
 * <p><b>Canonical form</b> ({@link #encode}): visits in order; inside a visit the modalities in the
 * fixed order of {@link PromptVocabulary#modalities()}, a modality without codes in that visit left
 * out (no empty block); inside a block the codes in vocabulary order (ascending index, the order of
 * {@link EncodedPatient}'s visits). A visit without codes is {@code <v> </v>}; a record without visits
 * is {@code <s> </s>}. Labels are not part of the sequence (they are {@link BaselineFeatures}).
 *
 * <p><b>Decoding</b> ({@link #decodeVisits}) is strict: any deviation from the grammar — unbalanced
 * markers, a code outside a block or inside another modality's block, a repeated code or modality in
 * a visit, an empty block, an unknown id, a {@code <mask>}, tokens after {@code </s>} other than pads —
 * is a {@link MalformedSequenceException} naming the position and the {@link Fault}; nothing is
 * repaired. Order within a visit carries no information (a visit is a set of codes), so blocks in any
 * order and codes in any order inside a block decode to the same visit: a sequence whose codes or
 * modalities were shuffled ({@link Corruptions}) decodes to the record it came from.
 *
 * <p><b>Length cap</b> ({@link #encode(EncodedPatient, int)}): a record longer than the cap keeps its
 * most recent visits that fit (as the {@link halo.data.Encoder} keeps the most recent visits), and the
 * result says how many visits and codes were dropped; whole visits only, never part of one. The
 * authors' code used 512 tokens. On the default cohort's 8,497 training records a full sequence is
 * long — mean 681 tokens, median 587, 95th percentile 1,557, maximum 2,356; a visit is 20 tokens on
 * average, at most 75 — so a cap of 512 truncates 5,166 records (61%, 90,350 visits dropped), 1,024
 * truncates 1,446 (17%) and 2,048 truncates 32 ({@link Report} says so for any cap).
 */
public final class PromptSequence {
  private final PromptVocabulary tokens;

  public PromptSequence(PromptVocabulary tokens) {
    this.tokens = tokens;
  }

  public PromptVocabulary tokens() {
    return tokens;
  }

  // ---------------------------------------------------------------- encoding

  /**
   * A record's sequence under a cap.
   *
   * @param droppedVisits the oldest visits left out so that the sequence fits
   * @param droppedCodes the codes of those visits
   */
  public record Encoded(int[] tokens, int droppedVisits, int droppedCodes) {
    public Encoded {
      tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
      return tokens.clone();
    }

    public int length() {
      return tokens.length;
    }

    public boolean truncated() {
      return droppedVisits > 0;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Encoded e && Arrays.equals(tokens, e.tokens) && droppedVisits == e.droppedVisits && droppedCodes == e.droppedCodes;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(tokens), droppedVisits, droppedCodes);
    }

    @Override
    public String toString() {
      return "Encoded[" + tokens.length + " tokens, droppedVisits=" + droppedVisits + ", droppedCodes=" + droppedCodes + "]";
    }
  }

  /** The canonical sequence of a record's visits, uncapped. */
  public int[] encode(EncodedPatient p) {
    return write(p.visits(), 0, length(p));
  }

  /**
   * The canonical sequence of a record's most recent visits that fit in {@code maxTokens} tokens; the
   * oldest visits that do not fit are dropped and counted. When not even the last visit fits, no visit
   * is kept ({@code <s> </s>}, every visit counted as dropped).
   */
  public Encoded encode(EncodedPatient p, int maxTokens) {
    if (maxTokens < 2) {
      throw new IllegalArgumentException("a cap of " + maxTokens + " tokens cannot hold <s> and </s>; use at least 2");
    }
    int[][] visits = p.visits();
    int first = visits.length;
    int length = 2;
    while (first > 0 && length + visitLength(visits[first - 1]) <= maxTokens) length += visitLength(visits[--first]);
    int droppedCodes = 0;
    for (int t = 0; t < first; t++) droppedCodes += visits[t].length;
    return new Encoded(write(visits, first, length), first, droppedCodes);
  }

  /** What capping a set of records dropped. */
  public record Report(int records, int truncatedRecords, long droppedVisits, long droppedCodes, int maxTokens) {
    @Override
    public String toString() {
      return "%,d records capped at %,d tokens: %,d truncated to their most recent visits (%,d visits, %,d codes dropped)"
          .formatted(records, maxTokens, truncatedRecords, droppedVisits, droppedCodes);
    }
  }

  /** The sequences of many records under one cap, with the report of what the cap dropped. */
  public record Batch(List<Encoded> sequences, Report report) {
    public Batch {
      sequences = List.copyOf(sequences);
    }
  }

  public Batch encodeAll(List<EncodedPatient> records, int maxTokens) {
    List<Encoded> out = new ArrayList<>(records.size());
    int truncated = 0;
    long visits = 0, codes = 0;
    for (EncodedPatient p : records) {
      Encoded e = encode(p, maxTokens);
      out.add(e);
      if (e.truncated()) truncated++;
      visits += e.droppedVisits();
      codes += e.droppedCodes();
    }
    return new Batch(out, new Report(records.size(), truncated, visits, codes, maxTokens));
  }

  /** The uncapped length of a record's sequence: 2 + Σ visit lengths. */
  public int length(EncodedPatient p) {
    int n = 2;
    for (int[] v : p.visits()) n += visitLength(v);
    return n;
  }

  /** Tokens of one visit: {@code <v>}, {@code </v>}, and per modality present its codes plus two markers. */
  public int visitLength(int[] visit) {
    BitSet present = new BitSet();
    for (int c : visit) present.set(tokens.modalityOfCode(checkedCode(c)));
    return 2 + visit.length + 2 * present.cardinality();
  }

  private int checkedCode(int c) {
    if (c < 0 || c >= tokens.codeCount()) {
      throw new IllegalArgumentException("code " + c + " is outside the vocabulary's " + tokens.codeCount()
          + " codes: the record was encoded with another vocabulary than " + tokens.vocabulary().hash());
    }
    return c;
  }

  private int[] write(int[][] visits, int first, int length) {
    int[] out = new int[length];
    int i = 0;
    out[i++] = tokens.bos();
    int modalities = tokens.modalities().size();
    for (int t = first; t < visits.length; t++) {
      out[i++] = tokens.visitOpen();
      for (int k = 0; k < modalities; k++) {
        boolean open = false;
        for (int c : visits[t]) { // ascending code order, so each block is in vocabulary order
          if (tokens.modalityOfCode(c) != k) continue;
          if (!open) {
            out[i++] = tokens.open(tokens.modalities().get(k));
            open = true;
          }
          out[i++] = tokens.token(c);
        }
        if (open) out[i++] = tokens.close(tokens.modalities().get(k));
      }
      out[i++] = tokens.visitClose();
    }
    out[i++] = tokens.eos();
    if (i != length) throw new IllegalStateException("wrote " + i + " tokens, computed " + length);
    return out;
  }

  // ---------------------------------------------------------------- decoding

  /** The record a sequence describes, with the labels and id given (labels are not in the sequence). */
  public EncodedPatient decode(String id, int[] labels, int[] sequence) {
    return new EncodedPatient(id, labels, decodeVisits(sequence));
  }

  /**
   * The visits of a well-formed sequence (each sorted ascending), in order.
   *
   * @throws MalformedSequenceException at the first position where the sequence leaves the grammar
   */
  public int[][] decodeVisits(int[] sequence) {
    if (sequence.length == 0 || sequence[0] != tokens.bos()) {
      throw fault(sequence, 0, Fault.MISSING_BOS, "");
    }
    List<int[]> visits = new ArrayList<>();
    BitSet visitCodes = null; // codes of the open visit; null between visits
    BitSet visitModalities = new BitSet();
    int block = -1; // modality of the open block, -1 when none
    int blockSize = 0;
    for (int i = 1; i < sequence.length; i++) {
      int t = sequence[i];
      if (!tokens.isValid(t)) throw fault(sequence, i, Fault.UNKNOWN_TOKEN, "id " + t + " outside [0, " + tokens.size() + ")");
      if (t == tokens.mask()) throw fault(sequence, i, Fault.MASK_IN_RECORD, "");
      if (t == tokens.bos()) throw fault(sequence, i, Fault.MISPLACED_SPECIAL, "a second <s>");
      if (t == tokens.pad()) throw fault(sequence, i, Fault.MISPLACED_SPECIAL, "<pad> before </s>");
      if (block >= 0) { // inside <m> ... </m>
        if (tokens.isCode(t)) {
          if (tokens.modalityOfToken(t) != block) {
            throw fault(sequence, i, Fault.CODE_IN_WRONG_MODALITY, tokens.name(t) + " inside " + openName(block));
          }
          int c = tokens.code(t);
          if (visitCodes.get(c)) throw fault(sequence, i, Fault.REPEATED_CODE, tokens.name(t));
          visitCodes.set(c);
          blockSize++;
        } else if (tokens.closes(t) == block) {
          if (blockSize == 0) throw fault(sequence, i, Fault.EMPTY_MODALITY, openName(block) + " closed without codes");
          block = -1;
        } else {
          throw fault(sequence, i, Fault.UNBALANCED_MARKER, tokens.name(t) + " while " + openName(block) + " is open");
        }
      } else if (visitCodes != null) { // inside <v> ... </v>, between blocks
        if (tokens.opens(t) >= 0) {
          block = tokens.opens(t);
          if (visitModalities.get(block)) throw fault(sequence, i, Fault.REPEATED_MODALITY, openName(block));
          visitModalities.set(block);
          blockSize = 0;
        } else if (t == tokens.visitClose()) {
          visits.add(visitCodes.stream().toArray());
          visitCodes = null;
        } else if (tokens.isCode(t)) {
          throw fault(sequence, i, Fault.CODE_OUTSIDE_MODALITY, tokens.name(t) + " inside <v> but in no modality block");
        } else {
          throw fault(sequence, i, Fault.UNBALANCED_MARKER, tokens.name(t) + " while <v> is open");
        }
      } else { // between visits
        if (t == tokens.visitOpen()) {
          visitCodes = new BitSet();
          visitModalities.clear();
        } else if (t == tokens.eos()) {
          for (int j = i + 1; j < sequence.length; j++) {
            if (sequence[j] != tokens.pad()) throw fault(sequence, j, Fault.TOKEN_AFTER_END, name(sequence[j]));
          }
          return visits.toArray(int[][]::new);
        } else if (tokens.isCode(t)) {
          throw fault(sequence, i, Fault.CODE_OUTSIDE_MODALITY, tokens.name(t) + " outside any visit");
        } else {
          throw fault(sequence, i, Fault.UNBALANCED_MARKER, tokens.name(t) + " outside any visit");
        }
      }
    }
    String open = block >= 0 ? openName(block) + " and <v> still open" : visitCodes != null ? "<v> still open" : "";
    throw fault(sequence, sequence.length, Fault.UNEXPECTED_END, open);
  }

  private String openName(int k) {
    return tokens.name(tokens.open(tokens.modalities().get(k)));
  }

  private String name(int t) {
    return tokens.isValid(t) ? tokens.name(t) : "id " + t;
  }

  /** The exception, with the tokens around the position for the reader. */
  private MalformedSequenceException fault(int[] sequence, int position, Fault f, String detail) {
    int from = Math.max(0, position - 4), to = Math.min(sequence.length, position + 3);
    StringBuilder around = new StringBuilder();
    for (int j = from; j < to; j++) {
      if (!around.isEmpty()) around.append(' ');
      around.append(j == position ? "[" + name(sequence[j]) + "]" : name(sequence[j]));
    }
    String context = sequence.length == 0 ? "empty sequence" : "near: " + (from > 0 ? "... " : "") + around
        + (to < sequence.length ? " ..." : "");
    return new MalformedSequenceException(position, f, (detail.isEmpty() ? "" : detail + "; ") + context);
  }

  /** A readable rendering of a sequence (for messages, notebooks and tests). */
  public String render(int[] sequence) {
    StringBuilder b = new StringBuilder();
    for (int t : sequence) {
      if (!b.isEmpty()) b.append(' ');
      b.append(name(t));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return "PromptSequence[" + tokens + "]";
  }
}
