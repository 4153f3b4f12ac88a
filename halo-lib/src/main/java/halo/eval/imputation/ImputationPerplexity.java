package halo.eval.imputation;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.eval.Bootstrap;
import halo.eval.NotApplicable;
import halo.model.ImputationLikelihood;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * PromptEHR's longitudinal and cross-modality imputation perplexities (Wang &amp; Sun 2022, Eq. 6–8,
 * Table 2) on real test records, per modality. For a record and modality k, over the visits t that
 * have codes of k (T_k of them, l_tk codes each):
 *
 * <pre>
 *   lpl_k = exp( −(1/T_k) Σ_t (1/l_tk) Σ_l log p(c_l | visits before t) )
 *   mpl_k = exp( −(1/T_k) Σ_t (1/l_tk) Σ_l log p(c_l | visit t's other modalities, visits before t) )
 * </pre>
 *
 * (Eq. 6 and Eq. 7–8 with the mean over modalities left out, since Table 2 reports each modality on its
 * own). As in the paper (§4.1.1), the table gives the median over records, with a seeded percentile
 * bootstrap interval over records; records without codes of k do not count for k. Lower is better; a
 * model that guesses uniformly among n codes scores n.
 */
public final class ImputationPerplexity {
  private ImputationPerplexity() {}

  /** Records scored per call to the model. */
  static final int BATCH = 64;

  /** Per record, its lpl or mpl for modality {@code k} (NaN when it has no codes of k). */
  static double perRecord(ImputationLikelihood.Terms terms, int k) {
    double sum = 0;
    int visits = 0;
    for (int t = 0; t < terms.tokens().length; t++) {
      int n = terms.tokens()[t][k];
      if (n == 0) continue;
      sum += terms.logProbability()[t][k] / n;
      visits++;
    }
    return visits == 0 ? Double.NaN : Math.exp(-sum / visits);
  }

  /**
   * One row per model and modality: model, modality, records (with codes of the modality), lpl, its
   * interval, mpl, its interval, over the first {@code limit} test records with a visit. {@code
   * notApplicable} (name → reason) adds one row per model without {@link ImputationLikelihood}.
   */
  public static Table of(Map<String, ImputationLikelihood> models, Map<String, String> notApplicable, EncodedCohort test, int limit,
      Bootstrap bootstrap) {
    Table t = Table.create("Imputation perplexity on the test set (PromptEHR's lpl and mpl, median over records; lower is better)",
        StringColumn.create("model"), StringColumn.create("modality"), IntColumn.create("records"), DoubleColumn.create("lpl"),
        DoubleColumn.create("lpl_lo"), DoubleColumn.create("lpl_hi"), DoubleColumn.create("mpl"), DoubleColumn.create("mpl_lo"),
        DoubleColumn.create("mpl_hi"));
    List<EncodedPatient> records = test.patients().stream().filter(p -> p.visitCount() > 0).limit(limit).toList();
    models.forEach((name, m) -> {
      List<ImputationLikelihood.Terms> lpl = new ArrayList<>(), mpl = new ArrayList<>();
      for (int from = 0; from < records.size(); from += BATCH) {
        List<EncodedPatient> b = records.subList(from, Math.min(records.size(), from + BATCH));
        lpl.addAll(m.longitudinal(b));
        mpl.addAll(m.crossModality(b));
      }
      List<CodeKind> kinds = m.modalities();
      for (int k = 0; k < kinds.size(); k++) {
        double[] l = values(lpl, k), c = values(mpl, k);
        Row row = new Row(name, kinds.get(k).prefix(), l.length, median(l), bootstrap.of(l.length, idx -> median(pick(l, idx))),
            median(c), bootstrap.of(c.length, idx -> median(pick(c, idx))));
        row.appendTo(t);
      }
    });
    notApplicable.forEach((name, reason) -> NotApplicable.append(t, "model", name, reason));
    return t;
  }

  private record Row(String model, String modality, int records, double lpl, Bootstrap.Interval lplCi, double mpl, Bootstrap.Interval mplCi) {
    void appendTo(Table t) {
      t.stringColumn("model").append(model);
      t.stringColumn("modality").append(modality);
      t.intColumn("records").append(records);
      t.doubleColumn("lpl").append(lpl);
      t.doubleColumn("lpl_lo").append(lplCi.low());
      t.doubleColumn("lpl_hi").append(lplCi.high());
      t.doubleColumn("mpl").append(mpl);
      t.doubleColumn("mpl_lo").append(mplCi.low());
      t.doubleColumn("mpl_hi").append(mplCi.high());
    }
  }

  /** The records' values for modality k, records without codes of k left out. */
  private static double[] values(List<ImputationLikelihood.Terms> terms, int k) {
    return terms.stream().mapToDouble(x -> perRecord(x, k)).filter(x -> !Double.isNaN(x)).toArray();
  }

  private static double[] pick(double[] a, int[] idx) {
    double[] out = new double[idx.length];
    for (int i = 0; i < idx.length; i++) out[i] = a[idx[i]];
    return out;
  }

  /** The median (the mean of the two middle values for an even count); NaN when empty. */
  static double median(double[] a) {
    if (a.length == 0) return Double.NaN;
    double[] s = a.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
