package halo.sample;

import halo.data.CodeKind;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.Arrays;

/**
 * What an imputation fills in of a real record ({@code ./halo generate --impute}), given the record's
 * first {@code k} visits (PromptEHR §3.4; {@link halo.model.Imputation}):
 *
 * <ul>
 *   <li>{@code next-visit}: visit k + 1, given visits 1..k and the labels;
 *   <li>{@code modality:dx} (or px, rx, lab, gap): visit k's codes of that modality, given visit k's
 *       other codes, visits 1..k−1 and the labels.
 * </ul>
 */
public record ImputeTask(CodeKind modality) {
  /** The longitudinal task. */
  public static final ImputeTask NEXT_VISIT = new ImputeTask(null);

  /** {@code next-visit} or {@code modality:KIND}. */
  public static ImputeTask parse(String s) {
    if (s.equals("next-visit")) return NEXT_VISIT;
    if (s.startsWith("modality:")) return new ImputeTask(CodeKind.parse(s.substring("modality:".length())));
    throw new IllegalArgumentException("unknown imputation '" + s + "': expected next-visit or modality:KIND (KIND one of dx, px, rx, lab, gap)");
  }

  public boolean nextVisit() {
    return modality == null;
  }

  /** The fewest visits a record needs for the task with {@code k} visits kept: k + 1 for the next visit (it is compared with the real one), k for a modality. */
  public int visitsNeeded(int k) {
    return nextVisit() ? k + 1 : k;
  }

  /** The history given to the model: the first k visits (next visit) or the first k, visit k to be filled in. */
  public EncodedPatient given(EncodedPatient p, int k) {
    return new EncodedPatient(p.id(), p.labels(), Arrays.copyOf(p.visits(), k));
  }

  /** The real codes the imputed ones stand in for: visit k + 1, or visit k's codes of the modality. */
  public int[] truth(EncodedPatient p, int k, Vocabulary v) {
    if (nextVisit()) return p.visits()[k];
    return Arrays.stream(p.visits()[k - 1]).filter(c -> v.code(c).kind() == modality).toArray();
  }

  @Override
  public String toString() {
    return nextVisit() ? "next-visit" : "modality:" + modality.prefix();
  }
}
