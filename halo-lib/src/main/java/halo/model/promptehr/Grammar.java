package halo.model.promptehr;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Which token may come next in a decoder sequence, so that the model's distribution at each position
 * is a softmax over the tokens that keep the sequence well formed — PromptEHR's per-modality output
 * (Wang &amp; Sun 2022, §3.2: inside a modality's span the decoder chooses among that modality's codes).
 * Training normalises over the same tokens it samples from, so sampling stays exact with respect to
 * the model and no sampled visit is malformed. The canonical order of {@link PromptSequence} is the
 * grammar: a visit's modality blocks in ascending modality order, each with its codes ascending (so a
 * visit, a set, has exactly one sequence and no code repeats).
 *
 * <ul>
 *   <li>A next-visit span, after {@code <s>}: {@code <v>}, or {@code </s>} (the record ends); after
 *       {@code <v>}: a modality opening, or {@code </v>}; after {@code </m_j>}: the opening of a later
 *       modality, or {@code </v>}; after {@code <m_k>}: a code of k; after code c of k: a later code
 *       of k, or {@code </m_k>}. {@code </v>} ends the span.
 *   <li>A modality span, after {@code <s> <m_k>}: codes of k ascending (at least one), then
 *       {@code </m_k>}, which ends it.
 *   <li>A label row, after the label-task token: labels ascending, at most one value of each
 *       demographic field, then {@code </s>}.
 * </ul>
 */
final class Grammar {
  private final PromptVocabulary tokens;
  private final int labelBase;
  private final int labelTask;
  private final int tokenCount;
  /** Per label, its demographic field (a feature index), or -1 for a chronic label. */
  private final int[] fieldOfLabel;
  /** Per modality k, the tokens of its codes. */
  private final boolean[][] codesOf;

  Grammar(PromptVocabulary tokens, int labelBase, int labelTask, int tokenCount, int[] fieldOfLabel) {
    this.tokens = tokens;
    this.labelBase = labelBase;
    this.labelTask = labelTask;
    this.tokenCount = tokenCount;
    this.fieldOfLabel = fieldOfLabel.clone();
    codesOf = new boolean[tokens.modalities().size()][tokenCount];
    for (int c = 0; c < tokens.codeCount(); c++) codesOf[tokens.modalityOfCode(c)][tokens.token(c)] = true;
  }

  /**
   * The state after a decoder prefix, whose head says the span's kind: the label-task token (a label
   * row), {@code <s> <m_k>} (modality k's span) or {@code <s>} (a next-visit span).
   */
  State after(int[] prefix) {
    State s = new State(prefix[0] == labelTask);
    int from = 1;
    if (!s.labels && prefix.length > 1 && tokens.opens(prefix[1]) >= 0) {
      s.modalitySpan = true;
      s.modality = tokens.opens(prefix[1]);
      s.phase = State.IN_BLOCK;
      from = 2;
    }
    for (int i = from; i < prefix.length; i++) s.accept(prefix[i]);
    return s;
  }

  /** Where a decoder sequence is in the grammar; {@link #accept} moves it on by one token. */
  final class State {
    private static final int SPAN_START = 0, BETWEEN_BLOCKS = 1, IN_BLOCK = 2, DONE = 3;
    private final boolean labels;
    private int phase = SPAN_START;
    /** The open block's modality, or the last closed one (-1 before any). */
    private int modality = -1;
    /** The last token of the open block or label row (-1 before any). */
    private int last = -1;
    /** A modality span ({@code <s> <m_k>}): the block's close ends it. */
    private boolean modalitySpan;
    private final BitSet fieldsTaken = new BitSet();

    private State(boolean labels) {
      this.labels = labels;
    }

    boolean done() {
      return phase == DONE;
    }

    /** Whether {@code t} may come next. */
    boolean allows(int t) {
      if (phase == DONE || t < 0 || t >= tokenCount) return false;
      if (labels) {
        if (t == tokens.eos()) return true;
        int l = t - labelBase;
        return l >= 0 && t < labelTask && t > last && (fieldOfLabel[l] < 0 || !fieldsTaken.get(fieldOfLabel[l]));
      }
      return switch (phase) {
        case SPAN_START -> t == tokens.visitOpen() || t == tokens.eos();
        case BETWEEN_BLOCKS -> t == tokens.visitClose() || (tokens.opens(t) > modality);
        default -> (codesOf[modality][t] && t > last) || (last >= 0 && t == tokens.close(tokens.modalities().get(modality)));
      };
    }

    /** Moves on by {@code t}. @throws IllegalArgumentException when the grammar does not allow it */
    void accept(int t) {
      if (!allows(t)) throw new IllegalArgumentException("token " + tokens.name(t) + " is not allowed here");
      if (labels) {
        if (t == tokens.eos()) {
          phase = DONE;
        } else {
          int f = fieldOfLabel[t - labelBase];
          if (f >= 0) fieldsTaken.set(f);
          last = t;
        }
        return;
      }
      switch (phase) {
        case SPAN_START -> phase = t == tokens.eos() ? DONE : BETWEEN_BLOCKS;
        case BETWEEN_BLOCKS -> {
          if (t == tokens.visitClose()) phase = DONE;
          else {
            modality = tokens.opens(t);
            last = -1;
            phase = IN_BLOCK;
          }
        }
        default -> {
          if (codesOf[modality][t]) last = t;
          else phase = modalitySpan ? DONE : BETWEEN_BLOCKS;
        }
      }
    }

    /** Adds to {@code bias[offset .. offset + tokens)} 0 where a token is allowed and a large negative number elsewhere. */
    void mask(float[] bias, int offset) {
      for (int t = 0; t < tokenCount; t++) bias[offset + t] = allows(t) ? 0f : DISALLOWED;
    }

    /**
     * {@code logits} (over all tokens, at {@code offset}) turned in place into the softmax over the
     * allowed tokens (0 elsewhere), computed in double precision from the largest allowed logit.
     */
    void softmax(float[] logits, int offset) {
      double max = Double.NEGATIVE_INFINITY;
      for (int t = 0; t < tokenCount; t++) if (allows(t)) max = Math.max(max, logits[offset + t]);
      if (max == Double.NEGATIVE_INFINITY) throw new IllegalStateException("the grammar allows no token here");
      double sum = 0;
      for (int t = 0; t < tokenCount; t++) {
        double e = allows(t) ? Math.exp(logits[offset + t] - max) : 0;
        logits[offset + t] = (float) e;
        sum += e;
      }
      for (int t = 0; t < tokenCount; t++) logits[offset + t] = (float) (logits[offset + t] / sum);
    }
  }

  /** The bias of a disallowed token's logit: exp of it underflows to 0 in a float softmax. */
  static final float DISALLOWED = -1e9f;
}
