package halo.model.promptehr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.data.EncodedPatient;
import halo.model.promptehr.MalformedSequenceException.Fault;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Records as token sequences: exact layout, lossless round trip, strict rejection, reported truncation. */
class PromptSequenceTest {
  static final PromptSequence S = new PromptSequence(PromptVocabulary.of(PromptFixtures.vocabulary()));
  static Dataset data;

  @BeforeAll
  static void loadDefault() throws IOException {
    data = Dataset.loadDefault();
  }

  @Test
  void givenFixtureRecord_whenEncoded_thenCanonicalLayoutAndBack() {
    EncodedPatient p = PromptFixtures.patient();
    assertArrayEquals(PromptFixtures.SEQUENCE, S.encode(p), S.render(S.encode(p)));
    assertEquals(27, S.length(p));
    assertEquals(p, S.decode("p", p.labels(), PromptFixtures.SEQUENCE));
    assertArrayEquals(new int[] {1, 2}, S.encode(new EncodedPatient("e", new int[0], new int[0][])));
  }

  @Test
  void givenEveryRecordOfTheDefaultCohort_whenRoundTripped_thenIdentical() {
    PromptSequence s = new PromptSequence(PromptVocabulary.of(data.vocabulary()));
    long tokens = 0;
    for (EncodedPatient p : data.cohort().patients()) {
      int[] seq = s.encode(p);
      assertEquals(s.length(p), seq.length, p.id());
      assertEquals(p, s.decode(p.id(), p.labels(), seq), p.id());
      assertCanonical(s.tokens(), seq, p.id());
      tokens += seq.length;
    }
    assertEquals(11_803, data.cohort().size());
    // every record has visits and codes, so the sequences hold more than bos/eos per record
    assertTrue(tokens > 2L * data.cohort().size() + data.cohort().codeCount(), "tokens " + tokens);
  }

  /** Modality blocks of each visit in ascending modality order, codes of each block ascending. */
  static void assertCanonical(PromptVocabulary t, int[] seq, String id) {
    int lastModality = -1, lastToken = -1;
    for (int i = 0; i < seq.length; i++) {
      if (seq[i] == t.visitOpen()) lastModality = -1;
      if (t.opens(seq[i]) >= 0) {
        assertTrue(t.opens(seq[i]) > lastModality, id + " at " + i);
        lastModality = t.opens(seq[i]);
        lastToken = -1;
      }
      if (t.isCode(seq[i])) {
        assertTrue(seq[i] > lastToken, id + " at " + i);
        lastToken = seq[i];
      }
    }
  }

  /** Replaces the token at {@code i} (or removes it when {@code t} is null, inserts when {@code insert}). */
  static int[] edit(int i, Integer t, boolean insert) {
    int[] a = PromptFixtures.SEQUENCE;
    if (insert) return IntStream.concat(IntStream.concat(Arrays.stream(a, 0, i), IntStream.of(t)), Arrays.stream(a, i, a.length)).toArray();
    if (t == null) return IntStream.concat(Arrays.stream(a, 0, i), Arrays.stream(a, i + 1, a.length)).toArray();
    int[] b = a.clone();
    b[i] = t;
    return b;
  }

  static void rejects(int[] sequence, int position, Fault fault) {
    var e = assertThrows(MalformedSequenceException.class, () -> S.decodeVisits(sequence), S.render(sequence));
    assertEquals(fault, e.fault(), e.getMessage());
    assertEquals(position, e.position(), e.getMessage());
    assertTrue(e.getMessage().contains("position " + position), e.getMessage());
  }

