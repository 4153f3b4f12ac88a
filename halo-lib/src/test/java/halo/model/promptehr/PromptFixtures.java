package halo.model.promptehr;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.List;

/** A hand-checkable vocabulary of every code kind, with its codes interleaved by kind, and one record. */
final class PromptFixtures {
  private PromptFixtures() {}

  /**
   * Ten codes, deliberately not grouped by kind (so that grouping by modality is tested):
   *
   * <pre>
   *   0 dx:a   1 rx:r   2 lab:L#0   3 dx:b   4 gap:days#0   5 px:p   6 lab:L#1   7 rx:s   8 gap:days#1   9 dx:c
   * </pre>
   *
   * Modalities dx, px, rx, lab, gap (K = 5): markers 6/7, 8/9, 10/11, 12/13, 14/15; S = 16, so code c
   * is token 16 + c. Labels: two chronic (diabetes, ckd), then sex, race and birth-decade values.
   */
  static Vocabulary vocabulary() {
    List<Token> codes = List.of(
        Token.clinical(CodeKind.DIAGNOSIS, "a", ""),
        Token.clinical(CodeKind.MEDICATION, "r", ""),
        new Token(CodeKind.LAB, "L", 0, "mg", 0, 1, ""),
        Token.clinical(CodeKind.DIAGNOSIS, "b", ""),
        new Token(CodeKind.GAP, "days", 0, "days", 0, 30, ""),
        Token.clinical(CodeKind.PROCEDURE, "p", ""),
        new Token(CodeKind.LAB, "L", 1, "mg", 1, 2, ""),
        Token.clinical(CodeKind.MEDICATION, "s", ""),
        new Token(CodeKind.GAP, "days", 1, "days", 30, 400, ""),
        Token.clinical(CodeKind.DIAGNOSIS, "c", ""));
    List<String> labels = List.of("diabetes", "ckd", "birth:1950s", "birth:1960s", "race:asian", "race:white", "sex:f", "sex:m");
    return new Vocabulary(codes, labels, 2, 1);
  }

  /** {@code n} diagnosis codes d0 .. d(n-1) and nothing else (K = 1, S = 8). */
  static Vocabulary diagnoses(int n) {
    List<Token> codes = new ArrayList<>();
    for (int i = 0; i < n; i++) codes.add(Token.clinical(CodeKind.DIAGNOSIS, "d" + i, ""));
    return new Vocabulary(codes, List.of(), 0, 1);
  }

  /**
   * Three visits: {0,1,2,3} (dx a b, rx r, lab L#0), {} and {4,5,9} (dx c, px p, gap days#0). Its
   * sequence, 27 tokens, is {@link #SEQUENCE}.
   */
  static EncodedPatient patient() {
    return new EncodedPatient("p", new int[] {0, 5, 6}, new int[][] {{0, 1, 2, 3}, {}, {4, 5, 9}});
  }

  /** The canonical sequence of {@link #patient()}, with the index of each token. */
  static final int[] SEQUENCE = {
    1, //  0 <s>
    4, //  1 <v>
    6, 16, 19, 7, //  2..5   <dx> dx:a dx:b </dx>
    10, 17, 11, //    6..8   <rx> rx:r </rx>
    12, 18, 13, //    9..11  <lab> lab:L#0 </lab>
    5, // 12 </v>
    4, 5, // 13, 14 <v> </v>: the empty visit
    4, // 15 <v>
    6, 25, 7, //      16..18 <dx> dx:c </dx>
    8, 21, 9, //      19..21 <px> px:p </px>
    14, 20, 15, //    22..24 <gap> gap:days#0 </gap>
    5, // 25 </v>
    2 //  26 </s>
  };
}
