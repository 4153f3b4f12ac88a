package halo.eval.labels;

import halo.data.EncodedCohort;
import halo.data.EncodedPatient;
import halo.data.Vocabulary;
import java.util.Arrays;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Whether records carry the codes their labels stand for: for every chronic label l defined by codes
 * ({@link Vocabulary#labelCodes(int)}), P(a defining code in the record | label l) and P(label l | a
 * defining code in the record), per source. In real data whose labels are derived from the kept codes
 * (the Synthea and MIMIC-III loaders) both are 1 by construction; a generator that learned the
 * dependency between its label row and its visits comes close to 1, one that ignores its label row
 * gives P(code | label) near the code's overall frequency. No published comparison reports this; the
 * paper's phenotyping experiment depends on it without measuring it.
 *
 * <p>Beside them, <b>recurrence</b>: over the visits that follow a visit holding a defining code, the
 * share that hold one again. With chronic conditions coded active (a condition's codes carried into
 * every visit while it lasts, the default cohort's representation) the real rate is about 1; a
 * generator that drops a condition it has coded gives less, and one that codes an acute event as if
 * chronic gives more than real.
 */
public final class LabelConsistency {
  private LabelConsistency() {}

  /**
   * Columns: label, name, source, records, with_label, code_given_label, with_code, label_given_code,
   * after_code (visits following a visit with a defining code), recurrence (the share of those that
   * hold one again); each share NaN when the conditioning event never occurs.
   *
   * @throws IllegalStateException when the vocabulary's labels are given, not defined by codes
   */
  public static Table of(Vocabulary v, Map<String, EncodedCohort> sources) {
    if (!v.definesLabels()) {
      throw new IllegalStateException("label consistency needs labels defined by codes; the labels of this dataset are given as such");
    }
    Table t = Table.create("Label consistency: P(defining code | label) and P(label | defining code) (closer to real is better)",
        IntColumn.create("label"), StringColumn.create("name"), StringColumn.create("source"), IntColumn.create("records"),
        IntColumn.create("with_label"), DoubleColumn.create("code_given_label"), IntColumn.create("with_code"),
        DoubleColumn.create("label_given_code"), IntColumn.create("after_code"), DoubleColumn.create("recurrence"));
    for (int l = 0; l < v.chronicLabelCount(); l++) {
      int[] codes = v.labelCodes(l);
      for (var e : sources.entrySet()) {
        int withLabel = 0, withCode = 0, both = 0, after = 0, recurred = 0;
        for (EncodedPatient p : e.getValue().patients()) {
          boolean label = p.hasLabel(l), code = false, previous = false;
          for (int[] visit : p.visits()) {
            boolean now = holdsAny(visit, codes);
            if (previous) {
              after++;
              if (now) recurred++;
            }
            previous = now;
            code |= now;
          }
          if (label) withLabel++;
          if (code) withCode++;
          if (label && code) both++;
        }
        t.intColumn("label").append(l);
        t.stringColumn("name").append(v.label(l));
        t.stringColumn("source").append(e.getKey());
        t.intColumn("records").append(e.getValue().size());
        t.intColumn("with_label").append(withLabel);
        t.doubleColumn("code_given_label").append(withLabel == 0 ? Double.NaN : (double) both / withLabel);
        t.intColumn("with_code").append(withCode);
        t.doubleColumn("label_given_code").append(withCode == 0 ? Double.NaN : (double) both / withCode);
        t.intColumn("after_code").append(after);
        t.doubleColumn("recurrence").append(after == 0 ? Double.NaN : (double) recurred / after);
      }
    }
    return t;
  }

  /** Whether the sorted {@code visit} holds one of {@code codes}. */
  static boolean holdsAny(int[] visit, int[] codes) {
    for (int c : codes) if (Arrays.binarySearch(visit, c) >= 0) return true;
    return false;
  }
}
