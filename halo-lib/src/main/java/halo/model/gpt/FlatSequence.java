package halo.model.gpt;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The flat token sequence of a record for the GPT baseline (protocol Part B §2.5, issue #6): one
 * token per code instead of HALO's multi-hot rows,
 *
 * <pre>
 *   start, label tokens (ascending), end-of-labels, visit 1's codes (ascending), end-of-visit, ...,
 *   visit n's codes, end-of-visit, end-of-record
 * </pre>
 *
 * Token ids: codes 0..C−1 and labels C..C+L−1 as in the {@link Vocabulary}, then start, end-of-labels,
 * end-of-visit, end-of-record and pad. Codes inside a visit follow the vocabulary's order (the
 * authors' code uses Python set order, which is not reproducible: protocol Part B §5).
 *
 * <p>A record is 3 + labels + Σ(codes + 1) tokens long — on the default cohort about 10× HALO's
 * rows (8,495 training records: mean 367 tokens, median 325, 95th percentile 838, maximum 1,362; a
 * cap of 512 cuts 16.4% of records, 1,024 cuts 1.6%) — the problem the paper describes. Records
 * longer than the cap keep their most recent visits that fit (as HALO keeps its last visits), and
 * {@link Encoded} says how many visits were cut; a record whose labels and last visit alone exceed
 * the cap keeps that visit's first codes.
 */
public final class FlatSequence {
  private final int codes;
  private final int labels;

  public FlatSequence(Vocabulary v) {
    this.codes = v.codeCount();
    this.labels = v.labelCount();
  }

  public int start() {
    return codes + labels;
  }

  public int endOfLabels() {
    return codes + labels + 1;
  }

  public int endOfVisit() {
    return codes + labels + 2;
  }

  public int endOfRecord() {
    return codes + labels + 3;
  }

  public int pad() {
    return codes + labels + 4;
  }

  /** Number of token ids. */
  public int size() {
    return codes + labels + 5;
  }

  /**
   * A record's tokens, at most {@code cap} long.
   *
   * @param cutVisits visits left out (the oldest) so the sequence fits the cap
   * @param cutCodes codes left out of the one kept visit when even it does not fit
   */
  public record Encoded(int[] tokens, int cutVisits, int cutCodes) {
    public boolean cut() {
      return cutVisits > 0 || cutCodes > 0;
    }
  }

  public Encoded encode(EncodedPatient p, int cap) {
    int fixed = 3 + p.labels().length; // start, labels, end-of-labels, end-of-record
    if (cap < fixed + 1) {
      throw new IllegalArgumentException("a cap of " + cap + " tokens cannot hold record " + p.id() + "'s " + p.labels().length
          + " labels and one visit token; use at least " + (fixed + 1));
    }
    int[][] visits = p.visits();
    int first = visits.length;
    int length = fixed;
    while (first > 0 && length + visits[first - 1].length + 1 <= cap) length += visits[--first].length + 1;
    int cutCodes = 0;
    int[] partial = null;
    if (first == visits.length && visits.length > 0) { // not even the last visit fits: keep its first codes
      int room = cap - fixed - 1;
      partial = Arrays.copyOf(visits[visits.length - 1], room);
      cutCodes = visits[visits.length - 1].length - room;
      first = visits.length - 1;
      length = cap;
    }
    int[] out = new int[length];
    int k = 0;
    out[k++] = start();
    for (int l : p.labels()) out[k++] = codes + l;
    out[k++] = endOfLabels();
    for (int t = first; t < visits.length; t++) {
      for (int c : partial != null ? partial : visits[t]) out[k++] = c;
      out[k++] = endOfVisit();
    }
    out[k++] = endOfRecord();
    return new Encoded(out, first, cutCodes);
  }

  /**
   * The record a generated sequence describes: labels are the label tokens before end-of-labels,
   * visits the code tokens between end-of-visit tokens, up to end-of-record or the sequence's end (an
   * unfinished last visit is kept). Tokens out of place (a code among the labels, a label or a repeat
   * inside a visit, specials other than the expected ones) are ignored and counted in
   * {@link Decoded#ignored()}; empty visits are dropped and counted.
   */
  public record Decoded(EncodedPatient patient, int ignored, int emptyVisits) {}

  public Decoded decode(String id, int[] tokens) {
    List<Integer> labelList = new ArrayList<>();
    List<int[]> visits = new ArrayList<>();
    TreeSet<Integer> visit = new TreeSet<>();
    int ignored = 0, empty = 0;
    boolean inLabels = true;
    int i = tokens.length > 0 && tokens[0] == start() ? 1 : 0;
    for (; i < tokens.length; i++) {
      int t = tokens[i];
      if (t == endOfRecord()) break;
      if (inLabels) {
        if (t == endOfLabels()) inLabels = false;
        else if (t >= codes && t < codes + labels && !labelList.contains(t - codes)) labelList.add(t - codes);
        else ignored++;
      } else if (t == endOfVisit()) {
        if (visit.isEmpty()) empty++;
        else visits.add(visit.stream().mapToInt(Integer::intValue).toArray());
        visit.clear();
      } else if (t >= 0 && t < codes && visit.add(t)) {
        // a code of the current visit
      } else {
        ignored++;
      }
    }
    if (!visit.isEmpty()) visits.add(visit.stream().mapToInt(Integer::intValue).toArray());
    int[] ls = labelList.stream().mapToInt(Integer::intValue).sorted().toArray();
    return new Decoded(new EncodedPatient(id, ls, visits.toArray(int[][]::new)), ignored, empty);
  }
}
