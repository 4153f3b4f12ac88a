package halo.model.matrix;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import halo.model.GenerativeModel;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.Training;
import halo.sample.Generator;
import halo.train.Trainer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every generator of the patient × code matrix (and the text GPT, whose sentence is a matrix row)
 * learns what the matrix holds: trained on a planted
 * matrix whose codes 0 and 1 always occur together, its records keep the correlation, and trained on
 * the same matrix with code 1 drawn independently, they do not; the marginals and the label row follow.
 */
class MatrixGeneratorsTest {
  /** Each kind's smoke preset with enough training for 1,000 planted records. */
  static HaloConfig config(ModelKind k) {
    HaloConfig c = HaloConfig.preset("smoke", k).withSeed(5);
    return switch (k) {
      case VAE -> c.withModel(s -> s.extras(new VaeModel.Sizes(32, 4, "dx"))).withTraining(t -> t.batchSize(100).epochs(60).learningRate(3e-3));
      case MEDGAN -> c.withModel(s -> s.extras(new MedGanModel.Sizes(32, 64, "dx")))
          .withTraining(t -> t.batchSize(100).epochs(30).learningRate(3e-3).gan(new Training.Gan(400, 2e-4, 2e-4, 0)));
      case CORGAN -> c.withModel(s -> s.extras(new CorGanModel.Sizes(32, 16, 64, true, "dx")))
          .withTraining(t -> t.batchSize(100).epochs(60).learningRate(3e-3).gan(new Training.Gan(400, 2e-4, 2e-4, 0)));
      case DDPM -> c.withModel(s -> s.extras(new DdpmModel.Sizes(64, 50, "dx"))).withTraining(t -> t.batchSize(100).epochs(250).learningRate(3e-3));
      case TEXTGPT -> c.withModel(s -> s.embedding(32).layers(2).heads(2)).withTraining(t -> t.batchSize(50).epochs(40).learningRate(3e-3));
      default -> throw new IllegalArgumentException(k + " is not a matrix generator");
    };
  }

  @ParameterizedTest
  @EnumSource(value = ModelKind.class, names = {"VAE", "MEDGAN", "CORGAN", "DDPM", "TEXTGPT"})
  void givenAPlantedMatrix_whenTrained_thenSamplesKeepTheCorrelationAndOneTrainedOnShuffledColumnsDoesNot(ModelKind k) throws IOException {
    List<EncodedPatient> planted = VaeModelTest.planted(1_000, 1, false);
    assertEquals(1.0, VaeModelTest.correlation(planted, 0, 1), 1e-12, "the planted pair is perfectly correlated");
    List<EncodedPatient> learned = sampleAfterTraining(k, planted);
    List<EncodedPatient> blind = sampleAfterTraining(k, VaeModelTest.planted(1_000, 1, true));
    double rLearned = VaeModelTest.correlation(learned, 0, 1), rBlind = VaeModelTest.correlation(blind, 0, 1);
    System.out.printf("%s planted correlation of codes 0 and 1: trained on planted %.3f, on shuffled %.3f%n", k.id(), rLearned, rBlind);
    assertTrue(rLearned > 0.7, k + ": correlation in samples of a model trained on the planted matrix: " + rLearned);
    assertTrue(Math.abs(rBlind) < 0.25, k + ": correlation in samples of a model trained on shuffled columns: " + rBlind);
    // marginals: codes 0 and 1 at 0.5, the others at 0.25, the label at 0.3 (the label row is modelled too)
    double error = Math.abs(VaeModelTest.share(learned, p -> p.hasLabel(0)) - 0.3);
    for (int code = 0; code < VaeModelTest.VOC.codeCount(); code++) {
      int c = code;
      error += Math.abs(VaeModelTest.share(learned, p -> p.visitCount() == 1 && Arrays.binarySearch(p.visits()[0], c) >= 0) - (c < 2 ? 0.5 : 0.25));
    }
    error /= VaeModelTest.VOC.codeCount() + 1;
    System.out.printf("%s mean absolute error of the marginals: %.3f%n", k.id(), error);
    assertTrue(error < 0.06, k + ": marginals off by " + error + " on average");
    for (EncodedPatient p : learned) assertTrue(p.visitCount() <= 1, "one visit per record: " + p);
  }

  private static List<EncodedPatient> sampleAfterTraining(ModelKind k, List<EncodedPatient> train) throws IOException {
    try (GenerativeModel m = GenerativeModel.create(config(k), VaeModelTest.VOC, train)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet());
      return new Generator(m).sample(2_000, 11, "s").cohort().patients();
    }
  }
}
