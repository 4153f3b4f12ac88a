package halo.model.blocks;

import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.LabelConditioning;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import halo.model.RowSampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A model that samples a record one row at a time given the rows before it (GPT: one flat token at a
 * time), through a session that keeps the recurrent state: HALO, HALO-Coarse, the LSTM, GPT and
 * SynTEG. Because every sampled row follows a forced prefix, these models can be given a label row
 * ({@link LabelConditioning}) and continue a record ({@link PrefixContinuation}); whole unconditional
 * records are the continuation of the start row. Records leave the session batch as they finish.
 */
public abstract class AutoregressiveModel extends VisitModel implements LabelConditioning, PrefixContinuation {
  protected AutoregressiveModel(HaloConfig config, Vocabulary vocabulary) {
    super(config, vocabulary);
  }

  /** Opens a generation session for {@code n} records over the rows {@link #sampleRows} feeds it. */
  protected abstract RowSampling.Session openSampling(int n);

  @Override
  public List<int[][]> sample(int n, Rng rng) {
    return sampleRows(startRows(n), rng);
  }

  @Override
  public List<int[][]> sampleWithLabelRows(List<int[]> labelRows, Rng rng) {
    List<int[][]> prefixes = new ArrayList<>(labelRows.size());
    for (int[] row : labelRows) prefixes.add(new int[][] {{vocabulary.startToken()}, row});
    return sampleRows(prefixes, rng);
  }

  @Override
  public List<int[][]> continueRecords(List<int[][]> prefixes, Rng rng) {
    return sampleRows(prefixes, rng);
  }

  /** The label row alone: the session samples the one row after the start row. */
  @Override
  public List<int[]> sampleLabelRows(int n, Rng rng) {
    List<int[]> out = new ArrayList<>(n);
    for (int[][] rows : sampleSequences(startRows(n), rng, 2, (t, row) -> true)) out.add(rows[1]);
    return out;
  }

  /**
   * Samples the rows that follow each prefix (its start row first; optionally a label row and real
   * visits), returning every record's full rows: the prefix, then sampled rows up to and including
   * the first visit row holding the end token, or until the context is full.
   */
  protected List<int[][]> sampleRows(List<int[][]> prefixes, Rng rng) {
    int end = vocabulary.endToken();
    return sampleSequences(prefixes, rng, config.model().context(), (t, row) -> t >= 2 && Arrays.binarySearch(row, end) >= 0);
  }

  /**
   * The session loop behind {@link #sampleRows}: feeds each prefix's rows (forced) and then sampled
   * rows, one step for all records at once, until {@code finished(t, row)} holds for a record's row
   * {@code t} or it has {@code limit} rows.
   */
  protected final List<int[][]> sampleSequences(List<int[][]> prefixes, Rng rng, int limit, BiPredicate<Integer, int[]> finished) {
    int n = prefixes.size();
    List<List<int[]>> rows = new ArrayList<>(n);
    for (int[][] p : prefixes) {
      if (p.length == 0 || p.length >= limit) {
        throw new IllegalArgumentException("a prefix needs 1.." + (limit - 1) + " rows, got " + p.length);
      }
      rows.add(new ArrayList<>(List.of(p[0])));
    }
    try (RowSampling.Session s = openSampling(n)) {
      int[] active = new int[n];
      int[][] first = new int[n][];
      for (int i = 0; i < n; i++) {
        active[i] = i;
        first[i] = prefixes.get(i)[0];
      }
      s.feed(first);
      for (int t = 1; active.length > 0; t++) {
        int[] toSample = new int[active.length];
        int ns = 0;
        for (int a = 0; a < active.length; a++) if (prefixes.get(active[a]).length <= t) toSample[ns++] = a;
        int[][] sampled = ns == 0 ? new int[0][] : s.sample(Arrays.copyOf(toSample, ns), rng);
        int[] keep = new int[active.length];
        int nk = 0;
        int k = 0;
        int[][] fed = new int[active.length][];
        for (int a = 0; a < active.length; a++) {
          int rec = active[a];
          int[] row = prefixes.get(rec).length > t ? prefixes.get(rec)[t] : sampled[k++];
          rows.get(rec).add(row);
          if (!finished.test(t, row) && t < limit - 1) {
            fed[nk] = row;
            keep[nk++] = a;
          }
        }
        int[] next = new int[nk];
        for (int i = 0; i < nk; i++) next[i] = active[keep[i]];
        if (nk > 0) {
          s.keep(Arrays.copyOf(keep, nk));
          s.feed(Arrays.copyOf(fed, nk));
        }
        active = next;
      }
    }
    List<int[][]> out = new ArrayList<>(n);
    for (List<int[]> r : rows) out.add(r.toArray(int[][]::new));
    return out;
  }
}
