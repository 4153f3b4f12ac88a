package halo.train;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.model.RecordLikelihood;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training stops on validation within step budgets, whatever the data size, and says why. */
class TrainingBudgetTest {
  static final Vocabulary VOC = Fixtures.vocabulary(20, 2);
  static final List<EncodedPatient> TRAIN = Fixtures.random(VOC, 40, 6, 1);
  static final List<EncodedPatient> VAL = Fixtures.random(VOC, 12, 6, 2);

  static HaloConfig config() {
    return HaloConfig.smoke().withKind(ModelKind.HALO_COARSE).withModel(s -> s.embedding(16).context(9)).withTraining(t -> t.batchSize(8)).withSeed(7);
  }

  @Test
  void givenAStepBudget_whenTrainingForManyEpochs_thenItStopsAtTheBudgetAndValidatesTheLastStep(@TempDir Path dir) throws Exception {
    // 40 records in batches of 8: 5 steps an epoch; 100 epochs would be 500 steps
    try (GenerativeModel m = GenerativeModel.create(config().withTraining(t -> t.epochs(100).steps(0, 13).validateEvery(5)), VOC)) {
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir));
      assertEquals(13, r.steps());
      assertEquals("the step budget (13 steps) was reached", r.stopReason());
      assertEquals(3, r.validations().size(), "steps 5, 10 and the last step, 13");
      assertEquals(13, Checkpoint.restore(dir.resolve(Trainer.LAST), m, null).step());
    }
  }

  @Test
  void givenAStepBudget_whenInterruptedAndResumed_thenTheRunEqualsAnUninterruptedOne(@TempDir Path dir) throws Exception {
    HaloConfig c = config().withTraining(t -> t.epochs(100).steps(0, 13).validateEvery(5));
    double[] straight, resumed;
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("a")));
      straight = ((RecordLikelihood) m).logProbabilities(VAL);
    }
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.Result first = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("b")).withStopAfterSteps(6));
      assertTrue(first.interrupted());
    }
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet().withDir(dir.resolve("b")).withResume(true));
      assertEquals(13, r.steps());
      resumed = ((RecordLikelihood) m).logProbabilities(VAL);
    }
    assertArrayEquals(straight, resumed, 0.0, "a resumed budgeted run takes exactly the steps of an uninterrupted one");
  }

  @Test
  void givenPatience_whenValidationStopsImproving_thenTrainingStopsButNotBeforeTheMinimum() throws Exception {
    // a large step size on 40 random records overfits at once: validation loss rises after a few steps
    HaloConfig c = config().withTraining(t -> t.epochs(100).learningRate(0.05).validateEvery(1).patience(2).steps(30, 400));
    try (GenerativeModel m = GenerativeModel.create(c, VOC)) {
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet());
      assertTrue(r.stoppedEarly(), r.stopReason());
      assertTrue(r.steps() >= 30, "not before minSteps: " + r.steps());
      assertTrue(r.steps() < 400, "before the budget: " + r.steps());
      assertTrue(r.stopReason().startsWith("validation loss did not improve for 2 validations"), r.stopReason());
      // the last two validations are no better than the best one
      List<Double> v = r.validations();
      double best = v.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
      assertTrue(v.get(v.size() - 1) > best && v.get(v.size() - 2) > best, v.toString());
    }
    // without a minimum the same run stops earlier
    try (GenerativeModel m = GenerativeModel.create(c.withTraining(t -> t.steps(0, 400)), VOC)) {
      Trainer.Result r = Trainer.fit(m, TRAIN, VAL, Trainer.Options.quiet());
      assertTrue(r.stoppedEarly() && r.steps() < 30, r.steps() + ": " + r.stopReason());
    }
  }
}
