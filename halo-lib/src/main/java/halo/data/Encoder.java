package halo.data;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
 */
public final class Encoder {
  private final Vocabulary vocabulary;
  private final int maxVisits;

  /**
   * @param maxVisits the most visits a record keeps (n_ctx − 2 for HALO's layout: start row and
   *     label row come first); longer records keep their most recent visits
   */
  public Encoder(Vocabulary vocabulary, int maxVisits) {
    if (maxVisits < 1) throw new IllegalArgumentException("maxVisits must be >= 1, got " + maxVisits);
    this.vocabulary = vocabulary;
    this.maxVisits = maxVisits;
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
      long truncatedVisits) {
    @Override
    public String toString() {
      return ("encoded %,d patients, %,d visits, %,d codes; dropped codes unknown to the vocabulary %s, "
              + "%,d labs unknown; clipped %,d lab values and %,d gaps outside the training range; "
              + "%,d demographic values unseen in training (no label code); "
              + "%,d records truncated to their most recent visits (%,d visits dropped)")
          .formatted(patients, visits, codes, unknownCodes, unknownLabs, clippedLabValues, clippedGaps,
              unknownDemographics, truncatedRecords, truncatedVisits);
    }
  }

  /** The encoded cohort and the report of what encoding did. */
  public record Result(EncodedCohort cohort, Report report) {}

  public Result encode(List<Patient> patients) {
    Map<String, Long> unknown = new TreeMap<>();
    long unknownLabs = 0, clippedLabs = 0, clippedGaps = 0, truncatedVisits = 0, codes = 0;
    long[] unknownDemographics = {0};
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
      out.add(new EncodedPatient(p.id(), labelsOf(p, unknownDemographics), encoded));
    }
    var report = new Report(out.size(), visitsOut, codes, unknown, unknownLabs, clippedLabs, clippedGaps, unknownDemographics[0],
        truncated, truncatedVisits);
    return new Result(new EncodedCohort(vocabulary.hash(), out), report);
  }

  /**
   * Label indices of a patient: its chronic labels and demographic labels known to the vocabulary; a
   * demographic value unseen in training has no label code and is counted in {@code unknown[0]}.
   */
  int[] labelsOf(Patient p, long[] unknown) {
    it.unimi.dsi.fastutil.ints.IntAVLTreeSet ls = new it.unimi.dsi.fastutil.ints.IntAVLTreeSet();
    for (String name : p.labels()) {
      int l = vocabulary.labelIndexOf(name);
      if (l < 0 || l >= vocabulary.chronicLabelCount()) {
        throw new IllegalArgumentException("patient " + p.id() + " has label '" + name
            + "' that is not among the vocabulary's chronic labels " + vocabulary.labels().subList(0, vocabulary.chronicLabelCount()));
      }
      ls.add(l);
    }
    for (String name : p.demographics().labelNames()) {
      int l = vocabulary.labelIndexOf(name);
      if (l >= 0) ls.add(l);
      else unknown[0]++;
    }
    return ls.toIntArray();
  }
}
