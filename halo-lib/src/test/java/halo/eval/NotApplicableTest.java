package halo.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.Dataset;
import halo.eval.privacy.MembershipInference;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.RecordLikelihood;
import halo.train.BenchCohort;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Metric tables list every model they are given: values for those with the capability, the reason for the others. */
class NotApplicableTest {
  static final Dataset DS = BenchCohort.of(80, 20, 3, 3, 3, 6, 2);

  static GenerativeModel model(ModelKind k) {
    return GenerativeModel.create(HaloConfig.smoke().withKind(k).withModel(s -> s.context(10)), DS.vocabulary());
  }

  /** {@code m} seen only as a {@link GenerativeModel}: a generator with no capability at all. */
  static GenerativeModel withoutCapabilities(GenerativeModel m) {
    return (GenerativeModel) Proxy.newProxyInstance(GenerativeModel.class.getClassLoader(), new Class<?>[] {GenerativeModel.class}, (p, method, args) -> {
      try {
        return method.invoke(m, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    });
  }

  @Test
  void givenAModelWithAndOneWithoutPerCodeProbabilities_whenLanguageModelling_thenOneRowOfValuesAndOneNotApplicable() {
    try (GenerativeModel coarse = model(ModelKind.HALO_COARSE); GenerativeModel eva = model(ModelKind.EVA)) {
      Map<String, GenerativeModel> models = new LinkedHashMap<>();
      models.put("eva", eva);
      models.put("coarse", coarse);
      Table t = EvaluationSuite.languageModelling(models, DS.test()).tables().get("language-modeling");
      assertEquals(List.of("coarse", "eva"), t.stringColumn("model").asList(), "scored models first, then the others");
      assertEquals(List.of("", "not applicable: eva has no per-code visit probabilities"), t.stringColumn(NotApplicable.COLUMN).asList());
      assertTrue(t.doubleColumn("bce").get(0) > 0 && Double.isFinite(t.doubleColumn("bce").get(0)), "coarse is scored");
      assertTrue(t.doubleColumn("bce").isMissing(1), "eva has no value");
    }
  }

  @Test
  void givenAModelWithoutRecordLikelihood_whenAttacked_thenTheMembershipTableSaysTheAttackDoesNotApply() {
    try (GenerativeModel gpt = model(ModelKind.GPT)) {
      MembershipInference mia = new MembershipInference(20, 5, new Bootstrap(20, 0.95, 5));
      Table scored = mia.modelAttack("gpt", gpt, DS.train(), DS.test(), 16);
      assertFalse(scored.containsColumn(NotApplicable.COLUMN), "gpt has a record likelihood: a row of values only");
      assertTrue(Double.isFinite(scored.doubleColumn("auroc").get(0)));
      Table none = mia.modelAttack("bare", withoutCapabilities(gpt), DS.train(), DS.test(), 16);
      assertEquals(1, none.rowCount());
      assertEquals("model (likelihood)", none.stringColumn("attack").get(0));
      assertEquals("not applicable: bare has no record likelihood", none.stringColumn(NotApplicable.COLUMN).get(0));
      assertTrue(none.doubleColumn("auroc").isMissing(0));
      assertFalse(withoutCapabilities(gpt) instanceof RecordLikelihood);
      NotApplicable.align(scored, none); // as experiments accumulate the rows of every model
      scored.append(none);
      assertEquals(List.of("", "not applicable: bare has no record likelihood"), scored.stringColumn(NotApplicable.COLUMN).asList());
    }
  }
}
