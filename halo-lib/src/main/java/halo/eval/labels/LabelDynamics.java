package halo.eval.labels;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.VisitProbabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * How a model follows a chronic label through real records, teacher-forced: why its synthetic records
 * do or do not keep the label–code rule that {@link LabelConsistency} counts. For each chronic label l
 * defined by codes and each model with {@link VisitProbabilities}, over the real records (each scored
 * on the visits the model sees):
 * <ul>
 *   <li><b>onset</b>: at a visit before any defining code of l (at risk), the probability that one
 *       appears now — in records with l, the real rate (onsets / visits at risk) and the model's mean
 *       probability; in records without l, the model's mean probability (the real rate is 0 when labels
 *       are derived from the record's codes);
 *   <li><b>recurrence</b>: at a visit after one holding a defining code, the real rate at which one is
 *       held again, and the model's mean probability (with active coding the real rate is about 1);
 *   <li><b>first</b>: in records with l, the share whose first visit holds a defining code (first_real)
 *       and the model's mean probability that it does (first): a condition present before the kept
 *       window is coded from its first visit on;
 *   <li><b>end_at_risk</b>: in records with l, at a visit at risk that holds no defining code, the model's
 *       mean probability that the record ends with this visit (the end token of its row). The real rate
 *       is 0: a record with l holds one of its codes before it ends. A model that ends records here
 *       generates labelled records without the label's codes however well it times the onset;
 *   <li><b>unlabelled_with_code</b>: over the records without l, the model's mean probability that some
 *       visit would hold a defining code, 1 − Π over the visits at risk of P(none): the share of
 *       unlabelled records a generator drawing from these probabilities would give the code.
 * </ul>
 * P(some defining code) at a visit is 1 − Π_c (1 − p_c) over the defining codes: exact for models
 * whose codes are independent given the history (HALO-Coarse, the LSTM), an approximation for HALO,
 * whose head conditions a code on the codes before it in its row.
 */
public final class LabelDynamics {
  private LabelDynamics() {}

  /** Records scored per call of {@link VisitProbabilities#rowProbabilities}. */
  static final int BATCH = 64;

  /**
   * Columns: label, name, model, records, labelled, onset_real, onset_labelled, onset_unlabelled,
   * recurrence_real, recurrence, first_real, first, end_at_risk, unlabelled_with_code (NaN where no
   * visit qualifies).
   *
   * @throws IllegalStateException when the vocabulary's labels are given, not defined by codes
   */
  public static Table of(Vocabulary v, EncodedCohort real, Map<String, ? extends VisitProbabilities> models) {
    if (!v.definesLabels()) throw new IllegalStateException("label dynamics need labels defined by codes; the labels of this dataset are given as such");
    Table t = Table.create("Label dynamics, teacher-forced on real records: onset and recurrence of each chronic label's codes (closer to real is better)",
        IntColumn.create("label"), StringColumn.create("name"), StringColumn.create("model"), IntColumn.create("records"), IntColumn.create("labelled"),
        DoubleColumn.create("onset_real"), DoubleColumn.create("onset_labelled"), DoubleColumn.create("onset_unlabelled"),
        DoubleColumn.create("recurrence_real"), DoubleColumn.create("recurrence"), DoubleColumn.create("first_real"), DoubleColumn.create("first"),
        DoubleColumn.create("end_at_risk"), DoubleColumn.create("unlabelled_with_code"));
    int end = v.endToken();
    for (var e : models.entrySet()) {
      VisitProbabilities m = e.getValue();
      List<EncodedPatient> records = new ArrayList<>();
      for (EncodedPatient p : real.patients()) records.add(p.visitCount() > m.maxVisits() ? p.lastVisits(m.maxVisits()) : p);
      List<float[][]> probs = new ArrayList<>(records.size());
      for (int i = 0; i < records.size(); i += BATCH) probs.addAll(m.rowProbabilities(records.subList(i, Math.min(records.size(), i + BATCH))));
      for (int l = 0; l < v.chronicLabelCount(); l++) {
        int[] codes = v.labelCodes(l);
        if (codes.length == 0) continue;
        double atRiskL = 0, onsetsL = 0, pOnsetL = 0, atRiskU = 0, pOnsetU = 0, after = 0, recurred = 0, pRecur = 0, unlabelledWithCode = 0;
        double firsts = 0, pFirst = 0, quietAtRisk = 0, pEndQuiet = 0; // labelled records: first visits; visits at risk without a code
        int labelled = 0, unlabelled = 0;
        for (int i = 0; i < records.size(); i++) {
          EncodedPatient p = records.get(i);
          boolean has = p.hasLabel(l);
          if (has) labelled++;
          else unlabelled++;
          boolean seen = false;
          double none = 1; // P(no defining code at any visit at risk so far), unlabelled records
          float[][] pr = probs.get(i);
          for (int j = 0; j < p.visitCount(); j++) {
            float[] row = pr[j + 1]; // row 0 predicts the label row, row j + 1 visit j
            double noneNow = 1;
            for (int c : codes) noneNow *= 1 - row[c];
            boolean present = LabelConsistency.holdsAny(p.visits()[j], codes);
            if (seen) {
              after++;
              pRecur += 1 - noneNow;
              if (present) recurred++;
            } else if (has) {
              atRiskL++;
              pOnsetL += 1 - noneNow;
              if (present) onsetsL++;
              else {
                quietAtRisk++;
                pEndQuiet += row[end];
              }
            } else {
              atRiskU++;
              pOnsetU += 1 - noneNow;
              none *= noneNow;
            }
            if (has && j == 0) {
              pFirst += 1 - noneNow;
              if (present) firsts++;
            }
            seen |= present;
          }
          if (!has) unlabelledWithCode += 1 - none;
        }
        t.intColumn("label").append(l);
        t.stringColumn("name").append(v.label(l));
        t.stringColumn("model").append(e.getKey());
        t.intColumn("records").append(records.size());
        t.intColumn("labelled").append(labelled);
        t.doubleColumn("onset_real").append(ratio(onsetsL, atRiskL));
        t.doubleColumn("onset_labelled").append(ratio(pOnsetL, atRiskL));
        t.doubleColumn("onset_unlabelled").append(ratio(pOnsetU, atRiskU));
        t.doubleColumn("recurrence_real").append(ratio(recurred, after));
        t.doubleColumn("recurrence").append(ratio(pRecur, after));
        t.doubleColumn("first_real").append(ratio(firsts, labelled));
        t.doubleColumn("first").append(ratio(pFirst, labelled));
        t.doubleColumn("end_at_risk").append(ratio(pEndQuiet, quietAtRisk));
        t.doubleColumn("unlabelled_with_code").append(ratio(unlabelledWithCode, unlabelled));
      }
    }
    return t;
  }

  private static double ratio(double a, double b) {
    return b == 0 ? Double.NaN : a / b;
  }
}
