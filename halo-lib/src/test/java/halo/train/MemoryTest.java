package halo.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import halo.model.Fixtures;
import halo.model.HaloConfig;
import halo.model.ModelKind;
import halo.model.GenerativeModel;
import halo.sample.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Native memory stays flat over many training steps and generations: every batch runs in its own
 * closed sub-manager and scope. Each HALO step here allocates well over 1 MB of intermediates
 * (N ≈ 64·9 predicted rows × D = 64 + 203 head units × 4 bytes ≈ 0.6 MB per head activation, several
 * of them, plus gradients), so leaking one step's arrays would add hundreds of MB over 300 steps.
 */
class MemoryTest {
  @Test
  void givenManySteps_whenTraining_thenResidentMemoryStaysFlat() throws IOException {
    Vocabulary voc = Fixtures.vocabulary(200, 0);
    List<EncodedPatient> train = Fixtures.random(voc, 64, 8, 4);
    HaloConfig c = HaloConfig.smoke().withKind(ModelKind.HALO).withModel(s -> s.embedding(64).layers(1).heads(2))
        .withModel(s -> s.context(10)).withTraining(t -> t.batchSize(64).epochs(60)).withSampleBatch(64);
    try (GenerativeModel m = GenerativeModel.create(c, voc)) {
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet().withStopAfterSteps(40));
      new Generator(m).sample(64, 1, "w");
      int arraysBefore = m.manager().getManagedArrays().size();
      long before = nativeKb();
      Trainer.fit(m, train, List.of(), Trainer.Options.quiet().withStopAfterSteps(200));
      for (int i = 0; i < 5; i++) new Generator(m).sample(64, i, "g");
      long after = nativeKb();
      System.out.println("memory: arrays " + arraysBefore + " -> " + m.manager().getManagedArrays().size() + ", native kB " + before + " -> " + after);
      assertEquals(arraysBefore, m.manager().getManagedArrays().size(), "arrays left attached to the model's manager");
      // a leak of one step's intermediates (> 1 MB) would add > 200 MB; allow allocator noise
      assertTrue(after - before < 100_000, "native memory grew by " + (after - before) + " kB over 200 steps and 5 generations");
    }
  }

  /** Resident memory minus the Java heap in use (the heap grows with ordinary Java garbage). */
  static long nativeKb() throws IOException {
    System.gc();
    Runtime r = Runtime.getRuntime();
    return rssKb() - (r.totalMemory()) / 1024;
  }

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }
}
