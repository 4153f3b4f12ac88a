package halo.model.promptehr;

import halo.data.CodeKind;
import halo.data.Vocabulary;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The token ids of a PromptEHR sequence (paper §3.2, Fig. 2), built from a record {@link Vocabulary}:
 *
 * <pre>
 *   0             &lt;pad&gt;     padding after the end of a sequence
 *   1             &lt;s&gt;       begin of a record (bos)
 *   2             &lt;/s&gt;      end of a record (eos)
 *   3             &lt;mask&gt;    a masked code or infilled span (encoder inputs only)
 *   4, 5          &lt;v&gt; &lt;/v&gt;   open and close a visit
 *   6 + 2k, 7 + 2k   &lt;m&gt; &lt;/m&gt;   open and close modality k (k = 0 .. K−1), e.g. &lt;dx&gt; &lt;/dx&gt;
 *   S + c         code c of the record vocabulary (0 &lt;= c &lt; C), S = 6 + 2K
 * </pre>
 *
 * <p><b>Modalities</b> are the {@link CodeKind}s that have at least one code in the vocabulary, in
 * {@link CodeKind} declaration order: diagnoses ({@code dx}), procedures ({@code px}), medications
 * ({@code rx}), lab buckets ({@code lab}: every bucket of every lab is one modality) and gap buckets
 * ({@code gap}: the days since the previous visit). Each code belongs to the modality of its kind, so a
 * cohort without labs has no {@code <lab>} markers and K = 3 on a diagnosis/procedure/medication
 * vocabulary, as in the paper. That order is also the fixed order of modalities inside a visit of a
 * target sequence ({@link PromptSequence}).
 *
 * <p>Record labels (chronic and demographic) are not tokens: they are baseline features
 * ({@link BaselineFeatures}) that enter the model as prompt embeddings, Eq. (1)–(2). The vocabulary's own
 * start, end and pad tokens (HALO's layout) are not used. The size {@link #size()} = S + C always comes
 * from the vocabulary.
 */
public final class PromptVocabulary {
  private static final int PAD = 0;
  private static final int BOS = 1;
  private static final int EOS = 2;
  private static final int MASK = 3;
  private static final int VISIT_OPEN = 4;
  private static final int VISIT_CLOSE = 5;
  private static final int FIRST_MODALITY_MARKER = 6;

  private final Vocabulary vocabulary;
  private final List<CodeKind> modalities;
  private final Map<CodeKind, Integer> modalityIndex = new EnumMap<>(CodeKind.class);
  /** Per code c, the index k of its modality. */
  private final int[] modalityOfCode;
  private final int specials;

  private PromptVocabulary(Vocabulary vocabulary) {
    this.vocabulary = vocabulary;
    modalities = vocabulary.kinds();
    for (int k = 0; k < modalities.size(); k++) modalityIndex.put(modalities.get(k), k);
    modalityOfCode = new int[vocabulary.codeCount()];
    for (int c = 0; c < modalityOfCode.length; c++) modalityOfCode[c] = modalityIndex.get(vocabulary.code(c).kind());
    specials = FIRST_MODALITY_MARKER + 2 * modalities.size();
  }

  /** The token layout of records encoded with {@code vocabulary}. */
  public static PromptVocabulary of(Vocabulary vocabulary) {
    if (vocabulary.codeCount() == 0) {
      throw new IllegalArgumentException("vocabulary " + vocabulary.hash() + " has no codes: a PromptEHR sequence needs at least one");
    }
    return new PromptVocabulary(vocabulary);
  }

  /** The record vocabulary this layout was built from. */
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  // ---------------------------------------------------------------- sizes

  /** S: number of special tokens (6 + 2K); codes start here. */
  public int specialCount() {
    return specials;
  }

  /** C: number of codes. */
  public int codeCount() {
    return modalityOfCode.length;
  }

  /** S + C: the number of token ids (embedding rows, output logits). */
  public int size() {
    return specials + modalityOfCode.length;
  }

  /** The K modalities in their fixed order. */
  public List<CodeKind> modalities() {
    return modalities;
  }

  // ---------------------------------------------------------------- special tokens

  public int pad() {
    return PAD;
  }

  public int bos() {
    return BOS;
  }

  public int eos() {
    return EOS;
  }

  public int mask() {
    return MASK;
  }

  public int visitOpen() {
    return VISIT_OPEN;
  }

  public int visitClose() {
    return VISIT_CLOSE;
  }

  /** The marker opening modality {@code kind}'s codes inside a visit. */
  public int open(CodeKind kind) {
    return FIRST_MODALITY_MARKER + 2 * modality(kind);
  }

  /** The marker closing modality {@code kind}'s codes. */
  public int close(CodeKind kind) {
    return open(kind) + 1;
  }

  /** The position k of {@code kind} in {@link #modalities()}. */
  public int modality(CodeKind kind) {
    Integer k = modalityIndex.get(kind);
    if (k == null) {
      throw new IllegalArgumentException("modality " + kind.prefix() + " has no code in vocabulary " + vocabulary.hash()
          + "; its modalities are " + modalities.stream().map(CodeKind::prefix).toList());
    }
    return k;
  }

  // ---------------------------------------------------------------- codes

  /** The token of code {@code c}. */
  public int token(int code) {
    if (code < 0 || code >= modalityOfCode.length) {
      throw new IllegalArgumentException("code " + code + " outside the vocabulary's " + modalityOfCode.length + " codes");
    }
    return specials + code;
  }

  /** The code of a code token. */
  public int code(int token) {
    if (!isCode(token)) throw new IllegalArgumentException("token " + token + " (" + name(token) + ") is not a code token");
    return token - specials;
  }

  /** The modality index k of a code token. */
  public int modalityOfToken(int token) {
    return modalityOfCode[code(token)];
  }

  /** The modality index k of code {@code c}. */
  public int modalityOfCode(int code) {
    return modalityOfCode[code];
  }

  // ---------------------------------------------------------------- classes of tokens

  /** Whether {@code token} is an id of this layout at all. */
  public boolean isValid(int token) {
    return token >= 0 && token < size();
  }

  public boolean isCode(int token) {
    return token >= specials && token < size();
  }

  /** Visit and modality open/close markers: the structure a corruption never touches. */
  public boolean isMarker(int token) {
    return token >= VISIT_OPEN && token < specials;
  }

  /** The modality index k that {@code token} opens, or −1. */
  public int opens(int token) {
    return token >= FIRST_MODALITY_MARKER && token < specials && (token - FIRST_MODALITY_MARKER) % 2 == 0
        ? (token - FIRST_MODALITY_MARKER) / 2
        : -1;
  }

  /** The modality index k that {@code token} closes, or −1. */
  public int closes(int token) {
    return token >= FIRST_MODALITY_MARKER && token < specials && (token - FIRST_MODALITY_MARKER) % 2 == 1
        ? (token - FIRST_MODALITY_MARKER) / 2
        : -1;
  }

  /** A readable name: {@code <s>}, {@code </dx>}, {@code dx:44054006}, {@code lab:8480-6#3}, or {@code ?17}. */
  public String name(int token) {
    return switch (token) {
      case PAD -> "<pad>";
      case BOS -> "<s>";
      case EOS -> "</s>";
      case MASK -> "<mask>";
      case VISIT_OPEN -> "<v>";
      case VISIT_CLOSE -> "</v>";
      default -> {
        if (opens(token) >= 0) yield "<" + modalities.get(opens(token)).prefix() + ">";
        if (closes(token) >= 0) yield "</" + modalities.get(closes(token)).prefix() + ">";
        if (isCode(token)) yield vocabulary.code(token - specials).key();
        yield "?" + token;
      }
    };
  }

  @Override
  public String toString() {
    return "PromptVocabulary[" + vocabulary.hash() + ": " + size() + " tokens = " + specials + " special ("
        + modalities.stream().map(CodeKind::prefix).toList() + ") + " + codeCount() + " codes]";
  }
}
