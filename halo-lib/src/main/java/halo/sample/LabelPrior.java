package halo.sample;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Rng;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The label rows of a training split, as a distribution to draw label rows from: each distinct row
 * (the set of a record's label indices: chronic labels and demographics) with the number of training
 * records that carry it.
 *
 * <p><b>Why generation draws label rows from here.</b> A generator's records are only as useful as their
 * labels are realistic. Every real record carries exactly one sex, race, ethnicity and birth decade and
 * a set of chronic labels that co-occur in particular ways; a model trained for a short time on a CPU
 * gets these joint rows wrong (HALO at the default scale: sex:f + sex:m = 1.06, diabetes 0.29 vs 0.20;
 * the LSTM and SynTEG far worse, see results/README.md), and no model here can condition exactly on a
 * <em>partial</em> specification such as {@code diabetes, sex:f}: HALO's label row is autoregressive
 * in label order, so P(other labels | sex:f) would require summing over the labels before sex:f. The
 * empirical distribution gets both right by construction: an unconditional draw has the training
 * split's label prevalences and co-occurrences (up to sampling noise), mutually exclusive groups stay
 * exclusive and exhaustive, and a partial specification is completed from the training rows that agree
 * with it ({@link #draw(LabelSpec, Rng)}), i.e. from the empirical conditional distribution. The model
 * then samples the visits given the label row exactly, as it defines them ({@link Generator}).
 *
 * <p><b>Privacy.</b> A label row drawn here is a row of some training record. Rows are coarse (a sex,
 * race, ethnicity, birth decade and up to a dozen chronic flags) and most are shared by many records,
 * but a rare combination can be unique to one patient; the privacy experiment (notebook 07) measures
 * what the synthetic records, label rows included, give away, and {@link #uniqueRows()} says how many
 * rows occur once. {@code --label-rows model} generates label rows from the model instead.
 *
 * <p>Saved as JSON next to a trained model ({@code label-prior.json}), so a checkpoint can be used
 * without the data it was trained on.
 */
public final class LabelPrior {
  /** File format tag. */
  public static final String FORMAT = "halo-label-prior/1";
  /** The file name in a run folder, next to best.ckpt and vocabulary.json. */
  public static final String FILE = "label-prior.json";

  private final String vocabularyHash;
  private final List<String> labels;
  private final int[][] rows;
  private final long[] counts;
  private final long total;

  private LabelPrior(String vocabularyHash, List<String> labels, int[][] rows, long[] counts) {
    this.vocabularyHash = vocabularyHash;
    this.labels = List.copyOf(labels);
    this.rows = rows;
    this.counts = counts;
    long t = 0;
    for (long c : counts) t += c;
    this.total = t;
    if (t == 0) throw new IllegalArgumentException("a label prior needs at least one record");
  }

  /** The label rows of {@code records} (a training split) and their counts. */
  public static LabelPrior fit(List<EncodedPatient> records, Vocabulary v) {
    if (records.isEmpty()) throw new IllegalArgumentException("cannot fit a label prior on no records");
    TreeMap<int[], long[]> byRow = new TreeMap<>(Arrays::compare);
    for (EncodedPatient p : records) {
      for (int l : p.labels()) {
        if (l >= v.labelCount()) {
          throw new IllegalArgumentException("record " + p.id() + " has label index " + l + " outside the vocabulary's " + v.labelCount());
        }
      }
      byRow.computeIfAbsent(p.labels(), k -> new long[1])[0]++;
    }
    int[][] rows = new int[byRow.size()][];
    long[] counts = new long[byRow.size()];
    int i = 0;
    for (var e : byRow.entrySet()) {
      rows[i] = e.getKey().clone();
      counts[i++] = e.getValue()[0];
    }
    return new LabelPrior(v.hash(), v.labels(), rows, counts);
  }

  /** The hash of the vocabulary whose label indices the rows hold. */
  public String vocabularyHash() {
    return vocabularyHash;
  }

  /** Records the prior was fitted on. */
  public long records() {
    return total;
  }

  /** Number of distinct label rows. */
  public int distinctRows() {
    return rows.length;
  }

  /** Number of label rows carried by exactly one training record. */
  public int uniqueRows() {
    int n = 0;
    for (long c : counts) if (c == 1) n++;
    return n;
  }

  /** Training records whose label row agrees with {@code spec}. */
  public long support(LabelSpec spec) {
    long n = 0;
    for (int r = 0; r < rows.length; r++) if (spec.matches(rows[r])) n += counts[r];
    return n;
  }

  /** Fraction of training records carrying label {@code l}. */
  public double prevalence(int l) {
    return support(LabelSpec.of(new int[] {l}, new int[0])) / (double) total;
  }

  /** One label row (sorted label indices), drawn with the training split's frequencies. */
  public int[] draw(Rng rng) {
    return draw(LabelSpec.NONE, rng);
  }

  /**
   * One full label row agreeing with {@code spec}, drawn from the training rows that agree with it in
   * proportion to their counts: the empirical conditional distribution of the unspecified labels.
   *
   * @throws IllegalArgumentException when no training record agrees with the specification
   */
  public int[] draw(LabelSpec spec, Rng rng) {
    return draw(1, spec, rng).get(0);
  }

  /** {@code n} independent draws of {@link #draw(LabelSpec, Rng)}. */
  public List<int[]> draw(int n, LabelSpec spec, Rng rng) {
    if (n < 0) throw new IllegalArgumentException("count must be >= 0, got " + n);
    long support = support(spec);
    if (support == 0) throw new IllegalArgumentException(noSupport(spec));
    // cumulative counts of the agreeing rows, then a binary search per draw
    int[] idx = new int[rows.length];
    long[] cum = new long[rows.length];
    int m = 0;
    long c = 0;
    for (int r = 0; r < rows.length; r++) {
      if (!spec.matches(rows[r])) continue;
      c += counts[r];
      idx[m] = r;
      cum[m++] = c;
    }
    List<int[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long target = (rng.nextLong() >>> 1) % support;
      int k = Arrays.binarySearch(cum, 0, m, target + 1);
      if (k < 0) k = -k - 1;
      out.add(rows[idx[k]].clone());
    }
    return out;
  }

  private String noSupport(LabelSpec spec) {
    return "no training record has the labels " + spec.describe(labels) + ", so there is no realistic label row to complete it with ("
        + total + " training records, " + rows.length + " distinct label rows); ask for fewer labels, or generate with exactly"
        + " this label row (--exact-labels), knowing that the model has never seen such a row";
  }

  // ---------------------------------------------------------------- persistence

  record RowJson(List<String> labels, long count) {}

  record FileJson(String format, String vocabulary, long records, List<RowJson> rows) {}

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Writes the prior as JSON (atomically), rows by decreasing count. */
  public void save(Path file) throws IOException {
    Integer[] order = new Integer[rows.length];
    for (int i = 0; i < order.length; i++) order[i] = i;
    Arrays.sort(order, Comparator.comparingLong((Integer i) -> -counts[i]).thenComparing(i -> rows[i], Arrays::compare));
    List<RowJson> rs = new ArrayList<>(rows.length);
    for (int i : order) rs.add(new RowJson(Arrays.stream(rows[i]).mapToObj(labels::get).toList(), counts[i]));
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
    try {
      JSON.writeValue(tmp.toFile(), new FileJson(FORMAT, vocabularyHash, total, rs));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Reads a prior written by {@link #save} for vocabulary {@code v}; label names must all be in it. */
  public static LabelPrior load(Path file, Vocabulary v) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("label prior not found: " + file);
    FileJson json;
    try {
      json = JSON.readValue(file.toFile(), FileJson.class);
    } catch (IOException e) {
      throw new IOException("cannot read label prior " + file + ": " + e.getMessage(), e);
    }
    if (!FORMAT.equals(json.format())) throw new IOException(file + ": format '" + json.format() + "', expected '" + FORMAT + "'");
    v.requireHash(json.vocabulary(), file.toString());
    List<RowJson> rs = json.rows() == null ? List.of() : json.rows();
    TreeMap<int[], long[]> byRow = new TreeMap<>(Arrays::compare);
    for (int i = 0; i < rs.size(); i++) {
      RowJson r = rs.get(i);
      if (r.count() < 1) throw new IOException(file + ": row " + (i + 1) + " has count " + r.count() + ", expected >= 1");
      int[] row = new int[r.labels().size()];
      for (int k = 0; k < row.length; k++) {
        row[k] = v.labelIndexOf(r.labels().get(k));
        if (row[k] < 0) throw new IOException(file + ": row " + (i + 1) + " has label '" + r.labels().get(k) + "' unknown to the vocabulary");
      }
      Arrays.sort(row);
      byRow.computeIfAbsent(row, k -> new long[1])[0] += r.count();
    }
    if (byRow.isEmpty()) throw new IOException(file + ": no label rows");
    int[][] rows = new int[byRow.size()][];
    long[] counts = new long[byRow.size()];
    int i = 0;
    for (var e : byRow.entrySet()) {
      rows[i] = e.getKey();
      counts[i++] = e.getValue()[0];
    }
    return new LabelPrior(v.hash(), v.labels(), rows, counts);
  }
}
