package halo.experiment;

import halo.data.EncodedCohort;
import halo.data.Vocabulary;
import halo.eval.privacy.AttributeInference;
import halo.eval.privacy.ExactCopyRate;
import halo.eval.privacy.MembershipInference;
import halo.eval.privacy.NearestNeighbourAdversarialAccuracy;
import halo.model.GenerativeModel;
import halo.model.ModelKind;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * Paper Table 6 and its supplement: does a synthetic cohort leak its training records? Membership
 * inference (the likelihood attack on each model and the nearest-record attack on each synthetic cohort),
 * attribute inference against the real-test baseline, nearest-neighbour adversarial accuracy, and
 * the exact-copy rate the authors' metrics cannot see.
 */
public final class Privacy {
  public static final String ID = "07-privacy";
  public static final List<ModelKind> MODELS = Models.ALL;

  private Privacy() {}

  public static ExperimentResult run(Workbench wb, PrintStream log) throws IOException {
    EncodedCohort train = wb.dataset().train(), test = wb.dataset().test();
    Vocabulary v = wb.dataset().vocabulary();
    Table membership = null, attribute = null, nnaa = null, copies = null;
    MembershipInference mia = MembershipInference.standard();
    for (ModelKind k : MODELS) {
      EncodedCohort syn = Models.synthetic(wb, k, log);
      membership = StatisticalSimilarity.append(membership, mia.datasetAttack(k.id(), train, test, syn, v.codeCount()));
      try (GenerativeModel m = Models.load(wb, k, log)) {
        membership = StatisticalSimilarity.append(membership, mia.modelAttack(k.id(), m, train, test, 64));
      }
      attribute = StatisticalSimilarity.append(attribute,
          AttributeInference.standard().of(k.id(), train, test, syn, v.labelCount(), v.codeCount()));
      nnaa = StatisticalSimilarity.append(nnaa, NearestNeighbourAdversarialAccuracy.standard().of(k.id(), train, test, syn, v.codeCount()));
      copies = StatisticalSimilarity.append(copies, ExactCopyRate.of(k.id(), train, syn));
    }
    return new ExperimentResult.Builder(ID, Models.provenance(wb, MODELS, "attacks: standard sizes, seed " + Workbench.SEED))
        .table("membership-inference", membership)
        .table("attribute-inference", attribute)
        .table("nearest-neighbour-adversarial-accuracy", nnaa)
        .table("exact-copies", copies)
        .build();
  }
}
