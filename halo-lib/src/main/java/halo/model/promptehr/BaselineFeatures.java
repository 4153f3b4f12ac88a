package halo.model.promptehr;

import halo.data.Dataset;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The baseline features of the paper's conditional prompt featurizers (§3.2, Eq. (1)–(2)), with their
 * schema fitted on the training split only: per patient one category id per categorical feature (the
 * multi-hot x_cat over m_c classes) and one float per numerical feature (x_num).
 *
 * <p><b>Categorical features</b> come from the label row of the {@link EncodedPatient}:
 *
 * <ul>
 *   <li>one per chronic label of the vocabulary (its first {@link Vocabulary#chronicLabelCount()}
 *       labels), values {@code absent} / {@code present}. On the default cohort these are defined by
 *       codes (a record has the label when a defining code is among its kept visits), as for HALO's
 *       label conditioning;
 *   <li>one per demographic field, grouped by the prefix of the demographic label names
 *       ({@code sex:f}, {@code race:white}, {@code ethnicity:hispanic}, {@code birth:1950s} give the
 *       features {@code birth}, {@code ethnicity}, {@code race}, {@code sex}), values the text after the
 *       colon. The birth decade is the only age the encoded records carry ({@link NumericBaseline}).
 * </ul>
 *
 * Local ids of each feature: {@link #UNKNOWN} (0) for a value not seen in the training split,
 * {@link #MISSING} (1) for a record without a value for the field, then the training values in sorted
 * order (chronic: absent, present). Global ids ({@link Row#categories()}) add the feature's
 * {@link #offset(int)}, so that ids of all features index one embedding table of
 * {@link #categoryCount()} rows (W0 of Eq. (1)). The set of features comes from the vocabulary's label
 * names, the values of each from the training records only.
 *
 * <p><b>Numerical features</b> are those of a {@link NumericBaseline}, standardised with the mean and
 * standard deviation of the training records that have a value (a feature constant in training keeps
 * sd 1). A missing value ({@code NaN}) becomes 0, the training mean.
 */
public final class BaselineFeatures {
  /** Local id of a value never seen in the training split. */
  public static final int UNKNOWN = 0;
  /** Local id of a record that has no value for the feature. */
  public static final int MISSING = 1;

  private static final String ABSENT = "absent";
  private static final String PRESENT = "present";

  /** A categorical feature: its name and the names of its local ids (0 unknown, 1 missing, then values). */
  public record Feature(String name, List<String> values) {
    public Feature {
      values = List.copyOf(values);
    }

    public int cardinality() {
      return values.size();
    }
  }

  /** One patient's features: global category ids (one per categorical feature) and standardised numbers. */
  public record Row(int[] categories, float[] numbers) {
    public Row {
      categories = categories.clone();
      numbers = numbers.clone();
    }

    @Override
    public int[] categories() {
      return categories.clone();
    }

    @Override
    public float[] numbers() {
      return numbers.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Row r && Arrays.equals(categories, r.categories) && Arrays.equals(numbers, r.numbers);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(categories) + Arrays.hashCode(numbers);
    }

    @Override
    public String toString() {
      return "Row[categories=" + Arrays.toString(categories) + ", numbers=" + Arrays.toString(numbers) + "]";
    }
  }

  private final int labelCount;
  private final int chronicCount;
  private final List<Feature> features;
  private final int[] offsets;
  /** Per label l (chronic or demographic): its feature; per demographic label: its local id (UNKNOWN if unseen in training). */
  private final int[] featureOfLabel;
  private final int[] localOfLabel;
  /** Per chronic label: local ids of absent and present. */
  private final int[][] chronicIds;
  private final NumericBaseline numeric;
  private final double[] mean;
  private final double[] sd;

  private BaselineFeatures(int labelCount, int chronicCount, List<Feature> features, int[] featureOfLabel, int[] localOfLabel,
      int[][] chronicIds, NumericBaseline numeric, double[] mean, double[] sd) {
    this.labelCount = labelCount;
    this.chronicCount = chronicCount;
    this.features = List.copyOf(features);
    this.featureOfLabel = featureOfLabel;
    this.localOfLabel = localOfLabel;
    this.chronicIds = chronicIds;
    this.numeric = numeric;
    this.mean = mean;
    this.sd = sd;
    offsets = new int[features.size() + 1];
    for (int f = 0; f < features.size(); f++) offsets[f + 1] = offsets[f] + features.get(f).cardinality();
  }

  /** Fitted on the dataset's training split. */
  public static BaselineFeatures fit(Dataset dataset, NumericBaseline numeric) {
    return fit(dataset.train().patients(), dataset.vocabulary(), numeric);
  }

  /**
   * Fits the schema on {@code train} (the training split: values seen only elsewhere map to
   * {@link #UNKNOWN}; means and deviations come from these records alone).
   */
  public static BaselineFeatures fit(List<EncodedPatient> train, Vocabulary vocabulary, NumericBaseline numeric) {
    if (train.isEmpty()) throw new IllegalArgumentException("cannot fit baseline features on an empty training split");
    int labels = vocabulary.labelCount(), chronic = vocabulary.chronicLabelCount();
    int[] featureOfLabel = new int[labels];
    int[] localOfLabel = new int[labels];
    List<Feature> features = new ArrayList<>();
    int[][] chronicIds = new int[chronic][];
    // chronic labels: one feature each, values seen among the training records
    for (int l = 0; l < chronic; l++) {
      boolean absent = false, present = false;
      for (EncodedPatient p : train) {
        if (p.hasLabel(l)) present = true;
        else absent = true;
      }
      List<String> values = new ArrayList<>(List.of("(unknown)", "(missing)"));
      chronicIds[l] = new int[] {UNKNOWN, UNKNOWN};
      if (absent) {
        chronicIds[l][0] = values.size();
        values.add(ABSENT);
      }
      if (present) {
        chronicIds[l][1] = values.size();
        values.add(PRESENT);
      }
      featureOfLabel[l] = features.size();
      features.add(new Feature(vocabulary.label(l), values));
    }
    // demographic labels: grouped by prefix, in order of first appearance among the vocabulary's labels
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    for (int l = chronic; l < labels; l++) {
      String name = vocabulary.label(l);
      int colon = name.indexOf(':');
      if (colon <= 0 || colon == name.length() - 1) {
        throw new IllegalArgumentException("demographic label '" + name + "' is not of the form field:value (sex:f, race:white)");
      }
      groups.computeIfAbsent(name.substring(0, colon), k -> new ArrayList<>()).add(l);
    }
    boolean[] seen = new boolean[labels];
    for (EncodedPatient p : train) {
      for (int l : p.labels()) {
        if (l >= labels) throw new IllegalArgumentException("patient " + p.id() + " has label " + l + " outside the vocabulary's " + labels);
        seen[l] = true;
      }
    }
    for (var g : groups.entrySet()) {
      int f = features.size();
      TreeSet<String> values = new TreeSet<>();
      for (int l : g.getValue()) if (seen[l]) values.add(value(vocabulary.label(l)));
      List<String> names = new ArrayList<>(List.of("(unknown)", "(missing)"));
      names.addAll(values);
      for (int l : g.getValue()) {
        featureOfLabel[l] = f;
        localOfLabel[l] = seen[l] ? names.indexOf(value(vocabulary.label(l))) : UNKNOWN;
      }
      features.add(new Feature(g.getKey(), names));
    }
    // numerical features: standardised by the training records that have a value
    int m = numeric.names().size();
    double[] mean = new double[m], sd = new double[m];
    for (int j = 0; j < m; j++) {
      double sum = 0, sq = 0;
      int n = 0;
      for (EncodedPatient p : train) {
        double x = numeric.of(p.id())[j];
        if (Double.isNaN(x)) continue;
        sum += x;
        sq += x * x;
        n++;
      }
      if (n == 0) {
        throw new IllegalArgumentException("numeric feature '" + numeric.names().get(j) + "' has no value among the " + train.size()
            + " training records: drop it from the NumericBaseline");
      }
      mean[j] = sum / n;
      double variance = Math.max(0, sq / n - mean[j] * mean[j]);
      sd[j] = variance > 0 ? Math.sqrt(variance) : 1;
    }
    return new BaselineFeatures(labels, chronic, features, featureOfLabel, localOfLabel, chronicIds, numeric, mean, sd);
  }

  /**
   * The schema a model built from a vocabulary alone uses (PromptEHR is built from config and
   * vocabulary, before it sees records): one feature per chronic label with both values absent and
   * present, one per demographic field with every value the vocabulary's labels name (sorted), and no
   * numerical features. No value is {@link #UNKNOWN} under it: every label of the vocabulary has its id.
   */
  public static BaselineFeatures fromVocabulary(Vocabulary vocabulary) {
    int labels = vocabulary.labelCount(), chronic = vocabulary.chronicLabelCount();
    // one record without labels, one with every chronic label, one per demographic label: every value is seen
    List<EncodedPatient> all = new ArrayList<>();
    int[] chronicAll = new int[chronic];
    for (int l = 0; l < chronic; l++) chronicAll[l] = l;
    all.add(new EncodedPatient("absent", new int[0], new int[0][]));
    all.add(new EncodedPatient("present", chronicAll, new int[0][]));
    for (int l = chronic; l < labels; l++) all.add(new EncodedPatient("demographic" + l, new int[] {l}, new int[0][]));
    return fit(all, vocabulary, NumericBaseline.none());
  }

  /** The categorical feature label {@code l} is a value of (chronic labels: their own feature). */
  public int featureOfLabel(int l) {
    if (l < 0 || l >= labelCount) throw new IllegalArgumentException("label " + l + " outside the vocabulary's " + labelCount);
    return featureOfLabel[l];
  }

  private static String value(String label) {
    return label.substring(label.indexOf(':') + 1);
  }

  // ---------------------------------------------------------------- features of a patient

  /** The features of a patient (of any split). */
  public Row of(EncodedPatient p) {
    int[] local = new int[features.size()];
    Arrays.fill(local, MISSING);
    for (int l = 0; l < chronicCount; l++) local[l] = chronicIds[l][p.hasLabel(l) ? 1 : 0];
    for (int l : p.labels()) {
      if (l >= labelCount) throw new IllegalArgumentException("patient " + p.id() + " has label " + l + " outside the vocabulary's " + labelCount);
      if (l < chronicCount) continue;
      int f = featureOfLabel[l];
      if (local[f] != MISSING) {
        throw new IllegalArgumentException("patient " + p.id() + " has two values of feature '" + features.get(f).name() + "' (labels "
            + Arrays.toString(p.labels()) + ")");
      }
      local[f] = localOfLabel[l];
    }
    int[] global = new int[local.length];
    for (int f = 0; f < local.length; f++) global[f] = offsets[f] + local[f];
    double[] x = numeric.of(p.id());
    float[] numbers = new float[x.length];
    for (int j = 0; j < x.length; j++) numbers[j] = Double.isNaN(x[j]) ? 0f : (float) ((x[j] - mean[j]) / sd[j]);
    return new Row(global, numbers);
  }

  // ---------------------------------------------------------------- schema

  public List<Feature> categorical() {
    return features;
  }

  /** The global id of local id 0 of feature {@code f}. */
  public int offset(int f) {
    return offsets[f];
  }

  /** m_c: the total number of category ids over all categorical features. */
  public int categoryCount() {
    return offsets[features.size()];
  }

  /** The global id meaning "value not seen in training" for feature {@code f}. */
  public int unknownId(int f) {
    return offsets[f] + UNKNOWN;
  }

  /** The global id meaning "no value" for feature {@code f}. */
  public int missingId(int f) {
    return offsets[f] + MISSING;
  }

  /** The index of the categorical feature named {@code name}, or −1. */
  public int feature(String name) {
    for (int f = 0; f < features.size(); f++) if (features.get(f).name().equals(name)) return f;
    return -1;
  }

  /** A readable name of a global category id, e.g. {@code sex=f} or {@code race=(unknown)}. */
  public String categoryName(int id) {
    if (id < 0 || id >= categoryCount()) throw new IllegalArgumentException("category id " + id + " outside [0, " + categoryCount() + ")");
    int f = 0;
    while (offsets[f + 1] <= id) f++;
    return features.get(f).name() + "=" + features.get(f).values().get(id - offsets[f]);
  }

  /** m_u: the names of the numerical features. */
  public List<String> numericNames() {
    return numeric.names();
  }

  /** The training mean of numerical feature {@code j}. */
  public double mean(int j) {
    return mean[j];
  }

  /** The training standard deviation of numerical feature {@code j} (1 when constant in training). */
  public double sd(int j) {
    return sd[j];
  }

  @Override
  public String toString() {
    return "BaselineFeatures[" + features.size() + " categorical (" + categoryCount() + " ids: "
        + features.stream().map(f -> f.name() + " " + (f.cardinality() - 2)).toList() + " values), "
        + numeric.names().size() + " numerical " + numeric.names() + "]";
  }
}
