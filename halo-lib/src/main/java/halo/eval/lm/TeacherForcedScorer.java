package halo.eval.lm;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.VisitProbabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * Scores records under a model with teacher forcing: targets are the rows 1..n+1 of
 * {@link RecordLayout} (the label row, then each visit, the end token inside the last row), matched
 * with the model's {@code [1 + n][V]} probabilities. Used by language-model evaluation and by the
 * likelihood membership attack. A record longer than the model's context ({@link
 * VisitProbabilities#maxVisits()}) is scored on its most recent visits, as training keeps them;
 * {@link #truncation} says how many were cut.
 */
public final class TeacherForcedScorer {
  private TeacherForcedScorer() {}

  /** Scores each record once, in cohort order, asking the model for {@code batchSize} records at a time. */
  public static List<RecordScore> of(VisitProbabilities model, EncodedCohort cohort, int batchSize) {
    return of(model, cohort.patients(), batchSize);
  }

  public static List<RecordScore> of(VisitProbabilities model, List<EncodedPatient> patients, int batchSize) {
    if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    Vocabulary v = model.vocabulary();
    List<RecordScore> out = new ArrayList<>(patients.size());
    int maxVisits = model.maxVisits();
    for (int from = 0; from < patients.size(); from += batchSize) {
      List<EncodedPatient> batch = patients.subList(from, Math.min(patients.size(), from + batchSize)).stream()
          .map(p -> p.lastVisits(maxVisits)).toList();
      List<float[][]> probs = model.rowProbabilities(batch);
      if (probs.size() != batch.size()) {
        throw new IllegalStateException("model returned " + probs.size() + " records for a batch of " + batch.size());
      }
      for (int i = 0; i < batch.size(); i++) out.add(score(batch.get(i), probs.get(i), v));
    }
    return out;
  }

  /**
   * Records longer than a model's context and the visits scoring leaves out of them.
   *
   * @param maxVisits the model's context in visits
   */
  public record Truncation(int records, int of, long visits, int maxVisits) {
    /** A sentence for the output, or null when nothing was cut. */
    public String describe(String model) {
      if (records == 0) return null;
      return "%s: %,d of %,d records have more than %,d visits (the model's context) and are scored on their %,d most recent"
          .formatted(model, records, of, maxVisits, maxVisits) + ", as in training (%,d older visits left out)".formatted(visits);
    }
  }

  /** What {@link #of} leaves out of {@code patients} for {@code model}. */
  public static Truncation truncation(VisitProbabilities model, List<EncodedPatient> patients) {
    int max = model.maxVisits(), records = 0;
    long visits = 0;
    for (EncodedPatient p : patients) {
      if (p.visitCount() > max) {
        records++;
        visits += p.visitCount() - max;
      }
    }
    return new Truncation(records, patients.size(), visits, max);
  }

  /** The score of one record given its {@code [1 + visits][V]} probabilities. */
  public static RecordScore score(EncodedPatient p, float[][] probs, Vocabulary v) {
    int[][] rows = RecordLayout.rows(p, v);
    int predicted = rows.length - 1;
    int width = v.size();
    if (probs.length != predicted) {
      throw new IllegalArgumentException("patient " + p.id() + ": model gave " + probs.length
          + " rows of probabilities, expected " + predicted + " (label row + " + p.visitCount() + " visits)");
    }
    double ll = 0, bce = 0;
    long tp = 0, fp = 0, fn = 0;
    int positives = 0;
    boolean[] target = new boolean[width];
    for (int r = 0; r < predicted; r++) {
      float[] pr = probs[r];
      if (pr.length != width) {
        throw new IllegalArgumentException("patient " + p.id() + ", row " + r + ": " + pr.length
            + " probabilities, expected V = " + width);
      }
      int[] tokens = rows[r + 1];
      for (int t : tokens) target[t] = true;
      positives += tokens.length;
      for (int j = 0; j < width; j++) {
        double q = pr[j];
        boolean y = target[j];
        double lq = Math.log(y ? q : 1 - q);
        ll += lq;
        bce -= Math.max(lq, -100);
        boolean hit = q > 0.5;
        if (hit && y) tp++;
        else if (hit) fp++;
        else if (y) fn++;
      }
      for (int t : tokens) target[t] = false;
    }
    return new RecordScore(p.id(), ll, bce, predicted, positives, tp, fp, fn);
  }
}
