package halo.sample;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.Imputation;
import halo.model.LabelConditioning;
import halo.model.PrefixContinuation;
import halo.model.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Generates records from a model (protocol Part A §5, Part B §3 and §3.7), in batches of {@code
 * config.sampling().batch()}: whole records ({@link GenerativeModel#sample}), records with given label rows
 * (models with {@link LabelConditioning}) or real records continued after their first visits (models
 * with {@link PrefixContinuation}); asking a model for what it cannot do is refused with a message
 * naming the model and the capability. For the visit models that is exact ancestral sampling: a
 * key/value cache (or LSTM state) makes each new row one step, HALO's rows are sampled token by token,
 * and a record leaves the batch once a visit row holds the end token or the context is full. GPT
 * samples tokens, EVA whole records from its prior, SynTEG each visit from its GAN.
 *
 * <p>Decoding (Part B §3.3): labels are the label tokens of row 1; visits are rows 2.. up to and
 * including the one with the end token, codes only; generated rows without a code are dropped and
 * counted (the authors' decoder drops them too).
 */
public final class Generator {
  /** Mixed into the seed of the generator that draws label rows from the prior, apart from the sampling stream. */
  private static final long LABEL_STREAM = 0x4C4142454C53L;

  private final GenerativeModel model;
  private final Vocabulary vocabulary;
  private final LabelPrior prior;

  /** Label rows come from the model (it samples them as the first row after the start row). */
  public Generator(GenerativeModel model) {
    this(model, null);
  }

  /**
   * Label rows are drawn from {@code prior} (the training split's label rows, see {@link LabelPrior}
   * for why) whenever the model can be conditioned on a label row, then the model samples the visits
   * given them; a model without {@link LabelConditioning} samples its own. A null prior means label
   * rows from the model.
   */
  public Generator(GenerativeModel model, LabelPrior prior) {
    this.model = model;
    this.vocabulary = model.vocabulary();
    if (prior != null) vocabulary.requireHash(prior.vocabularyHash(), "the label prior");
    this.prior = prior;
  }

  /** Where this generator's label rows come from: "training label rows" or "the model". */
  public String labelRowSource() {
    return prior != null && model instanceof LabelConditioning ? "drawn from the training split's label rows" : "sampled by the model";
  }

  /**
   * What a generation produced.
   *
   * @param cohort the generated records, ids {@code prefix0, prefix1, ...}
   * @param emptyVisitsDropped generated visit rows without any code, dropped
   * @param rows the raw generated rows of each record (start row first)
   * @param seconds wall time
   */
  public record Result(EncodedCohort cohort, int emptyVisitsDropped, List<int[][]> rows, double seconds) {
    public double recordsPerSecond() {
      return cohort.size() / Math.max(seconds, 1e-9);
    }
  }

  /**
   * {@code count} records: label rows drawn from the prior when there is one and the model can be
   * conditioned (then visits given them), else sampled by the model with the rest of the record.
   */
  public Result sample(int count, long seed, String idPrefix) {
    if (prior != null && model instanceof LabelConditioning) return sample(LabelSpec.NONE, count, seed, idPrefix);
    return run(count, (from, to, rng) -> model.sample(to - from, rng), seed, idPrefix);
  }

  /**
   * {@code count} records whose label rows agree with {@code spec}: each a full label row drawn from
   * the training rows that agree with it (the unspecified labels from their empirical distribution
   * given the specified ones), then visits sampled given it.
   *
   * @throws IllegalStateException without a prior (a partial specification cannot be completed)
   * @throws IllegalArgumentException when the model cannot be conditioned on labels, or no training
   *     record agrees with {@code spec}
   */
  public Result sample(LabelSpec spec, int count, long seed, String idPrefix) {
    labelConditioning();
    if (prior == null) {
      throw new IllegalStateException("conditioning on " + spec.describe(vocabulary.labels()) + " needs the training split's label rows"
          + " (a LabelPrior, label-prior.json next to the checkpoint) to complete the unspecified labels");
    }
    return sampleWithLabels(prior.draw(count, spec, new Rng(seed ^ LABEL_STREAM)), seed, idPrefix);
  }

  /**
   * The label rows the model itself samples (its first sampled row), {@code count} of them: what
   * unconditional generation without a prior gives, for diagnostics (sorted label indices).
   */
  public List<int[]> modelLabelRows(int count, long seed) {
    int c = vocabulary.codeCount();
    int l = vocabulary.labelCount();
    List<int[]> out = new ArrayList<>(count);
    Rng rng = new Rng(seed);
    int batch = model.config().sampling().batch();
    for (int from = 0; from < count; from += batch) {
      int n = Math.min(count, from + batch) - from;
      for (int[] row : model.sampleLabelRows(n, rng)) out.add(Arrays.stream(row).filter(x -> x >= c && x < c + l).map(x -> x - c).toArray());
    }
    return out;
  }

  private LabelConditioning labelConditioning() {
    return Capabilities.require(model, LabelConditioning.class, "be conditioned on labels");
  }

  /**
   * One record per given label set (label indices 0 ≤ l < L: chronic labels and demographics), used
   * as the record's whole label row: labels not in a set are absent. See {@link #sample(LabelSpec, int,
   * long, String)} to complete a partial specification realistically.
   */
  public Result sampleWithLabels(List<int[]> labelSets, long seed, String idPrefix) {
    LabelConditioning c = labelConditioning();
    List<int[]> rows = new ArrayList<>(labelSets.size());
    for (int[] labels : labelSets) rows.add(labelRow(labels));
    return run(rows.size(), (from, to, rng) -> c.sampleWithLabelRows(rows.subList(from, to), rng), seed, idPrefix);
  }

  /** Continues each real record after its first {@code keepVisits} visits (its labels are kept). */
  public Result continueRecords(List<EncodedPatient> records, int keepVisits, long seed, String idPrefix) {
    PrefixContinuation c = Capabilities.require(model, PrefixContinuation.class, "continue a record");
    List<int[][]> prefixes = new ArrayList<>(records.size());
    for (EncodedPatient p : records) {
      int k = Math.min(Math.min(keepVisits, p.visitCount()), model.config().model().maxVisits() - 1);
      int[][] rows = new int[k + 2][];
      rows[0] = new int[] {vocabulary.startToken()};
      rows[1] = labelRow(p.labels());
      for (int t = 0; t < k; t++) rows[t + 2] = p.visits()[t];
      prefixes.add(rows);
    }
    return run(prefixes.size(), (from, to, rng) -> c.continueRecords(prefixes.subList(from, to), rng), seed, idPrefix);
  }

  /**
   * What an imputation produced: per record the given history with the imputed codes in place (the
   * next visit appended, or visit k's modality replaced), the real codes they stand in for and the
   * imputed ones; records with too few visits for the task are skipped and counted.
   */
  public record Imputed(ImputeTask task, int keepVisits, EncodedCohort cohort, List<int[]> truth, List<int[]> imputed, int skipped,
      double seconds) {}

  /**
   * Imputes {@code task} for each record that has enough visits ({@link ImputeTask#visitsNeeded}), given
   * its first {@code keepVisits} visits, in batches of {@code config.sampling().batch()}, drawing from
   * one generator seeded by {@code seed}.
   *
   * @throws IllegalArgumentException when the model has no {@link Imputation}, or cannot impute the modality
   */
  public Imputed impute(List<EncodedPatient> records, ImputeTask task, int keepVisits, long seed, String idPrefix) {
    Imputation m = Capabilities.require(model, Imputation.class, "impute " + (task.nextVisit() ? "the next visit" : task.modality().prefix() + " codes"));
    if (!task.nextVisit() && !m.imputableModalities().contains(task.modality())) {
      throw Imputation.refused(model.config().kind().id(), task.modality(), m.imputableModalities());
    }
    if (!task.nextVisit() && keepVisits < 1) throw new IllegalArgumentException("imputing a modality needs at least one kept visit (it fills in the last)");
    long t0 = System.nanoTime();
    List<EncodedPatient> given = new ArrayList<>();
    List<int[]> truth = new ArrayList<>();
    for (EncodedPatient p : records) {
      if (p.visitCount() < task.visitsNeeded(keepVisits)) continue;
      given.add(task.given(p, keepVisits));
      truth.add(task.truth(p, keepVisits, vocabulary));
    }
    Rng rng = new Rng(seed);
    List<int[]> imputed = new ArrayList<>(given.size());
    int size = model.config().sampling().batch();
    for (int from = 0; from < given.size(); from += size) {
      List<EncodedPatient> b = given.subList(from, Math.min(given.size(), from + size));
      imputed.addAll(task.nextVisit() ? m.imputeNextVisit(b, rng) : m.imputeModality(b, task.modality(), rng));
    }
    List<EncodedPatient> out = new ArrayList<>(given.size());
    List<int[]> codes = new ArrayList<>(given.size());
    for (int i = 0; i < given.size(); i++) {
      EncodedPatient p = given.get(i);
      int[][] visits = task.nextVisit() ? Arrays.copyOf(p.visits(), p.visitCount() + 1) : p.visits().clone();
      int[] filled = imputed.get(i);
      visits[visits.length - 1] = filled;
      codes.add(task.nextVisit() ? filled : Arrays.stream(filled).filter(c -> vocabulary.code(c).kind() == task.modality()).toArray());
      if (filled.length == 0) visits = Arrays.copyOf(visits, visits.length - 1); // the model ended the record, or the visit is empty: no empty visit
      out.add(new EncodedPatient(idPrefix + p.id(), p.labels(), visits));
    }
    return new Imputed(task, keepVisits, new EncodedCohort(vocabulary.hash(), out), truth, codes, records.size() - given.size(),
        (System.nanoTime() - t0) / 1e9);
  }

  private int[] labelRow(int[] labels) {
    int[] row = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= vocabulary.labelCount()) {
        throw new IllegalArgumentException("label index " + labels[i] + " outside [0, " + vocabulary.labelCount() + ")");
      }
      row[i] = vocabulary.labelToken(labels[i]);
    }
    Arrays.sort(row);
    return row;
  }

  /** Samples records [from, to) of a generation, drawing from {@code rng}: their rows, start row first. */
  private interface Batch {
    List<int[][]> sample(int from, int to, Rng rng);
  }

  /** Samples {@code count} records in batches of {@code config.sampling().batch()}, all drawing from one generator seeded by {@code seed}. */
  private Result run(int count, Batch batch, long seed, String idPrefix) {
    long t0 = System.nanoTime();
    Rng rng = new Rng(seed);
    List<int[][]> all = new ArrayList<>(count);
    int size = model.config().sampling().batch();
    for (int from = 0; from < count; from += size) all.addAll(batch.sample(from, Math.min(count, from + size), rng));
    List<EncodedPatient> patients = new ArrayList<>(all.size());
    int dropped = 0;
    for (int i = 0; i < all.size(); i++) {
      Decoded d = decode(all.get(i), idPrefix + i);
      patients.add(d.patient());
      dropped += d.emptyVisits();
    }
    return new Result(new EncodedCohort(vocabulary.hash(), patients), dropped, all, (System.nanoTime() - t0) / 1e9);
  }

  record Decoded(EncodedPatient patient, int emptyVisits) {}

  /** Rows (start row first) to a record: labels from row 1, visits from rows 2.. through the end row. */
  Decoded decode(int[][] rows, String id) {
    int c = vocabulary.codeCount();
    int l = vocabulary.labelCount();
    int[] labels = rows.length > 1 ? Arrays.stream(rows[1]).filter(x -> x >= c && x < c + l).map(x -> x - c).toArray() : new int[0];
    List<int[]> visits = new ArrayList<>();
    int empty = 0;
    for (int t = 2; t < rows.length; t++) {
      int[] codes = Arrays.stream(rows[t]).filter(x -> x < c).toArray();
      if (codes.length == 0) empty++;
      else visits.add(codes);
      if (Arrays.binarySearch(rows[t], vocabulary.endToken()) >= 0) break;
    }
    return new Decoded(new EncodedPatient(id, labels, visits.toArray(int[][]::new)), empty);
  }
}
