package halo.eval.utility;

import halo.data.EncodedPatient;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Records with a binary target (positive = has the label under study). */
public record LabelledRecords(List<EncodedPatient> records, boolean[] positive) {
  public LabelledRecords {
    records = List.copyOf(records);
    positive = positive.clone();
    if (records.size() != positive.length) {
      throw new IllegalArgumentException(records.size() + " records but " + positive.length + " targets");
    }
  }

  public int size() {
    return records.size();
  }

  public int positives() {
    int n = 0;
    for (boolean b : positive) if (b) n++;
    return n;
  }

  /** {@code pos} positives followed by {@code neg} negatives. */
  public static LabelledRecords of(List<EncodedPatient> pos, List<EncodedPatient> neg) {
    List<EncodedPatient> all = new ArrayList<>(pos);
    all.addAll(neg);
    boolean[] y = new boolean[all.size()];
    for (int i = 0; i < pos.size(); i++) y[i] = true;
    return new LabelledRecords(all, y);
  }

  /** This set followed by {@code other}. */
  public LabelledRecords concat(LabelledRecords other) {
    List<EncodedPatient> all = new ArrayList<>(records);
    all.addAll(other.records);
    boolean[] y = new boolean[all.size()];
    System.arraycopy(positive, 0, y, 0, positive.length);
    System.arraycopy(other.positive, 0, y, positive.length, other.positive.length);
    return new LabelledRecords(all, y);
  }

  /** The same records with the targets permuted (a null model for tests). */
  public LabelledRecords shuffledTargets(SplittableRandom random) {
    boolean[] y = positive.clone();
    for (int i = y.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      boolean t = y[i];
      y[i] = y[j];
      y[j] = t;
    }
    return new LabelledRecords(records, y);
  }
}
