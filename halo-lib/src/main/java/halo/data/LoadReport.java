package halo.data;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a loader read, what it skipped, what it added and what it changed, by reason: nothing is
 * dropped or altered silently. Reasons are short phrases naming the file, e.g. {@code
 * "observations.csv: non-numeric VALUE"}; each maps to a count and (skips, changes) to the first line
 * where it happened. Notes count what the loader added to the records (e.g. chronic condition codes
 * carried into later visits); changes count normalisations it applied to values it read (ICD codes
 * written with a dot read without it; one lab code seen in two units kept apart as two labs).
 */
public record LoadReport(
    String source,
    long rowsRead,
    Map<String, Long> skipped,
    Map<String, String> firstOccurrence,
    int patients,
    int visits,
    Map<String, Long> notes,
    Map<String, Long> changed) {

  /** A report without notes or changes. */
  public LoadReport(String source, long rowsRead, Map<String, Long> skipped, Map<String, String> firstOccurrence, int patients, int visits) {
    this(source, rowsRead, skipped, firstOccurrence, patients, visits, Map.of(), Map.of());
  }

  /** A report without changes. */
  public LoadReport(String source, long rowsRead, Map<String, Long> skipped, Map<String, String> firstOccurrence, int patients, int visits,
      Map<String, Long> notes) {
    this(source, rowsRead, skipped, firstOccurrence, patients, visits, notes, Map.of());
  }

  public LoadReport {
    // sorted by reason, so that the report prints the same way every run (Map.copyOf has no order)
    notes = Collections.unmodifiableSortedMap(new TreeMap<>(notes == null ? Map.of() : notes));
    changed = Collections.unmodifiableSortedMap(new TreeMap<>(changed == null ? Map.of() : changed));
    skipped = Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
    firstOccurrence = Collections.unmodifiableSortedMap(new TreeMap<>(firstOccurrence));
  }

  public static LoadReport empty(String source) {
    return new LoadReport(source, 0, Map.of(), Map.of(), 0, 0);
  }

  /** This report with {@code n} more changes of one reason, first at {@code where}. */
  public LoadReport withChange(String reason, String where, long n) {
    Map<String, Long> c = new TreeMap<>(changed);
    c.merge(reason, n, Long::sum);
    Map<String, String> f = new TreeMap<>(firstOccurrence);
    f.putIfAbsent(reason, where);
    return new LoadReport(source, rowsRead, skipped, f, patients, visits, notes, c);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("%s: %,d rows read, %,d patients, %,d visits, %,d rows skipped%s%n"
        .formatted(source, rowsRead, patients, visits, skippedTotal(),
            changed.isEmpty() ? "" : ", %,d values changed".formatted(changed.values().stream().mapToLong(Long::longValue).sum())));
    skipped.forEach((reason, n) -> sb.append("  skipped %,9d  %s (first at %s)%n"
        .formatted(n, reason, firstOccurrence.getOrDefault(reason, "?"))));
    notes.forEach((what, n) -> sb.append("  added   %,9d  %s%n".formatted(n, what)));
    changed.forEach((reason, n) -> sb.append("  changed %,9d  %s (first at %s)%n"
        .formatted(n, reason, firstOccurrence.getOrDefault(reason, "?"))));
    return sb.toString();
  }

  /** Accumulates counts while a loader streams its files. */
  public static final class Builder {
    private final String source;
    private long rowsRead;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, String> first = new TreeMap<>();
    private final Map<String, Long> notes = new TreeMap<>();
    private final Map<String, Long> changed = new TreeMap<>();

    public Builder(String source) {
      this.source = source;
    }

    public void read() {
      rowsRead++;
    }

    public void read(long n) {
      rowsRead += n;
    }

    /** Counts one skipped row; {@code where} is e.g. {@code "observations.csv line 1234"}. */
    public void skip(String reason, String where) {
      skipped.merge(reason, 1L, Long::sum);
      first.putIfAbsent(reason, where);
    }

    /** Counts {@code n} skipped rows of one reason at once (e.g. encounters found empty after streaming). */
    public void skip(String reason, String where, long n) {
      if (n < 0) throw new IllegalArgumentException("skip count must be >= 0, got " + n);
      if (n == 0) return;
      skipped.merge(reason, n, Long::sum);
      first.putIfAbsent(reason, where);
    }

    /** Counts something the loader added to the records (not read as such from a row), e.g. codes carried into later visits. */
    public void note(String what, long n) {
      if (n < 0) throw new IllegalArgumentException("note count must be >= 0, got " + n);
      if (n > 0) notes.merge(what, n, Long::sum);
    }

    /** Counts one value the loader changed (a normalisation it applies), e.g. {@code "DIAGNOSES_ICD.csv line 7"}. */
    public void change(String reason, String where) {
      changed.merge(reason, 1L, Long::sum);
      first.putIfAbsent(reason, where);
    }

    public LoadReport build(int patients, int visits) {
      return new LoadReport(source, rowsRead, skipped, first, patients, visits, notes, changed);
    }
  }
}
