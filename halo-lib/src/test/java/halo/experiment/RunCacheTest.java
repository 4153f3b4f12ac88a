package halo.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCacheTest {
  @TempDir Path tmp;

  @Test
  void givenTheSameKeyWhenAskedTwiceThenTheArtifactIsProducedOnce() throws IOException {
    RunCache cache = new RunCache(tmp);
    AtomicInteger calls = new AtomicInteger();
    RunCache.Producer p = f -> Files.writeString(f.resolve("model.txt"), "weights " + calls.incrementAndGet());
    Path a = cache.folder("model", Map.of("data", "abc", "seed", 4), p);
    Path b = cache.folder("model", Map.of("seed", 4, "data", "abc"), p); // key order does not matter
    assertEquals(a, b);
    assertEquals(1, calls.get());
    assertEquals("weights 1", Files.readString(b.resolve("model.txt")));
    Path c = cache.folder("model", Map.of("data", "abc", "seed", 5), p);
    assertNotEquals(a, c, "another seed is another artifact");
    assertEquals(2, calls.get());
  }

  @Test
  void givenAProducerThatFailsWhenAskedAgainThenItIsProducedAgain() throws IOException {
    RunCache cache = new RunCache(tmp);
    Map<String, Object> key = Map.of("x", 1);
    assertThrows(IOException.class, () -> cache.folder("t", key, f -> { throw new IOException("killed"); }));
    assertFalse(cache.has("t", key), "an interrupted artifact is not finished");
    cache.folder("t", key, f -> Files.writeString(f.resolve("ok"), "1"));
    assertTrue(cache.has("t", key));
  }

  @Test
  void givenScaleNamesWhenParsedThenKnownOnesWorkAndOthersFailClearly() {
    assertEquals(Scale.SMOKE, Scale.parse(" Smoke "));
    var e = assertThrows(IllegalArgumentException.class, () -> Scale.parse("huge"));
    assertTrue(e.getMessage().contains("'huge'"));
  }

  @Test
  void givenFolderInsideTheProjectWhenShownThenRelativeElseAbsolute(@org.junit.jupiter.api.io.TempDir Path elsewhere) {
    assertEquals("results/02-language-modeling", ExperimentResult.shown(halo.Halo.root().resolve("results/02-language-modeling")));
    assertEquals(elsewhere.toAbsolutePath().toString(), ExperimentResult.shown(elsewhere));
  }
}
