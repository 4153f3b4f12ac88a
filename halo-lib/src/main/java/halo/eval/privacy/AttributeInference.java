package halo.eval.privacy;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.eval.Sampling;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Attribute inference (paper Table 6; Part B §4.6). Records are flattened to their set of codes.
 * Targets: the training split subsampled without replacement to n = min(|train|, |test|). The
 * attacker knows each target's labels and which of the {@code knownCodes} most frequent codes (counted
 * per record in the target sample) it has; it finds the K nearest reference records by the size of the
 * symmetric difference of these known attributes (ties keep the earlier reference) and predicts the
 * hidden codes present in more than K/2 of them. Micro F1 = TP / (TP + (FP + FN) / 2) over targets.
 * References: the non-empty synthetic records subsampled to n (the attack), and the real test set (the
 * baseline an attacker gets without the synthetic data).
 *
 * <p>Known attributes are packed into bit sets (L + knownCodes bits) so a comparison is a few popcounts.
 * Lower attack F1 is better; an attack F1 at or below the baseline means no extra leakage.
 */
public record AttributeInference(int knownCodes, int neighbours, long seed) {
  public AttributeInference {
    if (knownCodes < 0 || neighbours < 1) {
      throw new IllegalArgumentException("knownCodes must be >= 0 and neighbours >= 1, got " + knownCodes + ", " + neighbours);
    }
  }

  /** The authors' 100 known codes, K = 1, seed 4. */
  public static AttributeInference standard() {
    return new AttributeInference(100, 1, 4);
  }

  /** The same sizes with another seed for the draws. */
  public AttributeInference withSeed(long s) {
    return new AttributeInference(knownCodes, neighbours, s);
  }

  /**
   * Two rows: reference = source name (the attack) and "real test (baseline)". Columns: source,
   * reference, targets, references, known_codes, k, tp, fp, fn, f1.
   */
  public Table of(String source, EncodedCohort train, EncodedCohort test, EncodedCohort synthetic, int labelCount,
      int codeSpace) {
    int n = Math.min(train.size(), test.size());
    SplittableRandom r = new SplittableRandom(seed);
    List<EncodedPatient> targets = Sampling.withoutReplacement(train.patients(), n, r);
    List<EncodedPatient> syn = synthetic.nonEmpty().patients();
    List<EncodedPatient> reference = Sampling.withoutReplacement(syn, Math.min(n, syn.size()), r);
    int[] known = knownCodeSlots(targets, codeSpace);
    Table t = Table.create("Attribute inference (lower F1 is better; compare with the baseline)",
        StringColumn.create("source"), StringColumn.create("reference"), IntColumn.create("targets"),
        IntColumn.create("references"), IntColumn.create("known_codes"), IntColumn.create("k"),
        LongColumn.create("tp"), LongColumn.create("fp"), LongColumn.create("fn"), DoubleColumn.create("f1"));
    append(t, source, source, targets, reference, known, labelCount);
    append(t, source, "real test (baseline)", targets, test.patients(), known, labelCount);
    return t;
  }

  /** slot[c] = bit position of known code c (after the L label bits), or -1 for hidden codes. */
  int[] knownCodeSlots(List<EncodedPatient> targets, int codeSpace) {
    long[] freq = new long[codeSpace];
    for (EncodedPatient p : targets) for (int c : flatten(p)) freq[c]++;
    int[] top = IntStream.range(0, codeSpace).boxed().filter(c -> freq[c] > 0)
        .sorted((a, b) -> freq[a] != freq[b] ? Long.compare(freq[b], freq[a]) : Integer.compare(a, b))
        .limit(knownCodes).mapToInt(Integer::intValue).toArray();
    int[] slot = new int[codeSpace];
    Arrays.fill(slot, -1);
    for (int i = 0; i < top.length; i++) slot[top[i]] = i;
    return slot;
  }

