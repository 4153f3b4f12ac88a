package halo.experiment;

import halo.data.CodeKind;
import halo.data.EncodedCohort;
import halo.eval.EvaluationSuite;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LLM-generator comparison (../shared/papers/llm-ehr-generators.md, issue #18) on the patient ×
 * diagnosis matrix: the matrix generators (its VAE, medGAN, CorGAN and DDPM; the text GPTs are to
 * come) beside HALO, whose longitudinal records are projected onto the same matrix. Its Fig. 1
 * (dimension-wise probabilities and their correlation) and Fig. 2 (covariance MAE between groups of
 * real and synthetic records) with {@link EvaluationSuite#matrix}, and each model's size and training
 * cost ({@link Models#summary}).
 */
public final class MatrixComparison {
  public static final String ID = "10-llm-generators";
  /** Every model compared: the matrix generators (trained here) and HALO (its cohort as the other experiments use it). */
  public static final List<ModelKind> MODELS = List.of(ModelKind.VAE, ModelKind.MEDGAN, ModelKind.CORGAN, ModelKind.DDPM, ModelKind.HALO);
  /** The matrix's columns: diagnoses, as the paper's 1,071 MIMIC-III diagnosis codes. */
  public static final Set<CodeKind> KINDS = EnumSet.of(CodeKind.DIAGNOSIS);

  private MatrixComparison() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    Map<String, EncodedCohort> synthetic = new LinkedHashMap<>();
    for (ModelKind k : MODELS) synthetic.put(k.id(), Models.synthetic(wb, k, log));
    return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "matrix of " + halo.data.PatientMatrix.kindsSpec(KINDS)
        + ", generation seed " + Models.GENERATION_SEED + ", grouping seed " + Workbench.SEED))
        .report(EvaluationSuite.matrix(wb.dataset().vocabulary(), wb.dataset().train(), synthetic, KINDS, Workbench.SEED))
        .table("models", Models.summary(wb, MODELS, log))
        .build();
  }
}
