package halo.experiment;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Token;
import halo.data.Vocabulary;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.ModelKind;
import halo.model.VisitProbabilities;
import halo.sample.LabelSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Beyond the paper's unconditional cohorts: HALO generating records for a given label row (chronic
 * conditions and demographics, paper §"conditional generation"), and continuing a real record's
 * history, with the model's own probabilities for the next visit.
 */
public final class ConditionalGeneration {
  public static final String ID = "08-conditional-generation";
  private ConditionalGeneration() {}

  /** The default example: women with diabetes, 500 records (50 at smoke scale). */
  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    return run(wb, List.of("diabetes", "sex:f"), wb.scale() == Scale.SMOKE ? 50 : 500, log);
  }

  /**
   * Notebook 08's tables: a cohort generated for {@code labels} profiled against matching real
   * records, a test record continued by HALO, and HALO's probabilities for one of its visits.
   */
  public static ExperimentResult run(Workbench wb, List<String> labels, int n, PrintStream log) throws IOException {
    var cohort = conditioned(wb, labels, n, Models.GENERATION_SEED, log);
    String patient = exampleTestRecord(wb);
    return new ExperimentResult.Builder(ID, Models.provenance(wb, List.of(ModelKind.HALO),
            "labels " + labels + ", " + n + " records, seed " + Models.GENERATION_SEED))
        .table("profile", profile(wb, labels, cohort))
        .table("continuation", continuation(wb, patient, 2, 3, Models.GENERATION_SEED, log))
        .table("next-visit", nextVisit(wb, patient, 3, 15, log))
        .build();
  }

  /** Label indices for label names (chronic names such as "diabetes", demographics such as "sex:f"). */
  public static int[] labels(Vocabulary v, List<String> names) {
    int[] out = new int[names.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = v.labelIndexOf(names.get(i));
      if (out[i] < 0) {
        throw new IllegalArgumentException("unknown label '" + names.get(i) + "': the vocabulary has " + v.labels());
      }
    }
    Arrays.sort(out);
    return out;
  }

  /**
   * {@code n} HALO records generated for the labels {@code names}: each record's label row holds them
   * and the other labels (sex, race, other chronic conditions, ...) drawn as they occur among the real
   * training records that carry {@code names} ({@link halo.sample.LabelPrior}), so the cohort looks like
   * real patients with those labels rather than patients with nothing else.
   */
  public static EncodedCohort conditioned(Workbench wb, List<String> names, int n, long seed, PrintStream log) throws IOException {
    LabelSpec spec = LabelSpec.of(wb.dataset().vocabulary(), names);
    try (GenerativeModel m = Models.load(wb, ModelKind.HALO, log)) {
      return Models.generator(wb, m).sample(spec, n, seed, "cond-").cohort();
    }
  }

  /**
   * How a conditioned cohort compares with the real training records that carry the same labels.
   * Per chronic label: the share of records carrying the label and the share holding its marker — the
   * label's defining codes when the data defines labels by codes, else the code whose share of records
   * most exceeds, among records with the label, its share among records without it — among all real
   * records, among real records with the requested labels, and among the generated records.
   * Conditioning works when {@code generated} follows {@code real_matching} rather than {@code real_all}.
   */
  public static Table profile(Workbench wb, List<String> names, EncodedCohort generated) {
    Vocabulary v = wb.dataset().vocabulary();
    int[] ls = labels(v, names);
    List<EncodedPatient> train = wb.dataset().train().patients();
    List<EncodedPatient> matching = train.stream().filter(p -> IntStream.of(ls).allMatch(p::hasLabel)).toList();
    Table t = Table.create("Chronic labels and their marker codes: share of records, generated for " + names + " vs real",
        StringColumn.create("label"), StringColumn.create("marker"), DoubleColumn.create("label_real_all"),
        DoubleColumn.create("label_real_matching"), DoubleColumn.create("label_generated"), DoubleColumn.create("marker_real_all"),
        DoubleColumn.create("marker_real_matching"), DoubleColumn.create("marker_generated"), IntColumn.create("real_matching_records"),
        IntColumn.create("generated_records"));
    int[] marker = markers(v, train);
    for (int l = 0; l < v.chronicLabelCount(); l++) {
      int label = l;
      t.stringColumn("label").append(v.label(l));
      int[] codes = v.definesLabels() ? v.labelCodes(l) : marker[l] < 0 ? new int[0] : new int[] {marker[l]};
      t.stringColumn("marker").append(v.definesLabels() ? "its " + codes.length + " defining code" + (codes.length == 1 ? "" : "s")
          : codes.length == 0 ? "" : v.code(codes[0]).description().isEmpty() ? v.code(codes[0]).code() : v.code(codes[0]).description());
      t.doubleColumn("label_real_all").append(share(train, p -> p.hasLabel(label)));
      t.doubleColumn("label_real_matching").append(share(matching, p -> p.hasLabel(label)));
      t.doubleColumn("label_generated").append(share(generated.patients(), p -> p.hasLabel(label)));
      t.doubleColumn("marker_real_all").append(holding(train, codes));
      t.doubleColumn("marker_real_matching").append(holding(matching, codes));
      t.doubleColumn("marker_generated").append(holding(generated.patients(), codes));
      t.intColumn("real_matching_records").append(matching.size());
      t.intColumn("generated_records").append(generated.size());
    }
    return t;
  }

  /** For each chronic label, the code maximising P(code in record | label) − P(code in record | no label); −1 if none. */
  static int[] markers(Vocabulary v, List<EncodedPatient> records) {
    int labels = v.chronicLabelCount();
    int codes = v.codeCount();
    long[][] with = new long[labels][codes];
    long[][] without = new long[labels][codes];
    long[] n = new long[labels];
    for (EncodedPatient p : records) {
      int[] distinct = Arrays.stream(p.visits()).flatMapToInt(Arrays::stream).filter(c -> c < codes).distinct().toArray();
      for (int l = 0; l < labels; l++) {
        boolean has = p.hasLabel(l);
        if (has) n[l]++;
        long[] row = has ? with[l] : without[l];
        for (int c : distinct) row[c]++;
      }
    }
    int[] out = new int[labels];
    for (int l = 0; l < labels; l++) {
      out[l] = -1;
      long pos = n[l], neg = records.size() - n[l];
      if (pos == 0 || neg == 0) continue;
      double best = Double.NEGATIVE_INFINITY;
      for (int c = 0; c < codes; c++) {
        double d = with[l][c] / (double) pos - without[l][c] / (double) neg;
        if (d > best) {
          best = d;
          out[l] = c;
        }
      }
    }
    return out;
  }

  /** Share of records holding any of {@code codes} in any visit (NaN for no records or no codes). */
  private static double holding(List<EncodedPatient> ps, int[] codes) {
    if (codes.length == 0) return Double.NaN;
    return share(ps, p -> Arrays.stream(p.visits())
        .anyMatch(vis -> Arrays.stream(codes).anyMatch(c -> Arrays.binarySearch(vis, c) >= 0)));
  }

  private static double share(List<EncodedPatient> ps, Predicate<EncodedPatient> test) {
    return ps.isEmpty() ? Double.NaN : ps.stream().filter(test).count() / (double) ps.size();
  }

  /**
   * A real test record continued by HALO: its first {@code keep} visits are given, the rest are
   * sampled {@code samples} times. One row per visit of the real record and of each continuation.
   */
  public static Table continuation(Workbench wb, String patientId, int keep, int samples, long seed, PrintStream log)
      throws IOException {
    Vocabulary v = wb.dataset().vocabulary();
    EncodedPatient real = wb.dataset().cohort().select(List.of(patientId)).patients().get(0);
    List<EncodedPatient> generated;
    try (GenerativeModel m = Models.load(wb, ModelKind.HALO, log)) {
      generated = Models.generator(wb, m).continueRecords(Collections.nCopies(samples, real), keep, seed, "cont-").cohort().patients();
    }
    Table t = Table.create("Record " + patientId + ": the real history after visit " + keep + " and " + samples + " continuations",
        StringColumn.create("source"), IntColumn.create("visit"), StringColumn.create("codes"));
    List<EncodedPatient> all = new ArrayList<>();
    all.add(real);
    all.addAll(generated);
    for (int s = 0; s < all.size(); s++) {
      EncodedPatient p = all.get(s);
      // the given prefix is shown once, with the real record; then up to 3 visits after it
      for (int i = s == 0 ? 0 : keep; i < Math.min(p.visitCount(), keep + 3); i++) {
        t.stringColumn("source").append(i < keep ? "given" : s == 0 ? "real" : "sample " + s);
        t.intColumn("visit").append(i + 1);
        t.stringColumn("codes").append(describe(v, p.visits()[i]));
      }
    }
    return t;
  }

  /**
   * HALO's probabilities for the codes of visit {@code visit} (1-based) of a real record given all
   * before it: the {@code top} most probable codes and whether the real visit has them.
   */
  public static Table nextVisit(Workbench wb, String patientId, int visit, int top, PrintStream log) throws IOException {
    Vocabulary v = wb.dataset().vocabulary();
    EncodedPatient real = wb.dataset().cohort().select(List.of(patientId)).patients().get(0);
    if (visit < 1 || visit > real.visitCount()) {
      throw new IllegalArgumentException("record " + patientId + " has visits 1.." + real.visitCount() + ", not " + visit);
    }
    float[] p;
    try (GenerativeModel m = Models.load(wb, ModelKind.HALO, log)) {
      p = Capabilities.require(m, VisitProbabilities.class, "give per-code visit probabilities").rowProbabilities(List.of(real)).get(0)[visit];
    }
    Integer[] order = IntStream.range(0, v.codeCount()).boxed().toArray(Integer[]::new);
    Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    int[] present = real.visits()[visit - 1];
    Table t = Table.create("HALO's P(code in visit " + visit + " of " + patientId + " | history and earlier codes)",
        StringColumn.create("code"), DoubleColumn.create("probability"), StringColumn.create("in_real_visit"));
    for (int i = 0; i < Math.min(top, order.length); i++) {
      int c = order[i];
      t.stringColumn("code").append(v.code(c).label());
      t.doubleColumn("probability").append(p[c]);
      t.stringColumn("in_real_visit").append(Arrays.binarySearch(present, c) >= 0 ? "yes" : "");
    }
    return t;
  }

  /** The first test record with at least 4 visits (for the continuation and next-visit examples). */
  public static String exampleTestRecord(Workbench wb) {
    return wb.dataset().test().patients().stream().filter(p -> p.visitCount() >= 4).findFirst()
        .orElseThrow(() -> new IllegalStateException("no test record has 4 visits")).id();
  }

  static String describe(Vocabulary v, int[] codes) {
    List<String> s = new ArrayList<>();
    for (int c : codes) {
      Token t = v.code(c);
      s.add(t.label());
    }
    return String.join("; ", s);
  }
}