  private void append(Table t, String source, String name, List<EncodedPatient> targets, List<EncodedPatient> refs,
      int[] slot, int labelCount) {
    int known = (int) Arrays.stream(slot).filter(s -> s >= 0).count();
    int words = (labelCount + known + 63) / 64;
    long[][] refBits = new long[refs.size()][];
    int[][] refHidden = new int[refs.size()][];
    for (int i = 0; i < refs.size(); i++) {
      refBits[i] = bits(refs.get(i), slot, labelCount, words);
      refHidden[i] = hidden(refs.get(i), slot);
    }
    long[][] counts = new long[targets.size()][];
    IntStream.range(0, targets.size()).parallel().forEach(q -> {
      long[] bits = bits(targets.get(q), slot, labelCount, words);
      int[] nearest = nearest(bits, refBits, Math.min(neighbours, refs.size()));
      int[] predicted = vote(nearest, refHidden);
      int[] truth = hidden(targets.get(q), slot);
      int common = commonCount(predicted, truth);
      counts[q] = new long[] {common, predicted.length - common, truth.length - common};
    });
    long tp = 0, fp = 0, fn = 0;
    for (long[] c : counts) {
      tp += c[0];
      fp += c[1];
      fn += c[2];
    }
    t.stringColumn("source").append(source);
    t.stringColumn("reference").append(name);
    t.intColumn("targets").append(targets.size());
    t.intColumn("references").append(refs.size());
    t.intColumn("known_codes").append(known);
    t.intColumn("k").append(neighbours);
    t.longColumn("tp").append(tp);
    t.longColumn("fp").append(fp);
    t.longColumn("fn").append(fn);
    t.doubleColumn("f1").append(tp + fp + fn == 0 ? Double.NaN : tp / (tp + 0.5 * (fp + fn)));
  }

  /** Indices of the k nearest references (stable: earlier wins ties), nearest first. */
  private static int[] nearest(long[] q, long[][] refs, int k) {
    int[] best = new int[k];
    int[] bestD = new int[k];
    Arrays.fill(bestD, Integer.MAX_VALUE);
    for (int s = 0; s < refs.length; s++) {
      int d = 0;
      long[] r = refs[s];
      for (int w = 0; w < q.length; w++) d += Long.bitCount(q[w] ^ r[w]);
      if (d < bestD[k - 1]) {
        int pos = k - 1;
        while (pos > 0 && bestD[pos - 1] > d) {
          bestD[pos] = bestD[pos - 1];
          best[pos] = best[pos - 1];
          pos--;
        }
        bestD[pos] = d;
        best[pos] = s;
      }
    }
    return best;
  }

  /** Hidden codes present in more than K/2 of the neighbours, sorted. */
  private static int[] vote(int[] nearest, int[][] hidden) {
    if (nearest.length == 1) return hidden[nearest[0]];
    it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap votes = new it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap();
    for (int s : nearest) for (int c : hidden[s]) votes.addTo(c, 1);
    List<Integer> out = new ArrayList<>();
    votes.forEach((c, v) -> {
      if (v > nearest.length / 2.0) out.add(c);
    });
    return out.stream().mapToInt(Integer::intValue).sorted().toArray();
  }

  private static long[] bits(EncodedPatient p, int[] slot, int labelCount, int words) {
    long[] b = new long[words];
    for (int l : p.labels()) b[l >>> 6] |= 1L << (l & 63);
    for (int c : flatten(p)) {
      if (slot[c] >= 0) {
        int i = labelCount + slot[c];
        b[i >>> 6] |= 1L << (i & 63);
      }
    }
    return b;
  }

  private static int[] hidden(EncodedPatient p, int[] slot) {
    return Arrays.stream(flatten(p)).filter(c -> slot[c] < 0).toArray();
  }

  private static int commonCount(int[] a, int[] b) {
    int i = 0, j = 0, n = 0;
    while (i < a.length && j < b.length) {
      if (a[i] == b[j]) {
        n++;
        i++;
        j++;
      } else if (a[i] < b[j]) i++;
      else j++;
    }
    return n;
  }

  static int[] flatten(EncodedPatient p) {
    return Arrays.stream(p.visits()).flatMapToInt(Arrays::stream).sorted().distinct().toArray();
  }
}
