package halo.train;

import static org.junit.jupiter.api.Assertions.*;

import halo.data.EncodedPatient;
import halo.model.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Label-balanced drawing: shares of draws by rarest label, against the weights worked out by hand. */
class LabelBalanceTest {
  /** 100 records with label 0 (10%), 900 with none; labels 1.. are demographic (not chronic). */
  static List<EncodedPatient> train() {
    List<EncodedPatient> out = new ArrayList<>();
    for (int i = 0; i < 1000; i++) out.add(new EncodedPatient("p" + i, i < 100 ? new int[] {0, 2} : new int[] {2}, new int[][] {{0}}));
    return out;
  }

  @Test
  void givenARareLabel_whenBalancingFully_thenItsRecordsGetHalfTheDraws() {
    // alpha 1: weight 1000/100 = 10 for the 100 labelled records, 1000/900 for the 900 others: 1000 + 1000, half each
    LabelBalance b = LabelBalance.of(train(), 1, 1.0);
    Rng rng = new Rng(3);
    long labelled = 0, draws = 0;
    for (int epoch = 0; epoch < 20; epoch++) {
      int[] idx = b.draw(rng);
      assertEquals(1000, idx.length, "an epoch draws as many records as there are");
      for (int i : idx) {
        assertTrue(i >= 0 && i < 1000);
        if (i < 100) labelled++;
        draws++;
      }
    }
    assertEquals(0.5, labelled / (double) draws, 4 * Math.sqrt(0.25 / draws));
    assertTrue(b.describe().contains("#0 0.500 (0.100)"), b.describe());
  }

  @Test
  void givenHalfBalancing_whenDrawing_thenTheShareIsBetweenNaturalAndEven() {
    // alpha 0.5: weights sqrt(10) = 3.162 and sqrt(1.111) = 1.054 -> share 316.2 / (316.2 + 948.7) = 0.25
    LabelBalance b = LabelBalance.of(train(), 1, 0.5);
    Rng rng = new Rng(4);
    long labelled = 0;
    int n = 0;
    for (int epoch = 0; epoch < 20; epoch++) for (int i : b.draw(rng)) { if (i < 100) labelled++; n++; }
    assertEquals(0.25, labelled / (double) n, 4 * Math.sqrt(0.25 * 0.75 / n));
    // the same seed draws the same epoch (resume repeats it)
    assertArrayEquals(b.draw(new Rng(9)), b.draw(new Rng(9)));
  }
}
