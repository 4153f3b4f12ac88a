package halo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training is unaffected by when the garbage collector runs. DJL's {@code mul(Number)} and friends
 * back a constant with a Java buffer that autograd keeps for backward but the collector can free
 * (see {@code halo.model.blocks.Scalars}); with that bug a thread calling {@code System.gc()} turned HALO's
 * loss to NaN within a few steps. Here the same run with and without such a thread must give
 * bit-identical, finite losses.
 */
class GcSafetyTest {
  @ParameterizedTest
  @EnumSource(ModelKind.class)
  void givenAGarbageCollectorRunningConstantly_whenTraining_thenLossesAreIdenticalToAQuietRun(ModelKind kind) throws IOException {
    Vocabulary voc = Fixtures.vocabulary(150, 4);
    List<EncodedPatient> train = Fixtures.random(voc, 96, 10, 9);
    HaloConfig c = HaloConfig.smoke().withKind(kind).withModel(s -> s.embedding(32).layers(2).heads(2))
        .withModel(s -> s.context(12)).withTraining(t -> t.batchSize(32).epochs(20).learningRate(1e-3));
    double quiet = train(c, voc, train, false);
    double collected = train(c, voc, train, true);
    assertTrue(Double.isFinite(quiet), "loss without collector " + quiet);
    assertEquals(quiet, collected, 0.0, kind + ": the loss depends on when the garbage collector ran");
  }

  private static double train(HaloConfig c, Vocabulary voc, List<EncodedPatient> train, boolean collect) throws IOException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread gc = new Thread(() -> {
      while (!stop.get()) {
        System.gc();
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    gc.setDaemon(true);
    if (collect) gc.start();
    try (GenerativeModel m = GenerativeModel.create(c, voc, train)) { // the text GPT learns its tokenizer from the records
      try {
        return Trainer.fit(m, train, List.of(), Trainer.Options.quiet()).lastTrainLoss();
      } catch (IllegalStateException e) {
        return Double.NaN; // the trainer's non-finite-loss guard
      }
    } finally {
      stop.set(true);
    }
  }
}
