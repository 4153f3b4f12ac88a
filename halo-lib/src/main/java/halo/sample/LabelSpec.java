package halo.sample;

import halo.data.Vocabulary;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A partial specification of a label row: labels it must carry ({@code present}) and labels it must
 * not carry ({@code absent}); everything else is left to be drawn ({@link LabelPrior#draw(LabelSpec,
 * halo.model.Rng)}). Label indices are into the vocabulary's label section, sorted and unique.
 */
public record LabelSpec(int[] present, int[] absent) {
  /** No constraint: a draw from the whole distribution. */
  public static final LabelSpec NONE = new LabelSpec(new int[0], new int[0]);

  public LabelSpec {
    present = Arrays.stream(present).sorted().distinct().toArray();
    absent = Arrays.stream(absent).sorted().distinct().toArray();
    for (int l : present) {
      if (l < 0) throw new IllegalArgumentException("label index must be >= 0, got " + l);
      if (Arrays.binarySearch(absent, l) >= 0) throw new IllegalArgumentException("label " + l + " is both required and excluded");
    }
    for (int l : absent) if (l < 0) throw new IllegalArgumentException("label index must be >= 0, got " + l);
  }

  public static LabelSpec of(int[] present, int[] absent) {
    return new LabelSpec(present, absent);
  }

  /** Labels {@code present} by name (e.g. {@code diabetes}, {@code sex:f}), none excluded. */
  public static LabelSpec of(Vocabulary v, List<String> present) {
    return of(v, present, List.of());
  }

  /** Labels by name; an unknown name is an error listing the vocabulary's labels. */
  public static LabelSpec of(Vocabulary v, List<String> present, List<String> absent) {
    return new LabelSpec(indices(v, present), indices(v, absent));
  }

  private static int[] indices(Vocabulary v, List<String> names) {
    int[] out = new int[names == null ? 0 : names.size()];
    for (int i = 0; i < out.length; i++) {
      String n = names.get(i).strip();
      out[i] = v.labelIndexOf(n);
      if (out[i] < 0) throw new IllegalArgumentException("label '" + n + "' is not in the vocabulary (labels: " + v.labels() + ")");
    }
    return out;
  }

  /** Whether the sorted label row {@code row} carries every present label and no absent one. */
  public boolean matches(int[] row) {
    for (int l : present) if (Arrays.binarySearch(row, l) < 0) return false;
    for (int l : absent) if (Arrays.binarySearch(row, l) >= 0) return false;
    return true;
  }

  public boolean isEmpty() {
    return present.length == 0 && absent.length == 0;
  }

  /** E.g. {@code {diabetes, sex:f, not cancer}}. */
  public String describe(List<String> names) {
    String p = Arrays.stream(present).mapToObj(names::get).collect(Collectors.joining(", "));
    String a = Arrays.stream(absent).mapToObj(l -> "not " + names.get(l)).collect(Collectors.joining(", "));
    return "{" + (p.isEmpty() ? a : a.isEmpty() ? p : p + ", " + a) + "}";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSpec s && Arrays.equals(present, s.present) && Arrays.equals(absent, s.absent);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(present) + Arrays.hashCode(absent);
  }

  @Override
  public String toString() {
    return "LabelSpec[present=" + Arrays.toString(present) + ", absent=" + Arrays.toString(absent) + "]";
  }
}
