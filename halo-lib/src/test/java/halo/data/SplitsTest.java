package halo.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitsTest {
  private static final List<String> IDS = IntStream.range(0, 100).mapToObj(i -> "p" + i).toList();

  @Test
  void givenHundredIdsWhenSplittingThenProportionsAreTwentyTestEightValidation() {
    Splits s = Splits.of(IDS, 4);
    // test = ceil(0.2 * 100) = 20; validation = ceil(0.1 * 80) = 8; train = 72
    assertEquals(20, s.test().size());
    assertEquals(8, s.validation().size());
    assertEquals(72, s.train().size());
    Set<String> all = new HashSet<>(s.train());
    all.addAll(s.validation());
    all.addAll(s.test());
    assertEquals(new HashSet<>(IDS), all);
  }

  @Test
  void givenTheSameSeedWhenSplittingShuffledInputThenTheSplitIsTheSame() {
    List<String> shuffled = new ArrayList<>(IDS);
    java.util.Collections.reverse(shuffled);
    assertEquals(Splits.of(IDS, 4), Splits.of(shuffled, 4));
    assertNotEquals(Splits.of(IDS, 4).test(), Splits.of(IDS, 5).test());
  }

  @Test
  void givenSavedSplitsWhenLoadingThenEqual(@TempDir Path dir) throws Exception {
    Splits s = Splits.of(IDS, 9);
    s.save(dir);
    assertEquals(s, Splits.load(dir));
  }

  @Test
  void givenDuplicateIdsThenError() {
    assertThrows(IllegalArgumentException.class, () -> Splits.of(List.of("a", "a", "b"), 1));
  }
}
