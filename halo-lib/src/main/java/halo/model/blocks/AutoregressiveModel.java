package halo.model.blocks;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.HaloConfig;
import halo.model.LabelConditioning;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import halo.model.RowSampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * A model that samples a record one row at a time given the rows before it (GPT: one flat token at a
 * time), through a session that keeps the recurrent state: HALO, HALO-Coarse, the LSTM, GPT and
 * SynTEG. Because every sampled row follows a forced prefix, these models can be given a label row
 * ({@link LabelConditioning}) and continue a record ({@link #continueRecords}: a subclass whose records
 * have visits to continue declares {@link PrefixContinuation}); whole unconditional records are the
 * continuation of the start row. Records leave the session batch as they finish.
 */
public abstract class AutoregressiveModel extends VisitModel implements LabelConditioning {
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

  /** {@link PrefixContinuation#continueRecords}, for the subclasses that declare it. */
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
   * Each record's next visit given all its rows (start, labels, visits; the most recent visits that
   * fit the context), sampled by the session exactly as generation samples it: the row after the
   * history, its codes only (an end token means the record would end with that visit; an empty array
   * when the row holds nothing else). Records are sampled in groups of equal history length, in order.
   */
  protected final List<int[]> imputeNextRows(List<EncodedPatient> histories, Rng rng) {
    int[][][] prefixes = historyRows(histories);
    int[][] out = new int[histories.size()][];
    for (int[] group : byLength(prefixes)) {
      int len = prefixes[group[0]].length;
      List<int[][]> ps = new ArrayList<>(group.length);
      for (int i : group) ps.add(prefixes[i]);
      List<int[][]> rows = sampleSequences(ps, rng, len + 1, (t, row) -> false);
      for (int g = 0; g < group.length; g++) out[group[g]] = codesOf(rows.get(g)[len]);
    }
    return Arrays.asList(out);
  }

  /**
   * Each record's last visit with its codes of {@code modality} drawn afresh from the session's
   * per-code probabilities for that visit given the rows before it: exact for a model whose codes
   * within a visit are independent given the history (HALO-Coarse, the LSTM), where the other codes
   * of the visit carry no information about them. The visit's other codes are kept as given.
   */
  protected final List<int[]> imputeIndependentCodes(List<EncodedPatient> records, CodeKind modality, Rng rng) {
    List<EncodedPatient> histories = new ArrayList<>(records.size());
    for (EncodedPatient p : records) {
      if (p.visitCount() == 0) throw new IllegalArgumentException("record " + p.id() + " has no visit to impute " + modality.prefix() + " codes in");
      histories.add(new EncodedPatient(p.id(), p.labels(), Arrays.copyOf(p.visits(), p.visitCount() - 1)));
    }
    int[][][] prefixes = historyRows(histories);
    int[][] out = new int[records.size()][];
    for (int[] group : byLength(prefixes)) {
      int len = prefixes[group[0]].length;
      try (RowSampling.Session s = openSampling(group.length)) {
        for (int t = 0; t < len; t++) {
          int[][] fed = new int[group.length][];
          for (int g = 0; g < group.length; g++) fed[g] = prefixes[group[g]][t];
          s.feed(fed);
        }
        int[][] given = new int[group.length][];
        for (int g = 0; g < group.length; g++) {
          int[][] visits = records.get(group[g]).visits();
          given[g] = Arrays.stream(visits[visits.length - 1]).filter(c -> vocabulary.code(c).kind() != modality).toArray();
        }
        float[][] p = s.probabilities(given);
        for (int g = 0; g < group.length; g++) {
          TreeSet<Integer> visit = new TreeSet<>();
          for (int c : given[g]) visit.add(c);
          for (int c = 0; c < vocabulary.codeCount(); c++) {
            if (vocabulary.code(c).kind() == modality && rng.nextFloat() < config.sampling().bernoulli(p[g][c])) visit.add(c);
          }
          out[group[g]] = visit.stream().mapToInt(Integer::intValue).toArray();
        }
      }
    }
    return Arrays.asList(out);
  }

  /** Rows of each record without the end token, keeping the most recent visits that leave room for one more row in the context. */
  private int[][][] historyRows(List<EncodedPatient> records) {
    int maxVisits = Math.max(0, config.model().context() - 3);
    int[][][] out = new int[records.size()][][];
    for (int i = 0; i < out.length; i++) {
      EncodedPatient p = records.get(i);
      if (p.visitCount() > maxVisits) p = p.lastVisits(maxVisits);
      int[][] rows = RecordLayout.rows(p, vocabulary);
      int[] last = rows[rows.length - 1]; // the layout puts the end token last in the last row (the label row when there is no visit)
      rows[rows.length - 1] = Arrays.copyOf(last, last.length - 1);
      out[i] = rows;
    }
    return out;
  }

  /** Indices grouped by prefix length, shortest first, in order within a group. */
  private static List<int[]> byLength(int[][][] prefixes) {
    TreeMap<Integer, List<Integer>> groups = new TreeMap<>();
    for (int i = 0; i < prefixes.length; i++) groups.computeIfAbsent(prefixes[i].length, k -> new ArrayList<>()).add(i);
    List<int[]> out = new ArrayList<>();
    for (List<Integer> g : groups.values()) out.add(g.stream().mapToInt(Integer::intValue).toArray());
    return out;
  }

  /** The codes of a sampled row (no label, start, end or pad tokens). */
  private int[] codesOf(int[] row) {
    return Arrays.stream(row).filter(t -> t < vocabulary.codeCount()).toArray();
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
