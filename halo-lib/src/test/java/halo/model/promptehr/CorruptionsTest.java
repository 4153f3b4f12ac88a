package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.EncodedPatient;
import halo.model.Rng;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The §3.3 corruptions: Poisson(3) spans, structure never touched, exact counts, shuffles that are
 * permutations inside their visit or block, and the same corruption from the same seed. Statistical
 * checks use a fixed seed and a tolerance of four standard errors of the sample size.
 */
class CorruptionsTest {
  static PromptVocabulary tokens;
  static Corruptions corruptions;
  /** Canonical sequences of 300 training records of the default cohort. */
  static List<int[]> sample;

  @BeforeAll
  static void load() throws IOException {
    Dataset d = Dataset.loadDefault();
    tokens = PromptVocabulary.of(d.vocabulary());
    corruptions = new Corruptions(tokens, CorruptionRates.paper());
    PromptSequence s = new PromptSequence(tokens);
    sample = d.train().patients().subList(0, 300).stream().map(s::encode).toList();
  }

  /** The tokens that are neither codes nor masks: {@code <s>}, {@code </s>} and all markers, in order. */
  static int[] structure(int[] x) {
    return Arrays.stream(x).filter(t -> !tokens.isCode(t) && t != tokens.mask()).toArray();
  }

  /** Positions and ids of {@code <s> </s> <v> </v>}. */
  static String visitFrame(int[] x) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < x.length; i++) {
      if (x[i] == tokens.bos() || x[i] == tokens.eos() || x[i] == tokens.visitOpen() || x[i] == tokens.visitClose()) b.append(i).append(':').append(x[i]).append(' ');
    }
    return b.toString();
  }

  static int[] sorted(int[] x) {
    int[] s = x.clone();
    Arrays.sort(s);
    return s;
  }

  static long codes() {
    return sample.stream().mapToLong(x -> Arrays.stream(x).filter(tokens::isCode).count()).sum();
  }

  /** |observed − expected| within four binomial standard errors of n trials. */
  static void assertRate(double expected, long hits, long n, String what) {
    double tolerance = 4 * Math.sqrt(expected * (1 - expected) / n);
    assertEquals(expected, (double) hits / n, tolerance, what + ": " + hits + " of " + n);
  }

  @Test
  void givenManyPoissonDraws_whenSummarised_thenMeanAndVarianceAreThree() {
    int n = 100_000;
    Rng rng = new Rng(42);
    long[] counts = new long[64];
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) {
      int k = Corruptions.poisson(3, rng);
      counts[k]++;
      sum += k;
      sq += (double) k * k;
    }
    double mean = sum / n, variance = sq / n - mean * mean;
    // standard error of the mean sqrt(λ/n) = 0.0055; of the variance sqrt((μ4 − σ⁴)/n) with the
    // Poisson's central fourth moment μ4 = λ + 3λ² = 30 and σ⁴ = 9: sqrt(21/n) = 0.0145
    assertEquals(3, mean, 4 * Math.sqrt(3.0 / n), "mean");
    assertEquals(3, variance, 4 * Math.sqrt(21.0 / n), "variance");
    double pmf = Math.exp(-3);
    for (int k = 0; k < 10; k++) { // P(k) = e^-3 3^k / k!
      assertRate(pmf, counts[k], n, "P(" + k + ")");
      pmf *= 3.0 / (k + 1);
    }
  }

  @Test
  void givenLongBlock_whenInfilled_thenOnePoissonSpanBecomesOneMask() {
    PromptVocabulary t = PromptVocabulary.of(PromptFixtures.diagnoses(120));
    Corruptions c = new Corruptions(t, CorruptionRates.paper());
    int[] x = new PromptSequence(t).encode(new EncodedPatient("long", new int[0], new int[][] {IntStream.range(0, 120).toArray()}));
    // <s> <v> <dx> 120 codes </dx> </v> </s>: content at [3, 123); P(L > 120) is nil, so L is never clipped
    int n = 20_000;
    Rng rng = new Rng(3);
    double sum = 0, sq = 0;
    for (int i = 0; i < n; i++) {
      Corruptions.Corrupted out = c.infill(x, 1, 3, rng);
      int[] y = out.tokens();
      int length = x.length - y.length + 1;
      assertEquals(1, out.spans());
      assertEquals(length, out.infilled());
      int m = IntStream.range(0, y.length).filter(j -> y[j] == t.mask()).findFirst().orElseThrow();
      assertEquals(1, Arrays.stream(y).filter(j -> j == t.mask()).count());
      assertArrayEquals(Arrays.copyOfRange(x, 0, m), Arrays.copyOfRange(y, 0, m)); // before the span
      assertArrayEquals(Arrays.copyOfRange(x, m + length, x.length), Arrays.copyOfRange(y, m + 1, y.length)); // after it
      assertTrue(m >= 3 && m + length <= 123, "span inside the block");
      sum += length;
      sq += (double) length * length;
    }
    double mean = sum / n;
    assertEquals(3, mean, 4 * Math.sqrt(3.0 / n), "mean span length");
    assertEquals(3, sq / n - mean * mean, 4 * Math.sqrt(21.0 / n), "span length variance");
  }

  @Test
  void givenRecords_whenMasked_thenOnlyCodesBecomeMasksOneForOne() {
    Rng rng = new Rng(11);
    long masked = 0;
    for (int[] x : sample) {
      Corruptions.Corrupted out = corruptions.mask(x, 0.15, rng);
      int[] y = out.tokens();
      assertEquals(x.length, y.length);
      int changed = 0;
      for (int i = 0; i < x.length; i++) {
        if (!tokens.isCode(x[i])) assertEquals(x[i], y[i], "structure token at " + i);
        else if (y[i] != x[i]) {
          assertEquals(tokens.mask(), y[i]);
          changed++;
        }
      }
      assertEquals(changed, out.masked());
      masked += changed;
    }
    assertRate(0.15, masked, codes(), "masked share of codes");
  }

  @Test
  void givenRecords_whenInfilled_thenMarkersUntouchedAndEachChosenBlockLosesOneSpan() {
    Rng rng = new Rng(12);
    long blocks = 0, chosen = 0;
    for (int[] x : sample) {
      Corruptions.Corrupted out = corruptions.infill(x, 1.0 / 3, 3, rng);
      int[] y = out.tokens();
      assertArrayEquals(structure(x), structure(y), "markers, <s> and </s> unchanged and in order");
      assertEquals(out.spans(), Arrays.stream(y).filter(t -> t == tokens.mask()).count());
      assertEquals(x.length - out.infilled() + out.spans(), y.length);
      List<Corruptions.Block> before = corruptions.blocks(x), after = corruptions.blocks(y);
      assertEquals(before.size(), after.size());
      int spans = 0, removed = 0;
      for (int b = 0; b < before.size(); b++) {
        int[] in = Arrays.copyOfRange(x, before.get(b).from(), before.get(b).to());
        int[] got = Arrays.copyOfRange(y, after.get(b).from(), after.get(b).to());
        int m = IntStream.range(0, got.length).filter(j -> got[j] == tokens.mask()).findFirst().orElse(-1);
        if (m < 0) {
          assertArrayEquals(in, got, "a block not chosen is unchanged");
          continue;
        }
        int length = in.length - got.length + 1; // got = in[0, m) + <mask> + in[m + length, n)
        assertArrayEquals(Arrays.copyOfRange(in, 0, m), Arrays.copyOfRange(got, 0, m));
        assertArrayEquals(Arrays.copyOfRange(in, m + length, in.length), Arrays.copyOfRange(got, m + 1, got.length));
        spans++;
        removed += length;
      }
      assertEquals(out.spans(), spans);
      assertEquals(out.infilled(), removed);
      blocks += before.size();
      chosen += spans;
    }
    assertRate(1.0 / 3, chosen, blocks, "share of blocks infilled");
  }

  @Test
  void givenRecords_whenDeleted_thenShorterByExactlyTheDeletedCodes() {
    Rng rng = new Rng(13);
    long deleted = 0;
    for (int[] x : sample) {
      Corruptions.Corrupted out = corruptions.delete(x, 0.15, rng);
      int[] y = out.tokens();
      assertEquals(x.length - out.deleted(), y.length);
      // y is x with code tokens removed and nothing else: walk both
      int j = 0, skipped = 0;
      for (int t : x) {
        if (j < y.length && y[j] == t) j++;
        else {
          assertTrue(tokens.isCode(t), "only codes are deleted, not " + tokens.name(t));
          skipped++;
        }
      }
      assertEquals(y.length, j);
      assertEquals(out.deleted(), skipped);
      assertArrayEquals(structure(x), structure(y));
      deleted += out.deleted();
    }
    assertRate(0.15, deleted, codes(), "deleted share of codes");
  }

  @Test
  void givenRecords_whenCodesShuffled_thenPermutationWithinEachBlock() {
    PromptSequence s = new PromptSequence(tokens);
    Rng rng = new Rng(14);
    int changed = 0;
    for (int[] x : sample) {
      int[] y = corruptions.shuffleCodes(x, 1, rng);
      assertArrayEquals(sorted(x), sorted(y), "same multiset");
      for (int i = 0; i < x.length; i++) if (!tokens.isCode(x[i])) assertEquals(x[i], y[i], "markers stay in place at " + i);
      assertTrue(Arrays.deepEquals(s.decodeVisits(x), s.decodeVisits(y)), "every code stays in its visit and modality");
      if (!Arrays.equals(x, y)) changed++;
    }
    assertTrue(changed > sample.size() / 2, "shuffled " + changed + " of " + sample.size());
  }

  @Test
  void givenRecords_whenModalitiesShuffled_thenWholeBlocksPermutedWithinEachVisit() {
    PromptSequence s = new PromptSequence(tokens);
    Rng rng = new Rng(15);
    int changed = 0;
    for (int[] x : sample) {
      int[] y = corruptions.shuffleModalities(x, 1, rng);
      assertArrayEquals(sorted(x), sorted(y), "same multiset");
      assertEquals(visitFrame(x), visitFrame(y), "same visit boundaries");
      assertTrue(Arrays.deepEquals(s.decodeVisits(x), s.decodeVisits(y)), "every code stays in its visit and modality");
      // each block moved whole: per visit and modality, the same content in the same order
      for (Corruptions.Block b : corruptions.blocks(y)) {
        Corruptions.Block a = corruptions.blocks(x).stream().filter(o -> o.visit() == b.visit() && o.modality() == b.modality()).findFirst().orElseThrow();
        assertArrayEquals(Arrays.copyOfRange(x, a.from(), a.to()), Arrays.copyOfRange(y, b.from(), b.to()));
      }
      if (!Arrays.equals(x, y)) changed++;
    }
    assertTrue(changed > sample.size() / 2, "shuffled " + changed + " of " + sample.size());
  }

  @Test
  void givenSameSeed_whenCorrupted_thenSameInputAndTargetUntouched() {
    int differ = 0;
    for (int[] x : sample) {
      int[] copy = x.clone();
      Corruptions.Corrupted a = corruptions.corrupt(x, new Rng(7)), b = corruptions.corrupt(x, new Rng(7));
      assertEquals(a, b); // tokens and counts
      assertArrayEquals(copy, x, "the target is never modified");
      if (!Arrays.equals(a.tokens(), corruptions.corrupt(x, new Rng(8)).tokens())) differ++;
    }
    assertTrue(differ > sample.size() * 9 / 10, "another seed gives another corruption: " + differ + " of " + sample.size());
  }

  @Test
  void givenPaperRates_whenCorrupted_thenVisitFramesAndModalitySetsKept() {
    Rng rng = new Rng(16);
    for (int[] x : sample) {
      Corruptions.Corrupted out = corruptions.corrupt(x, rng);
      int[] y = out.tokens();
      // <s> <v> </v> ... </s> in the same order (positions move with deletion and infilling)
      int[] frame = {tokens.bos(), tokens.eos(), tokens.visitOpen(), tokens.visitClose()};
      assertArrayEquals(Arrays.stream(x).filter(t -> Arrays.stream(frame).anyMatch(f -> f == t)).toArray(),
          Arrays.stream(y).filter(t -> Arrays.stream(frame).anyMatch(f -> f == t)).toArray());
      // per visit, the same modality blocks (in any order)
      List<Corruptions.Block> a = corruptions.blocks(x), b = corruptions.blocks(y);
      assertEquals(a.size(), b.size());
      assertArrayEquals(a.stream().mapToLong(k -> 100L * k.visit() + k.modality()).sorted().toArray(),
          b.stream().mapToLong(k -> 100L * k.visit() + k.modality()).sorted().toArray());
      long codesLeft = Arrays.stream(y).filter(tokens::isCode).count();
      assertEquals(Arrays.stream(x).filter(tokens::isCode).count() - out.deleted() - out.infilled() - out.masked(), codesLeft);
    }
    int[] x = sample.get(0);
    assertArrayEquals(x, new Corruptions(tokens, CorruptionRates.none()).corrupt(x, new Rng(1)).tokens(), "no corruption at rates none()");
  }

  @Test
  void givenMalformedTargetOrRates_whenCorrupting_thenRejected() {
    int[] x = sample.get(0).clone();
    x[x.length - 1] = tokens.visitOpen();
    assertThrows(MalformedSequenceException.class, () -> corruptions.corrupt(x, new Rng(1)));
    var e = assertThrows(IllegalArgumentException.class, () -> CorruptionRates.paper().withDelete(-0.1));
    assertTrue(e.getMessage().contains("-0.1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CorruptionRates.paper().withLambda(0));
    assertFalse(CorruptionRates.paper().equals(CorruptionRates.none()));
  }
}
