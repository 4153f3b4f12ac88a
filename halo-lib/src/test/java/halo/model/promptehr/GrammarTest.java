package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The decoder's grammar accepts exactly the canonical spans: every visit, modality and label span of
 * real records is accepted token by token, and a walk that picks any allowed token at every step
 * always ends in a span {@link PromptSequence} decodes (so a model sampling from softmaxes over the
 * allowed tokens never produces a malformed visit).
 */
class GrammarTest {
  static final Vocabulary VOC = PromptFixtures.vocabulary();
  static final PromptVocabulary TOKENS = PromptVocabulary.of(VOC);
  static final int LABEL_BASE = TOKENS.size(), LABEL_TASK = LABEL_BASE + VOC.labelCount(), COUNT = LABEL_TASK + 1;
  /** Labels: 0 diabetes, 1 ckd (chronic); 2, 3 birth; 4, 5 race; 6, 7 sex. */
  static final int[] FIELD = {-1, -1, 0, 0, 1, 1, 2, 2};
  static final Grammar G = new Grammar(TOKENS, LABEL_BASE, LABEL_TASK, COUNT, FIELD);
  static final PromptSequence SEQ = new PromptSequence(TOKENS);

  static List<EncodedPatient> records(int n, long seed) {
    Random r = new Random(seed);
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[][] visits = new int[1 + r.nextInt(4)][];
      for (int t = 0; t < visits.length; t++) {
        TreeSet<Integer> v = new TreeSet<>();
        for (int j = r.nextInt(6); j > 0; j--) v.add(r.nextInt(VOC.codeCount()));
        visits[t] = v.stream().mapToInt(Integer::intValue).toArray();
      }
      out.add(new EncodedPatient("r" + i, new int[0], visits));
    }
    return out;
  }

  /** The span {@code <v> … </v>} of a visit, as the model's targets carry it. */
  static int[] span(int[] visit) {
    int[] s = SEQ.encode(new EncodedPatient("", new int[0], new int[][] {visit}));
    return Arrays.copyOfRange(s, 1, s.length - 1);
  }

  @Test
  void givenRealRecords_whenTheirSpansAreFed_thenEveryTokenIsAllowedAndEachSpanEndsTheGrammar() {
    for (EncodedPatient p : records(200, 1)) {
      for (int[] visit : p.visits()) {
        Grammar.State s = G.after(new int[] {TOKENS.bos()});
        for (int t : span(visit)) {
          assertFalse(s.done());
          s.accept(t);
        }
        assertTrue(s.done(), "</v> ends a visit span");
        for (int k = 0; k < TOKENS.modalities().size(); k++) {
          int kk = k;
          int[] codes = Arrays.stream(visit).filter(c -> TOKENS.modalityOfCode(c) == kk).toArray();
          if (codes.length == 0) continue;
          Grammar.State m = G.after(new int[] {TOKENS.bos(), TOKENS.open(TOKENS.modalities().get(k))});
          for (int c : codes) m.accept(TOKENS.token(c));
          m.accept(TOKENS.close(TOKENS.modalities().get(k)));
          assertTrue(m.done());
        }
      }
      Grammar.State end = G.after(new int[] {TOKENS.bos()});
      end.accept(TOKENS.eos());
      assertTrue(end.done(), "</s> ends the record");
    }
    Grammar.State labels = G.after(new int[] {LABEL_TASK});
    for (int l : new int[] {0, 1, 3, 4, 6}) labels.accept(LABEL_BASE + l);
    labels.accept(TOKENS.eos());
    assertTrue(labels.done());
  }

  @Test
  void givenOutOfGrammarTokens_whenFed_thenRefused() {
    Grammar.State s = G.after(new int[] {TOKENS.bos(), TOKENS.visitOpen(), TOKENS.open(TOKENS.modalities().get(0)), TOKENS.token(3)});
    assertFalse(s.allows(TOKENS.token(0)), "codes ascend within a block");
    assertFalse(s.allows(TOKENS.token(3)), "no repeat");
    assertFalse(s.allows(TOKENS.token(1)), "another modality's code");
    assertFalse(s.allows(TOKENS.visitClose()), "the block is open");
    assertTrue(s.allows(TOKENS.token(9)) && s.allows(TOKENS.close(TOKENS.modalities().get(0))));
    assertThrows(IllegalArgumentException.class, () -> s.accept(TOKENS.token(1)));
    Grammar.State l = G.after(new int[] {LABEL_TASK, LABEL_BASE + 2});
    assertFalse(l.allows(LABEL_BASE + 3), "a second birth decade");
    assertTrue(l.allows(LABEL_BASE + 4) && l.allows(TOKENS.eos()));
    assertFalse(l.allows(LABEL_BASE + 1), "labels ascend");
  }

  @Test
  void givenRandomWalksOverAllowedTokens_whenTheyEnd_thenEverySpanDecodes() {
    Random r = new Random(5);
    for (int walk = 0; walk < 2000; walk++) {
      int kind = walk % 3;
      int k = r.nextInt(TOKENS.modalities().size());
      int[] head = kind == 0 ? new int[] {TOKENS.bos()} : kind == 1 ? new int[] {TOKENS.bos(), TOKENS.open(TOKENS.modalities().get(k))}
          : new int[] {LABEL_TASK};
      Grammar.State s = G.after(head);
      List<Integer> drawn = new ArrayList<>();
      while (!s.done()) {
        List<Integer> allowed = new ArrayList<>();
        for (int t = 0; t < COUNT; t++) if (s.allows(t)) allowed.add(t);
        assertFalse(allowed.isEmpty(), "a state that is not done allows a token");
        int t = allowed.get(r.nextInt(allowed.size()));
        s.accept(t);
        drawn.add(t);
      }
      int[] d = drawn.stream().mapToInt(Integer::intValue).toArray();
      if (kind == 0) {
        int[] seq = new int[d.length + 1 + (d[0] == TOKENS.eos() ? 0 : 1)];
        seq[0] = TOKENS.bos();
        System.arraycopy(d, 0, seq, 1, d.length);
        if (d[0] != TOKENS.eos()) seq[seq.length - 1] = TOKENS.eos();
        int[][] visits = SEQ.decodeVisits(seq); // throws on a malformed span
        assertEquals(d[0] == TOKENS.eos() ? 0 : 1, visits.length);
        if (visits.length == 1) assertArrayEquals(span(visits[0]), d, "the walk wrote the visit's canonical span");
      } else if (kind == 1) {
        assertEquals(TOKENS.close(TOKENS.modalities().get(k)), d[d.length - 1]);
        assertTrue(d.length >= 2, "at least one code");
        for (int i = 0; i + 1 < d.length; i++) {
          assertTrue(TOKENS.isCode(d[i]) && TOKENS.modalityOfToken(d[i]) == k && (i == 0 || d[i] > d[i - 1]));
        }
      } else {
        BitSet fields = new BitSet();
        for (int i = 0; i + 1 < d.length; i++) {
          int l = d[i] - LABEL_BASE;
          assertTrue(l >= 0 && l < VOC.labelCount() && (i == 0 || d[i] > d[i - 1]));
          if (FIELD[l] >= 0) {
            assertFalse(fields.get(FIELD[l]), "one value per field");
            fields.set(FIELD[l]);
          }
        }
        assertEquals(TOKENS.eos(), d[d.length - 1]);
      }
    }
  }
}
