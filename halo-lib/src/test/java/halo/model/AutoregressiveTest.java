package halo.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.blocks.VisitModel;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The autoregressive property by perturbation: toggling code j of visit t changes HALO's
 * probabilities only for codes > j of visit t and for later visits; HALO-Coarse's and the LSTM's only
 * for later visits; toggling a label moves every visit, never the label row's own prediction. Also: the
 * cached sampling session gives the same teacher-forced probabilities. HALO is checked with and
 * without its label path.
 */
class AutoregressiveTest {
  static final Vocabulary VOC = Fixtures.vocabulary(10, 2); // V = 15

  @Test
  void givenToggledCode_whenScored_thenOnlyLaterOutputsMove() {
    EncodedPatient base = new EncodedPatient("p", new int[] {1}, new int[][] {{0, 3, 7}, {2, 5}, {1, 4, 8}, {6}});
    int visit = 1; // row 3 of the layout
    int row = visit + 2;
    for (var cfg : FastPathTest.visitConfigs().entrySet()) {
      ModelKind k = cfg.getValue().kind();
      try (GenerativeModel g = GenerativeModel.create(cfg.getValue().withModel(s -> s.context(8)), VOC)) {
        VisitProbabilities m = (VisitProbabilities) g;
        for (int j : new int[] {0, 5, 9}) {
          TreeSet<Integer> s = new TreeSet<>();
          for (int c : base.visits()[visit]) s.add(c);
          if (!s.remove(j)) s.add(j);
          int[][] visits = base.visits().clone();
          visits[visit] = s.stream().mapToInt(Integer::intValue).toArray();
          EncodedPatient changed = new EncodedPatient("p", base.labels(), visits);
          List<float[][]> p = m.rowProbabilities(List.of(base, changed));
          float[][] a = p.get(0), b = p.get(1);
          // predicted row index r-1 predicts layout row r
          for (int r = 1; r < row; r++) {
            for (int c = 0; c < VOC.size(); c++) assertEquals(a[r - 1][c], b[r - 1][c], 0f, k + " earlier row " + r + " token " + c);
          }
          double within = 0;
          for (int c = 0; c < VOC.size(); c++) {
            double diff = Math.abs(a[row - 1][c] - b[row - 1][c]);
            if (k != ModelKind.HALO || c <= j) assertEquals(0, diff, 1e-7, k + " toggled j=" + j + " moved token " + c + " of its own row");
            else within = Math.max(within, diff);
          }
          if (k == ModelKind.HALO && j < VOC.size() - 1) assertTrue(within > 1e-6, "HALO: tokens after j=" + j + " must depend on it");
          double later = 0;
          for (int c = 0; c < VOC.size(); c++) later = Math.max(later, Math.abs(a[row][c] - b[row][c]));
          assertTrue(later > 1e-6, k + ": the next visit must depend on the toggled code");
        }
      }
    }
  }

  @Test
  void givenToggledLabel_whenScored_thenTheLabelRowsOwnPredictionStaysAndEveryVisitMoves() {
    EncodedPatient base = new EncodedPatient("p", new int[] {1}, new int[][] {{0, 3, 7}, {2, 5}, {1, 4, 8}});
    EncodedPatient changed = new EncodedPatient("p", new int[] {0, 1}, base.visits());
    for (var cfg : FastPathTest.visitConfigs().entrySet()) {
      try (VisitModel m = VisitModel.create(cfg.getValue().withModel(s -> s.context(8)), VOC)) {
        FastPathTest.perturbParams(m);
        List<float[][]> p = ((VisitProbabilities) m).rowProbabilities(List.of(base, changed));
        // HALO's label tokens after the toggled one see it (its own row); nothing else in the label row may
        int seen = cfg.getValue().kind() == ModelKind.HALO ? VOC.labelToken(0) : VOC.size() - 1;
        for (int c = 0; c <= seen; c++) assertEquals(p.get(0)[0][c], p.get(1)[0][c], 0f, cfg.getKey() + ": the label row is predicted from the start row alone");
        for (int r = 1; r < p.get(0).length; r++) {
          double moved = 0;
          for (int c = 0; c < VOC.size(); c++) moved = Math.max(moved, Math.abs(p.get(0)[r][c] - p.get(1)[r][c]));
          assertTrue(moved > 1e-6, cfg.getKey() + ": visit row " + r + " must depend on the labels");
        }
      }
    }
  }

  @Test
  void givenRealRows_whenFedThroughCachedSession_thenProbabilitiesEqualFullForward() {
    List<EncodedPatient> ps = Fixtures.random(VOC, 4, 4, 8);
    for (var cfg : FastPathTest.visitConfigs().entrySet()) {
      String k = cfg.getKey();
      try (VisitModel m = VisitModel.create(cfg.getValue().withModel(s -> s.context(8)), VOC)) {
        FastPathTest.perturbParams(m);
        List<float[][]> full = ((VisitProbabilities) m).rowProbabilities(ps);
        for (int i = 0; i < ps.size(); i++) {
          int[][] rows = RecordLayout.rows(ps.get(i), VOC);
          try (RowSampling.Session s = ((RowSampling) m).openSampling(1)) {
            for (int t = 0; t + 1 < rows.length; t++) {
              s.feed(new int[][] {rows[t]});
              float[] cached = s.probabilities(new int[][] {rows[t + 1]})[0];
              for (int c = 0; c < VOC.size(); c++) {
                assertEquals(full.get(i)[t][c], cached[c], 2e-5, k + " patient " + i + " row " + (t + 1) + " token " + c);
              }
            }
          }
        }
      }
    }
  }
}
