package halo.eval.lm;

import halo.data.Dataset;
import halo.data.EncodedCohort;
import halo.eval.Bootstrap;
import halo.eval.NotApplicable;
import halo.model.Capabilities;
import halo.model.GenerativeModel;
import halo.model.VisitProbabilities;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Held-out language-modelling metrics (paper Table 1; protocol Part A §4, Part B §4.1), for several
 * models on the same test set. Every unmasked output counts: all V outputs of the label row and of
 * each visit row, so label, end, start and pad outputs are included, as in the authors' script.
 *
 * <ul>
 *   <li>{@code bce}: mean BCE over unmasked outputs (rows × V), log terms clamped at -100;
 *   <li>{@code bce_diluted}: the authors' value, Σ BCE / (records × (n_ctx - 1) × V), i.e. divided
 *       also by the masked pad rows, so it can be compared with their logs (they average per-batch
 *       means; the two agree exactly when all batches are full, and differ only in the weight of the
 *       last, smaller batch);
 *   <li>micro precision, recall, F1 at p &gt; 0.5 over unmasked outputs;
 *   <li>perplexity per visit exp(-LL / rows) (rows = visits + one label row per record), per present
 *       code exp(-LL / positives) (codes + positive labels + one end token per record), and per
 *       possible code exp(-LL / (rows × V)); LL unclamped, so a saturated wrong prediction gives +∞.
 * </ul>
 *
 * Each perplexity has a seeded bootstrap interval over records. Lower is better for BCE and
 * perplexities; higher for precision, recall and F1.
 */
public final class LanguageModelMetrics {
  private LanguageModelMetrics() {}

  /**
   * One row per model. Columns: model, records, rows, positives, bce, bce_diluted, precision, recall,
   * f1, ppl_visit, ppl_visit_lo, ppl_visit_hi, ppl_code, ppl_code_lo, ppl_code_hi, ppl_possible,
   * n_ctx, records_truncated (test records longer than the model's context, scored on their most
   * recent visits as in training).
   *
   * @param nCtx rows per padded record used for the diluted BCE (HALO's 48 = {@link Dataset#DEFAULT_MAX_VISITS} + 2)
   */
  public static Table of(Map<String, VisitProbabilities> models, EncodedCohort test, int batchSize, int nCtx,
      Bootstrap bootstrap) {
    Table t = Table.create("Language modelling on the test set (BCE, perplexity: lower is better; P/R/F1: higher is better)",
        StringColumn.create("model"), IntColumn.create("records"), LongColumn.create("rows"),
        LongColumn.create("positives"), DoubleColumn.create("bce"), DoubleColumn.create("bce_diluted"),
        DoubleColumn.create("precision"), DoubleColumn.create("recall"), DoubleColumn.create("f1"),
        DoubleColumn.create("ppl_visit"), DoubleColumn.create("ppl_visit_lo"), DoubleColumn.create("ppl_visit_hi"),
        DoubleColumn.create("ppl_code"), DoubleColumn.create("ppl_code_lo"), DoubleColumn.create("ppl_code_hi"),
        DoubleColumn.create("ppl_possible"), IntColumn.create("n_ctx"), IntColumn.create("records_truncated"));
    models.forEach((name, model) -> {
      List<RecordScore> s = TeacherForcedScorer.of(model, test, batchSize);
      int width = model.vocabulary().size();
      Summary all = Summary.of(s, null);
      t.stringColumn("model").append(name);
      t.intColumn("records").append(s.size());
      t.longColumn("rows").append(all.rows);
      t.longColumn("positives").append(all.positives);
      t.doubleColumn("bce").append(all.bce / ((double) all.rows * width));
      t.doubleColumn("bce_diluted").append(all.bce / ((double) s.size() * (nCtx - 1) * width));
      double p = all.tp + all.fp == 0 ? 0 : (double) all.tp / (all.tp + all.fp);
      double r = all.tp + all.fn == 0 ? 0 : (double) all.tp / (all.tp + all.fn);
      t.doubleColumn("precision").append(p);
      t.doubleColumn("recall").append(r);
      t.doubleColumn("f1").append(p + r == 0 ? 0 : 2 * p * r / (p + r));
      t.doubleColumn("ppl_visit").append(Math.exp(-all.ll / all.rows));
      var ciV = bootstrap.of(s.size(), idx -> {
        Summary b = Summary.of(s, idx);
        return Math.exp(-b.ll / b.rows);
      });
      t.doubleColumn("ppl_visit_lo").append(ciV.low());
      t.doubleColumn("ppl_visit_hi").append(ciV.high());
      t.doubleColumn("ppl_code").append(Math.exp(-all.ll / all.positives));
      var ciC = bootstrap.of(s.size(), idx -> {
        Summary b = Summary.of(s, idx);
        return Math.exp(-b.ll / b.positives);
      });
      t.doubleColumn("ppl_code_lo").append(ciC.low());
      t.doubleColumn("ppl_code_hi").append(ciC.high());
      t.doubleColumn("ppl_possible").append(Math.exp(-all.ll / ((double) all.rows * width)));
      t.intColumn("n_ctx").append(nCtx);
      t.intColumn("records_truncated").append(TeacherForcedScorer.truncation(model, test.patients()).records());
    });
    return t;
  }

  /**
   * {@link #of(Map, EncodedCohort, int, int, Bootstrap)} for the models with {@link
   * VisitProbabilities}, then for each other model a row whose {@link NotApplicable#COLUMN} says it
   * has no per-code visit probabilities.
   */
  public static Table ofModels(Map<String, ? extends GenerativeModel> models, EncodedCohort test, int batchSize, int nCtx,
      Bootstrap bootstrap) {
    Table t = of(Capabilities.select(models, VisitProbabilities.class), test, batchSize, nCtx, bootstrap);
    models.forEach((name, m) -> {
      if (!(m instanceof VisitProbabilities)) NotApplicable.append(t, "model", name, Capabilities.notApplicable(name, VisitProbabilities.class));
    });
    return t;
  }

  private record Summary(double ll, double bce, long rows, long positives, long tp, long fp, long fn) {
    static Summary of(List<RecordScore> s, int[] idx) {
      double ll = 0, bce = 0;
      long rows = 0, pos = 0, tp = 0, fp = 0, fn = 0;
      int n = idx == null ? s.size() : idx.length;
      for (int i = 0; i < n; i++) {
        RecordScore r = s.get(idx == null ? i : idx[i]);
        ll += r.logLikelihood();
        bce += r.bce();
        rows += r.rows();
        pos += r.positives();
        tp += r.truePositives();
        fp += r.falsePositives();
        fn += r.falseNegatives();
      }
      return new Summary(ll, bce, rows, pos, tp, fp, fn);
    }
  }
}
