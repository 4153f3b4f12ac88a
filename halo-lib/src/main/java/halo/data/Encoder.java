package halo.data;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns patients into {@link EncodedPatient}s with a fitted {@link Vocabulary}: clinical codes by
 * lookup, labs into their bucket codes, the gap in days since the previous visit into a gap bucket
 * code (visits after the first), chronic and demographic labels into label indices.
 *
 * <p>Nothing is dropped silently: codes and labs the vocabulary does not know (test codes unseen in
 * training, protocol Part A §1), values clipped into the outermost buckets, and records truncated to
 * the context (the most recent {@code maxVisits} visits are kept, Part A §2) are counted in the
 * {@link Report}.
 *
 * <p>Labels describe the record a model sees. When the vocabulary defines chronic labels by codes
 * ({@link Vocabulary#definesLabels()}: Synthea's chronic families, MIMIC-III's phenotypes), a record
 * has a chronic label exactly when one of the label's defining codes is among its kept codes; labels
 * of the loaded history whose codes all lie outside the kept window (or are unknown to the vocabulary)
 * are not set, and counted per label. Labels given as such (a long CSV) are kept as given.
 */
public final class Encoder {
  private final Vocabulary vocabulary;
  private final int maxVisits;
  /** Per chronic label its defining codes (sorted), when the vocabulary defines labels. */
  private final int[][] definitions;

  /**
   * @param maxVisits the most visits a record keeps (n_ctx − 2 for HALO's layout: start row and
   *     label row come first); longer records keep their most recent visits
   */
  public Encoder(Vocabulary vocabulary, int maxVisits) {
    if (maxVisits < 1) throw new IllegalArgumentException("maxVisits must be >= 1, got " + maxVisits);
    this.vocabulary = vocabulary;
    this.maxVisits = maxVisits;
    definitions = new int[vocabulary.definesLabels() ? vocabulary.chronicLabelCount() : 0][];
    for (int l = 0; l < definitions.length; l++) definitions[l] = vocabulary.labelCodes(l);
  }

  /** Whether any visit holds one of {@code codes} (both sorted). */
  static boolean holdsAny(int[][] visits, int[] codes) {
    for (int[] v : visits) {
      for (int c : codes) if (Arrays.binarySearch(v, c) >= 0) return true;
    }
    return false;
  }

  /** What encoding dropped, clipped or truncated. */
  public record Report(
      int patients,
      int visits,
      long codes,
      Map<String, Long> unknownCodes,
      long unknownLabs,
      long clippedLabValues,
      long clippedGaps,
      long unknownDemographics,
      int truncatedRecords,
      long truncatedVisits,
      Map<String, Long> labelsOutsideWindow) {
    @Override
    public String toString() {
      return ("encoded %,d patients, %,d visits, %,d codes; dropped codes unknown to the vocabulary %s, "
              + "%,d labs unknown; clipped %,d lab values and %,d gaps outside the training range; "
              + "%,d demographic values unseen in training (no label code); "
              + "%,d records truncated to their most recent visits (%,d visits dropped)%s")
          .formatted(patients, visits, codes, unknownCodes, unknownLabs, clippedLabValues, clippedGaps,
              unknownDemographics, truncatedRecords, truncatedVisits,
              labelsOutsideWindow.isEmpty() ? "" : "; chronic labels of the loaded history not set because none of their defining codes is"
                  + " in the kept visits: " + labelsOutsideWindow);
    }
  }

  /** The encoded cohort and the report of what encoding did. */
  public record Result(EncodedCohort cohort, Report report) {}

  public Result encode(List<Patient> patients) {
    Map<String, Long> unknown = new TreeMap<>();
    long unknownLabs = 0, clippedLabs = 0, clippedGaps = 0, truncatedVisits = 0, codes = 0;
    long[] unknownDemographics = {0};
    Map<String, Long> outside = new LinkedHashMap<>();
    int truncated = 0, visitsOut = 0;
    List<EncodedPatient> out = new ArrayList<>(patients.size());
    for (Patient p : patients) {
      List<Visit> visits = p.visits();
      int first = Math.max(0, visits.size() - maxVisits);
      if (first > 0) {
        truncated++;
        truncatedVisits += first;
      }
      int[][] encoded = new int[visits.size() - first][];
      for (int t = first; t < visits.size(); t++) {
        Visit v = visits.get(t);
        it.unimi.dsi.fastutil.ints.IntAVLTreeSet row = new it.unimi.dsi.fastutil.ints.IntAVLTreeSet();
        for (CodeKind k : List.of(CodeKind.DIAGNOSIS, CodeKind.PROCEDURE, CodeKind.MEDICATION)) {
          for (String c : v.codes(k)) {
            int i = vocabulary.indexOf(k, c);
            if (i < 0) unknown.merge(k.prefix(), 1L, Long::sum);
            else row.add(i);
          }
        }
        for (Lab lab : v.labs()) {
          Discretizer d = vocabulary.labs().get(lab.code());
          if (d == null) {
            unknownLabs++;
            continue;
          }
          if (d.isClipped(lab.value())) clippedLabs++;
          row.add(vocabulary.labToken(lab.code(), lab.value()));
        }
        if (t > 0 && vocabulary.gaps() != null) {
          double days = ChronoUnit.DAYS.between(visits.get(t - 1).date(), v.date());
          if (vocabulary.gaps().isClipped(days)) clippedGaps++;
          row.add(vocabulary.gapToken(days));
        }
        encoded[t - first] = row.toIntArray();
        codes += row.size();
      }
      visitsOut += encoded.length;
      out.add(new EncodedPatient(p.id(), labelsOf(p, encoded, unknownDemographics, outside), encoded));
    }
    var report = new Report(out.size(), visitsOut, codes, unknown, unknownLabs, clippedLabs, clippedGaps, unknownDemographics[0],
        truncated, truncatedVisits, outside);
    return new Result(new EncodedCohort(vocabulary.hash(), out), report);
  }

  /**
   * Label indices of a patient: its chronic labels (derived from its kept codes when the vocabulary
   * defines them, else as given) and demographic labels known to the vocabulary; a demographic value
   * unseen in training has no label code and is counted in {@code unknown[0]}; a label of the history
   * that the kept codes do not support is counted in {@code outside}.
   */
  int[] labelsOf(Patient p, int[][] kept, long[] unknown, Map<String, Long> outside) {
    it.unimi.dsi.fastutil.ints.IntAVLTreeSet ls = new it.unimi.dsi.fastutil.ints.IntAVLTreeSet();
    for (String name : p.labels()) {
      int l = vocabulary.labelIndexOf(name);
      if (l < 0 || l >= vocabulary.chronicLabelCount()) {
        throw new IllegalArgumentException("patient " + p.id() + " has label '" + name
            + "' that is not among the vocabulary's chronic labels " + vocabulary.labels().subList(0, vocabulary.chronicLabelCount()));
      }
      if (!vocabulary.definesLabels()) ls.add(l);
    }
    if (vocabulary.definesLabels()) {
      for (int l = 0; l < vocabulary.chronicLabelCount(); l++) {
        if (holdsAny(kept, definitions[l])) ls.add(l);
        else if (p.labels().contains(vocabulary.label(l))) outside.merge(vocabulary.label(l), 1L, Long::sum);
      }
    }
    for (String name : p.demographics().labelNames()) {
      int l = vocabulary.labelIndexOf(name);
      if (l >= 0) ls.add(l);
      else unknown[0]++;
    }
    return ls.toIntArray();
  }
}
