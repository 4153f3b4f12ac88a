package halo.model.promptehr;

import halo.model.Rng;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The training corruptions of the paper's §3.3: the encoder reads a corrupted record X̃ ∼ q(X) and the
 * decoder is trained to produce the uncorrupted one (Eq. (3)). Every method returns a new array and
 * leaves its input as it is, so the target a caller holds stays the canonical, parsable sequence.
 *
 * <ul>
 *   <li>{@link #mask}: each code token becomes {@code <mask>} with probability p (one for one);
 *   <li>{@link #infill}: a chosen modality block loses one span of L ∼ Poisson(λ) consecutive tokens
 *       (L clipped to the block's length), replaced by a single {@code <mask>}, so the model must also
 *       infer how many codes are missing (BART's text infilling); L = 0 inserts a {@code <mask>}, and a
 *       whole block infilled is {@code <dx> <mask> </dx>}, the cloze prompt of cross-modality
 *       imputation (§3.2);
 *   <li>{@link #delete}: each code token is removed with probability p (no trace left);
 *   <li>{@link #shuffleCodes}: the codes of a modality block in random order;
 *   <li>{@link #shuffleModalities}: the modality blocks of a visit in random order, each block moved
 *       whole.
 * </ul>
 *
 * <p>None of them touches the structure: {@code <s>}, {@code </s>}, {@code <v>}, {@code </v>} and the
 * modality markers keep their order (the shuffle of modalities permutes whole blocks inside one
 * visit), and codes never leave their block, so visit boundaries and the modality of every code stay
 * readable in the encoder input. Masking, infilling and deletion act only on a block's content.
 * {@link #corrupt} applies them in the order shuffles, deletion, infilling, masking, at the
 * {@link CorruptionRates}; a block emptied by deletion is {@code <dx> </dx>} in the input.
 *
 * <p>All randomness comes from the {@link Rng} passed in: the same seed gives the same corruption.
 *
 * <p>References: Z. Wang and J. Sun, PromptEHR, EMNLP 2022, §3.3; M. Lewis et al., BART, ACL 2020, §2.2.
 */
public final class Corruptions {
  private final PromptVocabulary tokens;
  private final PromptSequence sequence;
  private final CorruptionRates rates;

  public Corruptions(PromptVocabulary tokens, CorruptionRates rates) {
    this.tokens = tokens;
    this.sequence = new PromptSequence(tokens);
    this.rates = rates;
  }

  public CorruptionRates rates() {
    return rates;
  }

  /**
   * A corrupted sequence and what was done to it.
   *
   * @param masked code tokens replaced one for one by {@code <mask>}
   * @param spans infilled spans (each now one {@code <mask>})
   * @param infilled tokens those spans removed
   * @param deleted code tokens deleted
   */
  public record Corrupted(int[] tokens, int masked, int spans, int infilled, int deleted) {
    public Corrupted {
      tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
      return tokens.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Corrupted c && Arrays.equals(tokens, c.tokens) && masked == c.masked && spans == c.spans
          && infilled == c.infilled && deleted == c.deleted;
    }

    @Override
    public int hashCode() {
      return Objects.hash(Arrays.hashCode(tokens), masked, spans, infilled, deleted);
    }

    @Override
    public String toString() {
      return "Corrupted[" + tokens.length + " tokens, masked=" + masked + ", spans=" + spans + ", infilled=" + infilled
          + ", deleted=" + deleted + "]";
    }
  }

  /**
   * The encoder input for {@code target} (a well-formed record sequence, checked): shuffles, then
   * deletion, infilling and masking at this instance's rates.
   */
  public Corrupted corrupt(int[] target, Rng rng) {
    sequence.decodeVisits(target); // a corrupted input is only meaningful against a parsable target
    int[] x = shuffleModalities(target, rates.shuffleModalities(), rng);
    x = shuffleCodes(x, rates.shuffleCodes(), rng);
    Corrupted d = delete(x, rates.delete(), rng);
    Corrupted i = infill(d.tokens(), rates.infill(), rates.lambda(), rng);
    Corrupted m = mask(i.tokens(), rates.mask(), rng);
    return new Corrupted(m.tokens(), m.masked(), i.spans(), i.infilled(), d.deleted());
  }

  // ---------------------------------------------------------------- token-level corruptions

  /** Each code token replaced by {@code <mask>} with probability {@code p}. */
  public Corrupted mask(int[] x, double p, Rng rng) {
    int[] out = x.clone();
    int masked = 0;
    for (int i = 0; i < out.length; i++) {
      if (tokens.isCode(out[i]) && rng.nextDouble() < p) {
        out[i] = tokens.mask();
        masked++;
      }
    }
    return new Corrupted(out, masked, 0, 0, 0);
  }

  /** Each code token deleted with probability {@code p}. */
  public Corrupted delete(int[] x, double p, Rng rng) {
    IntArrayList out = new IntArrayList(x.length);
    int deleted = 0;
    for (int t : x) {
      if (tokens.isCode(t) && rng.nextDouble() < p) deleted++;
      else out.add(t);
    }
    return new Corrupted(out.toIntArray(), 0, 0, 0, deleted);
  }

  /**
   * Each modality block, with probability {@code p}, loses one span of L ∼ Poisson({@code lambda})
   * consecutive content tokens (L clipped to the block's n tokens; start uniform over the n − L + 1
   * places), replaced by one {@code <mask>}.
   */
  public Corrupted infill(int[] x, double p, double lambda, Rng rng) {
    IntArrayList out = new IntArrayList(x.length + 8);
    int spans = 0, infilled = 0;
    int next = 0; // the next input token to copy
    for (Block b : blocks(x)) {
      while (next < b.from()) out.add(x[next++]); // up to and including the block's open marker
      int n = b.to() - b.from();
      if (rng.nextDouble() < p) {
        int length = Math.min(poisson(lambda, rng), n);
        int start = b.from() + rng.nextInt(n - length + 1);
        while (next < start) out.add(x[next++]);
        out.add(tokens.mask());
        next = start + length;
        spans++;
        infilled += length;
      }
      while (next < b.to()) out.add(x[next++]);
    }
    while (next < x.length) out.add(x[next++]);
    return new Corrupted(out.toIntArray(), 0, spans, infilled, 0);
  }

  // ---------------------------------------------------------------- shuffles

  /** The content of each modality block, with probability {@code p}, in random order. */
  public int[] shuffleCodes(int[] x, double p, Rng rng) {
    int[] out = x.clone();
    for (Block b : blocks(x)) {
      if (!(rng.nextDouble() < p)) continue;
      int[] order = rng.permutation(b.to() - b.from());
      for (int j = 0; j < order.length; j++) out[b.from() + j] = x[b.from() + order[j]];
    }
    return out;
  }

  /** The modality blocks of each visit, with probability {@code p}, in random order (each block whole). */
  public int[] shuffleModalities(int[] x, double p, Rng rng) {
    int[] out = x.clone();
    List<Block> all = blocks(x);
    int b = 0;
    while (b < all.size()) {
      int visit = all.get(b).visit();
      int first = b;
      while (b < all.size() && all.get(b).visit() == visit) b++;
      List<Block> inVisit = all.subList(first, b);
      if (!(rng.nextDouble() < p)) continue;
      int[] order = rng.permutation(inVisit.size());
      // the blocks of a visit are contiguous (<v> block* </v>): rewrite that stretch in the new order
      int k = inVisit.get(0).from() - 1;
      for (int j : order) {
        Block m = inVisit.get(j);
        for (int i = m.from() - 1; i <= m.to(); i++) out[k++] = x[i]; // open marker, content, close marker
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- structure

  /** A modality block: its content is {@code [from, to)}, its markers at {@code from − 1} and {@code to}. */
  record Block(int visit, int modality, int from, int to) {}

  /**
   * The modality blocks of a sequence of the record grammar whose blocks may hold {@code <mask>}
   * tokens or be empty (an encoder input being corrupted step by step).
   */
  List<Block> blocks(int[] x) {
    if (x.length == 0 || x[0] != tokens.bos()) throw new IllegalArgumentException("sequence does not start with <s>: " + sequence.render(x));
    List<Block> out = new ArrayList<>();
    int visit = -1, open = -1, from = -1;
    boolean inVisit = false;
    for (int i = 1; i < x.length; i++) {
      int t = x[i];
      if (open >= 0) {
        if (tokens.closes(t) == open) {
          out.add(new Block(visit, open, from, i));
          open = -1;
        } else if (!tokens.isCode(t) && t != tokens.mask()) {
          throw structure(x, i, "expected a code, <mask> or the close of the open block");
        }
      } else if (inVisit) {
        if (tokens.opens(t) >= 0) {
          open = tokens.opens(t);
          from = i + 1;
        } else if (t == tokens.visitClose()) {
          inVisit = false;
        } else {
          throw structure(x, i, "expected a modality block or </v>");
        }
      } else if (t == tokens.visitOpen()) {
        inVisit = true;
        visit++;
      } else if (t == tokens.eos()) {
        return out;
      } else {
        throw structure(x, i, "expected <v> or </s>");
      }
    }
    throw structure(x, x.length, "the sequence ends before </s>");
  }

  private IllegalArgumentException structure(int[] x, int position, String expected) {
    return new IllegalArgumentException("cannot corrupt: position " + position + " breaks the record structure (" + expected + "): "
        + sequence.render(x));
  }

  // ---------------------------------------------------------------- sampling

  /** A Poisson(λ) draw (Knuth's product of uniforms; λ at most 30, see {@link CorruptionRates}). */
  public static int poisson(double lambda, Rng rng) {
    double limit = Math.exp(-lambda);
    double product = rng.nextDouble();
    int k = 0;
    while (product > limit) {
      product *= rng.nextDouble();
      k++;
    }
    return k;
  }
}
