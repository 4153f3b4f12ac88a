package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Packing puts every row a prediction reads (all but each record's last) in its own slot, saves
 * lanes, and lets a row see exactly its own record's earlier rows.
 */
class PackedRowsTest {
  @Test
  void givenRecordsOfMixedLength_whenPacked_thenSlotsAreDisjointAndMaskIsBlockCausal() {
    List<EncodedPatient> ps = Fixtures.random(FastPathTest.VOC, 24, 7, 5);
    RowBatch batch = RowBatch.of(ps, FastPathTest.VOC, 9);
    PackedRows pk = batch.packed();
    assertSame(pk, batch.packed(), "a batch packs its records once: the forward pass and the operation count share the layout");
    assertTrue(pk.lanes() < batch.size(), "packing saved no lane: " + pk.lanes() + " lanes for " + batch.size() + " records");
    int realRows = 0;
    Set<Integer> used = new HashSet<>();
    int[] owner = new int[pk.slots()];
    java.util.Arrays.fill(owner, -1);
    for (int b = 0; b < batch.size(); b++) {
      int len = batch.rows()[b].length - 1; // the last row is not packed: its output predicts nothing
      realRows += len;
      assertTrue(pk.offset()[b] + len <= pk.width(), "record " + b + " overflows its lane");
      for (int t = 0; t < len; t++) {
        assertTrue(used.add(pk.slot(b, t)), "slot " + pk.slot(b, t) + " given twice");
        owner[pk.slot(b, t)] = b;
      }
    }
    // packed, fewer slots stay empty than the padded [B, T] layout leaves
    assertTrue(pk.slots() - realRows < batch.size() * batch.rowCount() - realRows, "packing did not reduce empty slots");
    float[] keep = pk.keep();
    int w = pk.width();
    for (int s = 0; s < pk.slots(); s++) {
      for (int j = 0; j < w; j++) {
        int other = (s / w) * w + j;
        boolean expect = owner[s] < 0 ? other == s : owner[other] == owner[s] && j <= s % w;
        assertEquals(expect ? 1f : 0f, keep[s * w + j], "mask at slot " + s + " -> lane slot " + j);
      }
    }
  }
}