  @Test
  void givenMalformedSequences_whenDecoded_thenRejectedAtTheFaultyPosition() {
    // indices refer to PromptFixtures.SEQUENCE
    rejects(edit(0, null, false), 0, Fault.MISSING_BOS);
    rejects(new int[0], 0, Fault.MISSING_BOS);
    rejects(edit(5, null, false), 5, Fault.UNBALANCED_MARKER); // </dx> missing: <rx> opens inside <dx>
    rejects(edit(5, 11, false), 5, Fault.UNBALANCED_MARKER); // </rx> closes the open <dx>
    rejects(edit(12, null, false), 12, Fault.UNBALANCED_MARKER); // </v> missing: the next <v> opens inside
    rejects(edit(13, 5, true), 13, Fault.UNBALANCED_MARKER); // a </v> between visits closes nothing
    rejects(edit(13, 7, true), 13, Fault.UNBALANCED_MARKER); // a </dx> between visits
    rejects(edit(7, 16 + 9, false), 7, Fault.CODE_IN_WRONG_MODALITY); // dx:c inside <rx>
    rejects(edit(23, 16 + 2, false), 23, Fault.CODE_IN_WRONG_MODALITY); // lab:L#0 inside <gap>
    rejects(edit(6, 16 + 9, true), 6, Fault.CODE_OUTSIDE_MODALITY); // between </dx> and <rx>
    rejects(edit(13, 16 + 9, true), 13, Fault.CODE_OUTSIDE_MODALITY); // between visits
    rejects(edit(10, 26, false), 10, Fault.UNKNOWN_TOKEN); // size() is 26
    rejects(edit(10, -1, false), 10, Fault.UNKNOWN_TOKEN);
    rejects(edit(3, 3, false), 3, Fault.MASK_IN_RECORD);
    rejects(edit(4, 16, false), 4, Fault.REPEATED_CODE); // dx:a twice in visit 0
    rejects(edit(13, 0, false), 13, Fault.MISPLACED_SPECIAL); // <pad> before </s>
    rejects(edit(13, 1, false), 13, Fault.MISPLACED_SPECIAL); // a second <s>
    rejects(new int[] {1, 4, 6, 16, 7, 6, 19, 7, 5, 2}, 5, Fault.REPEATED_MODALITY);
    rejects(new int[] {1, 4, 6, 7, 5, 2}, 3, Fault.EMPTY_MODALITY);
    rejects(Arrays.copyOf(PromptFixtures.SEQUENCE, 26), 26, Fault.UNEXPECTED_END); // no </s>
    rejects(Arrays.copyOf(PromptFixtures.SEQUENCE, 10), 10, Fault.UNEXPECTED_END); // inside <lab>
    int[] trailing = Arrays.copyOf(PromptFixtures.SEQUENCE, 30); // three pads after </s> are fine ...
    assertEquals(3, S.decodeVisits(trailing).length);
    trailing[28] = 16; // ... a code after them is not
    rejects(trailing, 28, Fault.TOKEN_AFTER_END);
  }

  @Test
  void givenReorderedBlocksAndCodes_whenDecoded_thenSameVisits() {
    // visit 0 with <lab> first, then <rx>, then <dx> with its codes reversed: a visit is a set
    int[] reordered = {1, 4, 12, 18, 13, 10, 17, 11, 6, 19, 16, 7, 5, 2};
    assertArrayEquals(new int[][] {{0, 1, 2, 3}}, S.decodeVisits(reordered));
  }

  @Test
  void givenCap_whenRecordLonger_thenMostRecentVisitsKeptAndDropsCounted() {
    EncodedPatient p = PromptFixtures.patient(); // visit lengths 12, 2, 11; total 2 + 25 = 27
    assertEquals(0, S.encode(p, 27).droppedVisits());
    PromptSequence.Encoded e = S.encode(p, 26); // 2 + 2 + 11 = 15 fits; + 12 = 27 does not
    assertEquals(1, e.droppedVisits());
    assertEquals(4, e.droppedCodes());
    assertEquals(15, e.length());
    assertArrayEquals(new int[][] {{}, {4, 5, 9}}, S.decodeVisits(e.tokens()));
    PromptSequence.Encoded last = S.encode(p, 13); // 2 + 11
    assertEquals(2, last.droppedVisits());
    assertArrayEquals(Arrays.copyOfRange(PromptFixtures.SEQUENCE, 15, 27), Arrays.copyOfRange(last.tokens(), 1, 13));
    PromptSequence.Encoded none = S.encode(p, 12); // not even the last visit fits
    assertEquals(3, none.droppedVisits());
    assertEquals(7, none.droppedCodes());
    assertArrayEquals(new int[] {1, 2}, none.tokens());
    var error = assertThrows(IllegalArgumentException.class, () -> S.encode(p, 1));
    assertTrue(error.getMessage().contains("use at least 2"), error.getMessage());
  }

  @Test
  void givenDefaultCohortAt512Tokens_whenCapped_thenReportMatchesWhatWasDropped() {
    PromptSequence s = new PromptSequence(PromptVocabulary.of(data.vocabulary()));
    var records = data.train().patients();
    PromptSequence.Batch b = s.encodeAll(records, 512);
    long dropped = 0;
    int truncated = 0;
    for (int i = 0; i < records.size(); i++) {
      EncodedPatient p = records.get(i);
      PromptSequence.Encoded e = b.sequences().get(i);
      assertTrue(e.length() <= 512, p.id());
      int[][] kept = s.decodeVisits(e.tokens());
      // what is kept is exactly the record's last visits, and the count says how many are missing
      assertEquals(p.visitCount(), kept.length + e.droppedVisits(), p.id());
      assertTrue(Arrays.deepEquals(Arrays.copyOfRange(p.visits(), e.droppedVisits(), p.visitCount()), kept), p.id());
      // and no further visit would have fitted
      if (e.truncated()) assertTrue(e.length() + s.visitLength(p.visits()[e.droppedVisits() - 1]) > 512, p.id());
      dropped += e.droppedVisits();
      if (e.truncated()) truncated++;
    }
    assertEquals(dropped, b.report().droppedVisits());
    assertEquals(truncated, b.report().truncatedRecords());
    assertTrue(truncated > 0, "the default cohort's records are long enough for 512 tokens to cut some: " + b.report());
    System.out.println(b.report());
  }
}
