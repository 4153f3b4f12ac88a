package halo.experiment;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.data.PatientMatrix;
import halo.eval.EvaluationSuite;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.report.Chart;
import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The LLM-generator comparison (../shared/papers/llm-ehr-generators.md, issue #18) on the patient ×
 * diagnosis matrix: the matrix generators (its VAE, medGAN, CorGAN and DDPM) and the text GPT at four sizes
 * beside HALO, whose longitudinal records are projected onto the same matrix. Its Fig. 1
 * (dimension-wise probabilities and their correlation) and Fig. 2 (covariance MAE between groups of
 * real and synthetic records) with {@link EvaluationSuite#matrix}, the model-size curve of the text
 * GPTs (correlation and real–synthetic covariance MAE against parameters), and each model's size and
 * training cost ({@link Models#summary}).
 */
public final class MatrixComparison {
  public static final String ID = "10-llm-generators";
  /** The models compared besides the text GPTs: the matrix generators (trained here) and HALO (its cohort as the other experiments use it). */
  public static final List<ModelKind> MODELS = List.of(ModelKind.VAE, ModelKind.MEDGAN, ModelKind.CORGAN, ModelKind.DDPM, ModelKind.HALO);
  /** The matrix's columns: diagnoses, as the paper's 1,071 MIMIC-III diagnosis codes. */
  public static final Set<CodeKind> KINDS = EnumSet.of(CodeKind.DIAGNOSIS);

  /**
   * One size of the text GPT: the shared transformer sizes, the rest of the kind's preset unchanged.
   *
   * @param name the model's name in the tables
   * @param embedding E at the default scale
   * @param layers blocks at the default scale
   * @param heads attention heads at the default scale
   * @param paper the GPT-2 model of the paper's size curve whose shape the paper scale uses (E, blocks, heads)
   */
  public record TextSize(String name, int embedding, int layers, int heads, int[] paper) {}

  /**
   * Four sizes spanning 25× in parameters at the default scale (about 37 thousand to 0.94 million with
   * the default cohort's tokenizer), each trained for the same {@value #TEXT_STEPS} steps (about 4.5
   * epochs) so the curve compares sizes at one budget; at the paper scale the shapes of the paper's
   * DistilGPT2, GPT-2, GPT2-Medium and GPT2-Large (82M to 774M parameters with GPT-2's 50,257-token
   * vocabulary), trained from scratch as the kind's paper preset.
   */
  public static final List<TextSize> TEXT_SIZES = List.of(new TextSize("textgpt-xs", 24, 1, 2, new int[] {768, 6, 12}),
      new TextSize("textgpt-s", 64, 2, 4, new int[] {768, 12, 12}), new TextSize("textgpt-m", 96, 3, 4, new int[] {1024, 24, 16}),
      new TextSize("textgpt-l", 128, 4, 4, new int[] {1280, 36, 20}));

  /** Optimizer steps of every text GPT size at the default scale (validation every 100 keeps the best). */
  public static final int TEXT_STEPS = 1_200;

  private MatrixComparison() {}

  /**
   * Every model compared, by name: {@link #MODELS} at the workbench's scale, then the text GPT sizes
   * (at the smoke scale a quarter of their width, at most two blocks).
   */
  public static Map<String, HaloConfig> configs(Workbench wb) {
    Map<String, HaloConfig> out = new LinkedHashMap<>();
    for (ModelKind k : MODELS) out.put(k.id(), Models.config(wb, k));
    HaloConfig text = Models.config(wb, ModelKind.TEXTGPT);
    for (TextSize s : TEXT_SIZES) {
      out.put(s.name(), switch (wb.scale()) {
        case SMOKE -> text.withModel(m -> m.embedding(Math.max(8, s.embedding() / 4)).layers(Math.min(2, s.layers())).heads(2));
        case DEFAULT -> text.withModel(m -> m.embedding(s.embedding()).layers(s.layers()).heads(s.heads())).withTraining(t -> t.steps(TEXT_STEPS, TEXT_STEPS));
        case PAPER -> text.withModel(m -> m.embedding(s.paper()[0]).layers(s.paper()[1]).heads(s.paper()[2]));
      });
    }
    return out;
  }

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    Map<String, HaloConfig> configs = configs(wb);
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (var e : configs.entrySet()) synthetic.put(e.getKey(), Models.synthetic(wb, e.getValue(), Models.GENERATION_SEED, log));
    EvaluationSuite.Report report = EvaluationSuite.matrix(wb.dataset().vocabulary(), wb.dataset().train(), synthetic, KINDS, Workbench.SEED);
    Table models = Models.summary(wb, configs, log);
    Table curve = sizeCurve(report.tables().get("matrix-probability"), report.tables().get("matrix-covariance"), models);
    ExperimentResult.Builder b = new ExperimentResult.Builder(ID, Models.provenance(wb, configs, "matrix of " + PatientMatrix.kindsSpec(KINDS)
        + ", generation seed " + Models.GENERATION_SEED + ", grouping seed " + Workbench.SEED))
        .report(report)
        .table("models", models)
        .table("model-size", curve);
    if (curve.rowCount() > 1) b.chart("model-size-curve", sizeChart(curve));
    return b.build();
  }

  /**
   * The text GPTs' model-size curve: per size, its parameters, training steps, the dimension-wise
   * correlation and the real–synthetic covariance MAE (the mean over group pairs), beside the
   * real–real MAE (the noise floor).
   */
  static Table sizeCurve(Table probability, Table covariance, Table models) {
    Table t = Table.create("Text GPT model-size curve: dimension-wise correlation and covariance MAE against parameters (the paper's Fig. 1 sizes: 0.789, 0.950, 0.998, 0.999 from 82M to 774M)",
        StringColumn.create("model"), LongColumn.create("parameters"), IntColumn.create("embedding"), IntColumn.create("layers"), LongColumn.create("steps"),
        DoubleColumn.create("step_minutes"), DoubleColumn.create("pearson"), DoubleColumn.create("covariance_mae_real_synthetic"),
        DoubleColumn.create("covariance_mae_real_real"));
    for (TextSize s : TEXT_SIZES) {
      int m = rowOf(models.stringColumn("model"), s.name()), p = rowOf(probability.stringColumn("source"), s.name());
      if (m < 0 || p < 0) continue;
      t.stringColumn("model").append(s.name());
      t.longColumn("parameters").append(models.longColumn("parameters").get(m));
      t.intColumn("embedding").append(models.intColumn("embedding").get(m));
      t.intColumn("layers").append(models.intColumn("layers").get(m));
      t.longColumn("steps").append(models.longColumn("steps").get(m));
      t.doubleColumn("step_minutes").append(models.doubleColumn("step_minutes").getDouble(m)); // getDouble: NaN (stored as missing) stays NaN
      t.doubleColumn("pearson").append(probability.doubleColumn("pearson").getDouble(p));
      t.doubleColumn("covariance_mae_real_synthetic").append(covarianceMae(covariance, s.name(), "real-synthetic"));
      t.doubleColumn("covariance_mae_real_real").append(covarianceMae(covariance, s.name(), "real-real"));
    }
    return t;
  }

  /** The mean covariance MAE of {@code source}'s row for {@code pair} in the covariance table (NaN when absent). */
  private static double covarianceMae(Table covariance, String source, String pair) {
    if (covariance == null) return Double.NaN;
    for (int r = 0; r < covariance.rowCount(); r++) {
      if (covariance.stringColumn("source").get(r).equals(source) && covariance.stringColumn("comparison").get(r).equals(pair)
          && covariance.stringColumn("statistic").get(r).equals("covariance_mae")) {
        return covariance.doubleColumn("mean").getDouble(r);
      }
    }
    return Double.NaN;
  }

  private static int rowOf(StringColumn c, String value) {
    for (int r = 0; r < c.size(); r++) if (c.get(r).equals(value)) return r;
    return -1;
  }

  /** The text GPTs' dimension-wise correlation against log10 of their parameters. */
  static Chart sizeChart(Table curve) {
    int n = curve.rowCount();
    double[] x = new double[n], y = new double[n];
    for (int r = 0; r < n; r++) {
      x[r] = Math.log10(curve.longColumn("parameters").get(r));
      y[r] = curve.doubleColumn("pearson").getDouble(r);
    }
    return Chart.lines("Text GPT: dimension-wise correlation against model size", "parameters (log10)", "Pearson correlation of code probabilities",
        new Chart.Series("text GPT", x, y));
  }
}
