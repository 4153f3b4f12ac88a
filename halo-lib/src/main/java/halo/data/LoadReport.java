package halo.data;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a loader read and what it skipped, by reason: nothing is dropped silently. Reasons are short
 * phrases naming the file, e.g. {@code "observations.csv: non-numeric VALUE"}; each maps to a count and
 * to the first line where it happened.
 */
public record LoadReport(
    String source,
    long rowsRead,
    Map<String, Long> skipped,
    Map<String, String> firstOccurrence,
    int patients,
    int visits,
    Map<String, Long> notes) {

  /** A report without notes. */
  public LoadReport(String source, long rowsRead, Map<String, Long> skipped, Map<String, String> firstOccurrence, int patients, int visits) {
    this(source, rowsRead, skipped, firstOccurrence, patients, visits, Map.of());
  }

  public LoadReport {
    notes = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(notes == null ? Map.of() : notes));
    // sorted by reason, so that the report prints the same way every run (Map.copyOf has no order)
    skipped = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(skipped));
    firstOccurrence = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(firstOccurrence));
  }

  public static LoadReport empty(String source) {
    return new LoadReport(source, 0, Map.of(), Map.of(), 0, 0);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append("%s: %,d rows read, %,d patients, %,d visits, %,d rows skipped%n"
        .formatted(source, rowsRead, patients, visits, skippedTotal()));
    skipped.forEach((reason, n) -> sb.append("  skipped %,9d  %s (first at %s)%n"
        .formatted(n, reason, firstOccurrence.getOrDefault(reason, "?"))));
    notes.forEach((what, n) -> sb.append("  added   %,9d  %s%n".formatted(n, what)));
    return sb.toString();
  }

  /** Accumulates counts while a loader streams its files. */
  public static final class Builder {
    private final String source;
    private long rowsRead;
    private final Map<String, Long> skipped = new TreeMap<>();
    private final Map<String, String> first = new TreeMap<>();
    private final Map<String, Long> notes = new TreeMap<>();

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

    public LoadReport build(int patients, int visits) {
      return new LoadReport(source, rowsRead, skipped, first, patients, visits, notes);
    }
  }
}
