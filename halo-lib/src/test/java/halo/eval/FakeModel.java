package halo.eval;

import halo.data.EncodedPatient;
import halo.data.RecordLayout;
import halo.data.Vocabulary;
import halo.model.VisitProbabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntToDoubleFunction;

/**
 * A {@link VisitProbabilities} whose probabilities the test controls: a base probability per token,
 * and for "memorised" records (by id) probability {@code hit} on their true tokens and {@code 1 - hit}
 * elsewhere.
 */
public final class FakeModel implements VisitProbabilities {
  private final Vocabulary vocabulary;
  private final IntToDoubleFunction base;
  private final Set<String> memorised;
  private final double hit;

  public FakeModel(Vocabulary vocabulary, IntToDoubleFunction base, Set<String> memorised, double hit) {
    this.vocabulary = vocabulary;
    this.base = base;
    this.memorised = memorised;
    this.hit = hit;
  }

  public static FakeModel constant(Vocabulary v, double p) {
    return new FakeModel(v, t -> p, Set.of(), 0);
  }

  @Override
  public Vocabulary vocabulary() {
    return vocabulary;
  }

  @Override
  public List<float[][]> rowProbabilities(List<EncodedPatient> batch) {
    List<float[][]> out = new ArrayList<>();
    for (EncodedPatient p : batch) {
      int[][] rows = RecordLayout.rows(p, vocabulary);
      float[][] probs = new float[rows.length - 1][vocabulary.size()];
      for (int r = 0; r < probs.length; r++) {
        if (memorised.contains(p.id())) {
          java.util.Arrays.fill(probs[r], (float) (1 - hit));
          for (int t : rows[r + 1]) probs[r][t] = (float) hit;
        } else {
          for (int j = 0; j < probs[r].length; j++) probs[r][j] = (float) base.applyAsDouble(j);
        }
      }
      out.add(probs);
    }
    return out;
  }
}
