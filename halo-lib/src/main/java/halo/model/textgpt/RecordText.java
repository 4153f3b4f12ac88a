package halo.model.textgpt;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.PatientMatrix;
import halo.data.Token;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A record written as an English sentence for the text GPT, and read back: the LLM-generator paper's
 * textual encoding ("Patient ID X has Diagnostic Code(s) D", ../shared/papers/llm-ehr-generators.md
 * §II-B.4) with the record's labels in front, so a label-conditioned record is the continuation of
 * its label clause:
 *
 * <pre>
 *   patient format: Patient with labels diabetes, sex:f has Diagnostic Code(s) 44054006, 59621000.
 *   visits format:  Patient with labels sex:m has visits: Diagnostic Code(s) 10509002; no codes; Diagnostic Code(s) 44054006 and Procedure Code(s) 430193006.
 * </pre>
 *
 * Labels are the vocabulary's label names in label order ({@code none} when there is none); codes are
 * grouped by kind (only the chosen {@code kinds}, in {@link CodeKind} order, a kind without codes left
 * out; {@code no codes} for a visit with none) and written as their source code in vocabulary order, a
 * lab or gap bucket as {@code code#bucket}. The patient format is the paper's: one set of codes per
 * patient, every visit's codes merged (the patient × code matrix of {@link PatientMatrix}); the visits
 * format is its longitudinal variant, visits in order separated by "; " ({@code none} for a record
 * without visits). The paper's patient ID is
 * left out: an identifier in the training text carries no information a generator should learn and
 * is what a memorising model would leak.
 *
 * <p>{@link #parse} is strict and never drops anything silently: a sentence it cannot read is
 * refused with the reason, and within a readable one every unknown code or label, repeated code and
 * unreadable clause is counted ({@link Parsed}).
 */
public final class RecordText {
  /** The two layouts of a record's sentence. */
  public enum Format {
    /** One set of codes per patient (the paper's). */
    PATIENT,
    /** The codes of each visit in order (the longitudinal variant). */
    VISITS;

    public static Format parse(String s) {
      for (Format f : values()) if (f.name().equalsIgnoreCase(s)) return f;
      throw new IllegalArgumentException("unknown text format '" + s + "': expected patient or visits");
    }
  }

  static final String OPENING = "Patient with labels ";
  static final String HAS = " has ";
  static final String VISITS = "visits: ";
  static final String NO_LABELS = "none";
  static final String NO_CODES = "no codes";
  static final String NO_VISITS = "none";
  private static final Map<CodeKind, String> HEADERS = new EnumMap<>(Map.of(
      CodeKind.DIAGNOSIS, "Diagnostic Code(s) ", CodeKind.PROCEDURE, "Procedure Code(s) ", CodeKind.MEDICATION, "Medication Code(s) ",
      CodeKind.LAB, "Lab Result(s) ", CodeKind.GAP, "Visit Gap(s) "));

  private final Vocabulary vocabulary;
  private final Set<CodeKind> kinds;
  private final Format format;
  private final Map<String, Integer>[] codeIndex; // per CodeKind ordinal: text -> token id, the chosen kinds only
  private final Map<String, Integer> labelIndex = new HashMap<>();

  @SuppressWarnings("unchecked")
  public RecordText(Vocabulary vocabulary, Set<CodeKind> kinds, Format format) {
    this.vocabulary = vocabulary;
    this.kinds = Set.copyOf(kinds);
    this.format = format;
    codeIndex = new Map[CodeKind.values().length];
    for (CodeKind k : CodeKind.values()) codeIndex[k.ordinal()] = new HashMap<>();
    for (int c = 0; c < vocabulary.codeCount(); c++) {
      Token t = vocabulary.code(c);
      if (kinds.contains(t.kind())) codeIndex[t.kind().ordinal()].put(text(t), c);
    }
    for (int l = 0; l < vocabulary.labelCount(); l++) labelIndex.put(vocabulary.label(l), l);
  }

  public Format format() {
    return format;
  }

  public Set<CodeKind> kinds() {
    return kinds;
  }

  /** A token's text: its source code, with {@code #bucket} for a lab or gap bucket. */
  static String text(Token t) {
    if (t.code().contains(" ") || t.code().contains(",") || t.code().contains(";")) {
      throw new IllegalArgumentException("code '" + t.code() + "' holds a space, comma or semicolon, which the record text uses as separators");
    }
    return t.bucket() >= 0 ? t.code() + "#" + t.bucket() : t.code();
  }

  /** The record's sentence. */
  public String write(EncodedPatient p) {
    StringBuilder s = new StringBuilder(labelClause(p.labels()));
    if (format == Format.PATIENT) {
      TreeSet<Integer> all = new TreeSet<>();
      for (int[] v : p.visits()) for (int c : v) all.add(c);
      appendVisit(s, all.stream().mapToInt(Integer::intValue).toArray());
    } else {
      s.append(VISITS);
      for (int t = 0; t < p.visitCount(); t++) {
        if (t > 0) s.append("; ");
        appendVisit(s, p.visits()[t]);
      }
      if (p.visitCount() == 0) s.append(NO_VISITS);
    }
    return s.append('.').toString();
  }

  /** The opening of every sentence of a record with these labels, up to and including " has" (the prompt of label-conditioned generation). */
  public String labelPrompt(int[] labels) {
    String c = labelClause(labels);
    return c.substring(0, c.length() - 1); // without the space after "has": the next word carries it (byte-level BPE words begin with their space)
  }

  private String labelClause(int[] labels) {
    StringBuilder s = new StringBuilder(OPENING);
    if (labels.length == 0) s.append(NO_LABELS);
    for (int i = 0; i < labels.length; i++) {
      if (i > 0) s.append(", ");
      s.append(vocabulary.label(labels[i]));
    }
    return s.append(HAS).toString();
  }

  private void appendVisit(StringBuilder s, int[] codes) {
    boolean any = false;
    for (CodeKind k : CodeKind.values()) {
      if (!kinds.contains(k)) continue;
      boolean first = true;
      for (int c : codes) {
        Token t = vocabulary.code(c);
        if (t.kind() != k) continue;
        if (first) s.append(any ? " and " : "").append(HEADERS.get(k));
        else s.append(", ");
        s.append(text(t));
        first = false;
        any = true;
      }
    }
    if (!any) s.append(NO_CODES);
  }

  /**
   * A sentence read back. {@code record} is null exactly when the sentence could not be read
   * ({@code refused} says why); otherwise the counts say what was left out of the record.
   *
   * @param unknownCodes codes that name no code of the chosen kinds in the vocabulary (left out)
   * @param unknownLabels label names the vocabulary does not have (left out)
   * @param repeats codes or labels given again in the same visit or label clause (kept once)
   * @param badClauses clauses that are neither "no codes" nor a known kind's header with codes (left out)
   */
  public record Parsed(EncodedPatient record, String refused, int unknownCodes, int unknownLabels, int repeats, int badClauses) {
    /** Whether the record was read with nothing left out. */
    public boolean clean() {
      return record != null && unknownCodes == 0 && unknownLabels == 0 && repeats == 0 && badClauses == 0;
    }
  }

  private static Parsed refused(String why) {
    return new Parsed(null, why, 0, 0, 0, 0);
  }

  /** Reads a sentence written by {@link #write} (or generated in its image) back into a record with id {@code id}. */
  public Parsed parse(String id, String sentence) {
    if (!sentence.startsWith(OPENING)) return refused("does not begin with '" + OPENING.strip() + "'");
    if (!sentence.endsWith(".")) return refused("does not end with '.' (cut short?)");
    String body = sentence.substring(OPENING.length(), sentence.length() - 1);
    int has = body.indexOf(HAS);
    if (has < 0) return refused("has no '" + HAS.strip() + "' after the labels");
    int[] counts = new int[4]; // unknown codes, unknown labels, repeats, bad clauses
    TreeSet<Integer> labels = new TreeSet<>();
    String labelText = body.substring(0, has);
    if (!labelText.equals(NO_LABELS)) {
      for (String name : labelText.split(", ", -1)) {
        Integer l = labelIndex.get(name);
        if (l == null) counts[1]++;
        else if (!labels.add(l)) counts[2]++;
      }
    }
    String rest = body.substring(has + HAS.length());
    List<int[]> visits = new ArrayList<>();
    if (format == Format.PATIENT) {
      int[] codes = visit(rest, counts);
      if (codes.length > 0) visits.add(codes); // as PatientMatrix#toCohort: an empty row is a record without visits
    } else {
      if (!rest.startsWith(VISITS)) return refused("has no '" + VISITS.strip() + "' after the labels");
      String all = rest.substring(VISITS.length());
      if (!all.equals(NO_VISITS)) for (String v : all.split("; ", -1)) visits.add(visit(v, counts));
    }
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    return new Parsed(new EncodedPatient(id, labelArray, visits.toArray(int[][]::new)), null, counts[0], counts[1], counts[2], counts[3]);
  }

  /** One visit's codes from its text ("no codes", or kind clauses joined by " and "), counting what is left out. */
  private int[] visit(String text, int[] counts) {
    TreeSet<Integer> codes = new TreeSet<>();
    if (text.equals(NO_CODES)) return new int[0];
    for (String clause : text.split(" and ", -1)) {
      CodeKind kind = null;
      for (CodeKind k : kinds) if (clause.startsWith(HEADERS.get(k))) kind = k;
      if (kind == null) {
        counts[3]++;
        continue;
      }
      for (String code : clause.substring(HEADERS.get(kind).length()).split(", ", -1)) {
        Integer c = codeIndex[kind.ordinal()].get(code);
        if (c == null) counts[0]++;
        else if (!codes.add(c)) counts[2]++;
      }
    }
    return codes.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public String toString() {
    return format.name().toLowerCase(Locale.ROOT) + " text of " + PatientMatrix.kindsSpec(kinds);
  }
}
