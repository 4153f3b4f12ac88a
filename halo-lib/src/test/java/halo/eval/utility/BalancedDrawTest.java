package halo.eval.utility;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Balanced sets: evaluation sets hold unique records, training sets upsample scarce positives. */
class BalancedDrawTest {
  /** 7 positives (label 0) and 100 negatives. */
  static List<EncodedPatient> split() {
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < 107; i++) out.add(new EncodedPatient("r" + i, i < 7 ? new int[] {0} : new int[0], new int[][] {{i}}));
    return out;
  }

  @Test
  void givenFewPositives_whenDrawingAnEvaluationSet_thenItHoldsNoDuplicateAndIsSmaller() {
    BalancedDraw d = BalancedDraw.unique(split(), 0, 500, new SplittableRandom(1));
    assertEquals(7, d.perClass());
    assertEquals(14, d.set().size());
    assertEquals(7, d.set().positives());
    assertEquals(14, new HashSet<>(d.set().records()).size(), "the real test set holds no duplicate record");
    assertFalse(d.upsampled());
  }

  @Test
  void givenFewPositives_whenDrawingATrainingSet_thenPositivesAreUpsampledAndFlagged() {
    BalancedDraw d = BalancedDraw.of(split(), 0, 500, new SplittableRandom(1));
    assertEquals(100, d.perClass());
    assertTrue(d.upsampled());
    assertEquals(7, new HashSet<>(d.set().records().subList(0, 100)).size(), "100 draws of 7 positives");
  }
}
