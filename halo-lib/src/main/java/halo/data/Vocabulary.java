package halo.data;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The token space of a dataset (protocol Part A §1, Part B §1.4), fitted on the training split:
 *
 * <pre>
 *   [0, C)          codes: diagnoses, procedures, medications, lab buckets, gap buckets,
 *                   in a seeded random order that is also the within-visit autoregressive order
 *   [C, C+L)        labels: the source's chronic labels, then demographic labels (sex, race, ...)
 *   C+L, C+L+1, C+L+2   start, end and pad tokens
 * </pre>
 *
 * Sizes always come from the data. Saved as readable JSON; {@link #hash()} identifies it in encoded
 * files and checkpoints so that a vocabulary cannot be used against data it was not built for.
 */
public final class Vocabulary {
  /** File format tag written into saved vocabularies. */
  public static final String FORMAT = "halo-vocabulary/1";

  private final List<Token> codes;
  private final List<String> labels;
  private final int chronicLabelCount;
  private final long seed;
  private final Map<String, Integer> codeIndex = new HashMap<>();
  private final Map<String, Integer> labelIndex = new HashMap<>();
  private final Map<String, Discretizer> labs = new TreeMap<>();
  private final Map<String, int[]> labTokens = new HashMap<>();
  private final Map<String, String> labUnits = new HashMap<>();
  private final Discretizer gaps;
  private final int[] gapTokens;
  /** Per chronic label, the sorted code indices that define it; null when labels are given, not defined by codes. */
  private final int[][] labelCodes;
  private final String hash;

  public Vocabulary(List<Token> codes, List<String> labels, int chronicLabelCount, long seed) {
    this(codes, labels, chronicLabelCount, seed, null);
  }

  /**
   * @param labelDefinitions for each chronic label (by name), the keys ({@link Token#key}) of the codes
   *     that define it — a record has the label exactly when one of them is among its kept codes; null
   *     when the source gives labels as such. Keys not in the vocabulary are ignored.
   */
  public Vocabulary(List<Token> codes, List<String> labels, int chronicLabelCount, long seed, Map<String, List<String>> labelDefinitions) {
    this.codes = List.copyOf(codes);
    this.labels = List.copyOf(labels);
    this.chronicLabelCount = chronicLabelCount;
    this.seed = seed;
    if (chronicLabelCount < 0 || chronicLabelCount > labels.size()) {
      throw new IllegalArgumentException("chronicLabelCount " + chronicLabelCount + " outside [0, " + labels.size() + "]");
    }
    Map<String, TreeMap<Integer, Integer>> labBuckets = new TreeMap<>();
    TreeMap<Integer, Integer> gapBuckets = new TreeMap<>();
    for (int i = 0; i < this.codes.size(); i++) {
      Token t = this.codes.get(i);
      if (codeIndex.put(t.key(), i) != null) {
        throw new IllegalArgumentException("duplicate vocabulary code " + t.key());
      }
      if (t.kind() == CodeKind.LAB) {
        labBuckets.computeIfAbsent(t.code(), k -> new TreeMap<>()).put(t.bucket(), i);
        labUnits.put(t.code(), t.unit());
      } else if (t.kind() == CodeKind.GAP) {
        gapBuckets.put(t.bucket(), i);
      }
    }
    for (int l = 0; l < this.labels.size(); l++) {
      if (labelIndex.put(this.labels.get(l), l) != null) {
        throw new IllegalArgumentException("duplicate label " + this.labels.get(l));
      }
    }
    labBuckets.forEach((lab, buckets) -> {
      labs.put(lab, discretizerOf(buckets));
      labTokens.put(lab, buckets.values().stream().mapToInt(Integer::intValue).toArray());
    });
    gaps = gapBuckets.isEmpty() ? null : discretizerOf(gapBuckets);
    gapTokens = gapBuckets.values().stream().mapToInt(Integer::intValue).toArray();
    if (labelDefinitions == null) {
      labelCodes = null;
    } else {
      labelCodes = new int[chronicLabelCount][];
      for (var e : labelDefinitions.entrySet()) {
        Integer l = labelIndex.get(e.getKey());
        if (l == null || l >= chronicLabelCount) {
          throw new IllegalArgumentException("label definition for '" + e.getKey() + "', which is not a chronic label of " + labels);
        }
        labelCodes[l] = e.getValue().stream().map(codeIndex::get).filter(Objects::nonNull).mapToInt(Integer::intValue)
            .sorted().distinct().toArray();
      }
      for (int l = 0; l < chronicLabelCount; l++) if (labelCodes[l] == null) labelCodes[l] = new int[0];
    }
    hash = computeHash();
  }

  private Discretizer discretizerOf(TreeMap<Integer, Integer> buckets) {
    double[] edges = new double[buckets.size() + 1];
    int b = 0;
    for (var e : buckets.entrySet()) {
      if (e.getKey() != b) {
        throw new IllegalArgumentException("bucket codes of " + codes.get(e.getValue()).code() + " are not 0..n-1");
      }
      Token t = codes.get(e.getValue());
      edges[b] = t.low();
      edges[b + 1] = t.high();
      b++;
    }
    return new Discretizer(edges);
  }

  // ---------------------------------------------------------------- fitting

  /**
   * Fits a vocabulary on training patients: every clinical code seen, every lab seen at least
   * {@code minLabCount} times (its buckets fitted on its training values, all in one unit: a lab with
   * values in several units is an error, see {@link LabUnits}),
   * gap buckets fitted on the day gaps between consecutive visits, the source's chronic labels and
   * the demographic labels seen; codes put in a random order drawn from {@code config.seed()}.
   *
   * @param descriptions display texts keyed by {@link Token#key(CodeKind, String)}, may be empty
   */
  public static Vocabulary fit(
      List<Patient> train, List<String> chronicLabels, Map<String, String> descriptions, VocabularyConfig config) {
    return fit(train, chronicLabels, null, descriptions, config);
  }

  /**
   * As {@link #fit(List, List, Map, VocabularyConfig)}, recording the diagnosis codes that define each
   * chronic label ({@code definition}, null when labels are given as such).
   */
  public static Vocabulary fit(List<Patient> train, List<String> chronicLabels, ChronicLabelMap definition,
      Map<String, String> descriptions, VocabularyConfig config) {
    if (train.isEmpty()) {
      throw new IllegalArgumentException("cannot fit a vocabulary on an empty training split");
    }
    TreeMap<String, Token> clinical = new TreeMap<>();
    TreeMap<String, List<Double>> labValues = new TreeMap<>();
    Map<String, Map<String, Integer>> unitCounts = new HashMap<>();
    List<Double> gapDays = new ArrayList<>();
    TreeSet<String> demographic = new TreeSet<>();
    for (Patient p : train) {
      demographic.addAll(p.demographics().labelNames());
      Visit previous = null;
      for (Visit v : p.visits()) {
        for (CodeKind k : List.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE, CodeKind.MEDICATION)) {
          for (String c : v.codes(k)) {
            String key = Token.key(k, c);
            clinical.computeIfAbsent(key, x -> Token.clinical(k, c, descriptions.getOrDefault(x, "")));
          }
        }
        for (Lab lab : v.labs()) {
          labValues.computeIfAbsent(lab.code(), x -> new ArrayList<>()).add(lab.value());
          unitCounts.computeIfAbsent(lab.code(), x -> new HashMap<>()).merge(lab.unit(), 1, Integer::sum);
        }
        if (previous != null) {
          gapDays.add((double) ChronoUnit.DAYS.between(previous.date(), v.date()));
        }
        previous = v;
      }
    }
    List<Token> tokens = new ArrayList<>(clinical.values());
    labValues.forEach((lab, values) -> {
      if (values.size() < config.minLabCount()) {
        return;
      }
      if (unitCounts.get(lab).size() > 1) {
        // values in different units must never share buckets: the loaders split such labs (LabUnits.separate)
        throw new IllegalArgumentException("lab " + lab + " has training values in " + unitCounts.get(lab).size() + " units "
            + new TreeMap<>(unitCounts.get(lab)).keySet() + ": split it by unit first (LabUnits.separate) or convert the values");
      }
      String unit = unitCounts.get(lab).keySet().iterator().next();
      Discretizer d = Discretizer.fit(values.stream().mapToDouble(Double::doubleValue).toArray(), config.labBuckets());
      String description = descriptions.getOrDefault(Token.key(CodeKind.LAB, lab), "");
      for (int b = 0; b < d.buckets(); b++) {
        tokens.add(new Token(CodeKind.LAB, lab, b, unit, d.low(b), d.high(b), description));
      }
    });
    if (config.gapBuckets() > 0 && !gapDays.isEmpty()) {
      Discretizer d = Discretizer.fit(gapDays.stream().mapToDouble(Double::doubleValue).toArray(), config.gapBuckets());
      for (int b = 0; b < d.buckets(); b++) {
        tokens.add(new Token(CodeKind.GAP, "days", b, "days", d.low(b), d.high(b), "days since previous visit"));
      }
    }
    Collections.shuffle(tokens, new Random(config.seed()));
    List<String> labelNames = new ArrayList<>(chronicLabels);
    labelNames.addAll(demographic);
    return new Vocabulary(tokens, labelNames, chronicLabels.size(), config.seed(), definition == null ? null : definitionKeys(definition));
  }

  /** Label name → keys of its defining diagnosis codes, in label order. */
  static Map<String, List<String>> definitionKeys(ChronicLabelMap definition) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String l : definition.labels()) out.put(l, new ArrayList<>());
    new TreeMap<>(definition.labelOfCode()).forEach((code, label) -> out.get(label).add(Token.key(CodeKind.DIAGNOSIS, code)));
    return out;
  }

  // ---------------------------------------------------------------- sizes and special tokens

  /** C: number of codes (clinical codes plus lab and gap buckets). */
  public int codeCount() {
    return codes.size();
  }

  /** L: number of labels (chronic plus demographic). */
  public int labelCount() {
    return labels.size();
  }

  /** Number of chronic (condition) labels; they come first in the label section. */
  public int chronicLabelCount() {
    return chronicLabelCount;
  }

  /** V = C + L + 3: the width of a multi-hot visit row. */
  public int size() {
    return codes.size() + labels.size() + 3;
  }

  /** Index of label {@code l} in a visit row. */
  public int labelToken(int l) {
    return codes.size() + l;
  }

  public int startToken() {
    return codes.size() + labels.size();
  }

  public int endToken() {
    return startToken() + 1;
  }

  public int padToken() {
    return startToken() + 2;
  }

  public long seed() {
    return seed;
  }

  // ---------------------------------------------------------------- lookups

  public List<Token> codes() {
    return codes;
  }

  public Token code(int index) {
    return codes.get(index);
  }

  public List<String> labels() {
    return labels;
  }

  public String label(int l) {
    return labels.get(l);
  }

  /** Index of a clinical code, or -1 when it is not in the vocabulary. */
  public int indexOf(CodeKind kind, String code) {
    return codeIndex.getOrDefault(Token.key(kind, code), -1);
  }

  /** Index of a label name, or -1. */
  public int labelIndexOf(String name) {
    return labelIndex.getOrDefault(name, -1);
  }

  /** Whether chronic labels are defined by codes (and so derived from each record's kept codes). */
  public boolean definesLabels() {
    return labelCodes != null;
  }

  /**
   * The sorted code indices that define chronic label {@code l} (a record has the label exactly when
   * one of them is among its codes); empty when no defining code made it into the vocabulary.
   *
   * @throws IllegalStateException when labels are given, not defined by codes ({@link #definesLabels()})
   */
  public int[] labelCodes(int l) {
    if (labelCodes == null) throw new IllegalStateException("the labels of this vocabulary are given, not defined by codes");
    return labelCodes[l].clone();
  }

  /** The labs that have bucket codes, with their discretizers. */
  public Map<String, Discretizer> labs() {
    return Collections.unmodifiableMap(labs);
  }

  /** The unit a lab's buckets are expressed in. */
  public String labUnit(String lab) {
    return labUnits.getOrDefault(lab, "");
  }

  /** The code index of the bucket holding {@code value} of {@code lab}, or -1 for a lab not in the vocabulary. */
  public int labToken(String lab, double value) {
    Discretizer d = labs.get(lab);
    return d == null ? -1 : labTokens.get(lab)[d.bucket(value)];
  }

  /** The gap discretizer, or null when the vocabulary has no gap codes. */
  public Discretizer gaps() {
    return gaps;
  }

  /** The code index of the gap bucket holding {@code days}, or -1 when there are no gap codes. */
  public int gapToken(double days) {
    return gaps == null ? -1 : gapTokens[gaps.bucket(days)];
  }

  /** Short content hash (16 hex digits) of codes and labels, in order. */
  public String hash() {
    return hash;
  }

  /** Throws when {@code otherHash} (from an encoded file or checkpoint) was made with another vocabulary. */
  public void requireHash(String otherHash, String what) {
    if (!hash.equals(otherHash)) {
      throw new IllegalArgumentException(what + " was built with vocabulary " + otherHash
          + " but the vocabulary given is " + hash + " (" + codeCount() + " codes, " + labelCount()
          + " labels): load the vocabulary saved next to that file");
    }
  }

  private String computeHash() {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (Token t : codes) {
        md.update((t.key() + "|" + t.unit() + "|" + t.low() + "|" + t.high() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      md.update(("labels:" + String.join("\n", labels) + "|" + chronicLabelCount).getBytes(StandardCharsets.UTF_8));
      if (labelCodes != null) {
        // only vocabularies whose labels are defined by codes hash their definitions (older hashes stay valid)
        for (int[] cs : labelCodes) md.update(("definition:" + Arrays.toString(cs) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(md.digest(), 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---------------------------------------------------------------- persistence

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record TokenJson(String kind, String code, Integer bucket, String unit, Double low, Double high, String description) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  record FileJson(String format, String hash, long seed, int codeCount, int labelCount, int chronicLabelCount,
      List<String> labels, Map<String, List<String>> labelDefinitions, List<TokenJson> codes) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the vocabulary as JSON (atomically: a temporary file renamed into place). */
  public void save(Path file) throws IOException {
    List<TokenJson> ts = new ArrayList<>(codes.size());
    for (Token t : codes) {
      boolean b = t.bucket() >= 0;
      ts.add(new TokenJson(t.kind().prefix(), t.code(), b ? t.bucket() : null, t.unit(),
          b ? t.low() : null, b ? t.high() : null, t.description()));
    }
    Map<String, List<String>> definitions = null;
    if (labelCodes != null) {
      definitions = new LinkedHashMap<>();
      for (int l = 0; l < chronicLabelCount; l++) {
        definitions.put(labels.get(l), Arrays.stream(labelCodes[l]).mapToObj(c -> codes.get(c).key()).toList());
      }
    }
    var json = new FileJson(FORMAT, hash, seed, codes.size(), labels.size(), chronicLabelCount, labels, definitions, ts);
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    JSON.writeValue(tmp.toFile(), json);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    EncodedCohort.readableByAll(file);
  }

  /** Reads a vocabulary written by {@link #save}; checks its format and hash. */
  public static Vocabulary load(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("vocabulary file not found: " + file);
    }
    FileJson json;
    try {
      json = JSON.readValue(file.toFile(), FileJson.class);
    } catch (IOException e) {
      throw new IOException("cannot read vocabulary " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(json.format())) {
      throw new IOException(file + ": format '" + json.format() + "', expected '" + FORMAT + "'");
    }
    List<Token> tokens = new ArrayList<>(json.codes().size());
    for (TokenJson t : json.codes()) {
      CodeKind kind = CodeKind.parse(t.kind());
      tokens.add(kind.clinical()
          ? Token.clinical(kind, t.code(), t.description())
          : new Token(kind, t.code(), t.bucket(), t.unit(), t.low(), t.high(), t.description()));
    }
    Vocabulary v = new Vocabulary(tokens, json.labels(), json.chronicLabelCount(), json.seed(), json.labelDefinitions());
    if (!v.hash().equals(json.hash())) {
      throw new IOException(file + ": content hash " + v.hash() + " differs from the recorded " + json.hash()
          + " (the file was edited); refit the vocabulary");
    }
    return v;
  }

  /** The kinds that have codes, in {@link CodeKind} order: the modalities of records made with this vocabulary. */
  public List<CodeKind> kinds() {
    return countsByKind().entrySet().stream().filter(e -> e.getValue() > 0).map(Map.Entry::getKey).toList();
  }

  /** Counts of codes by kind, in {@link CodeKind} order. */
  public Map<CodeKind, Integer> countsByKind() {
    Map<CodeKind, Integer> m = new LinkedHashMap<>();
    for (CodeKind k : CodeKind.values()) m.put(k, 0);
    for (Token t : codes) m.merge(t.kind(), 1, Integer::sum);
    return m;
  }

  @Override
  public String toString() {
    return "Vocabulary[" + hash + ": " + codeCount() + " codes " + countsByKind() + ", " + labelCount() + " labels"
        + (labelCodes != null ? ", chronic labels defined by codes" : "") + "]";
  }
}
