package halo.data;

import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One patient record: an id, demographics, chronic-condition labels (by name, e.g. "diabetes") and
 * visits in date order.
 */
public record Patient(String id, Demographics demographics, SortedSet<String> labels, List<Visit> visits) {
  public Patient {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("patient id is empty");
    }
    demographics = demographics == null ? Demographics.UNKNOWN : demographics;
    labels = Collections.unmodifiableSortedSet(new TreeSet<>(labels));
    visits = List.copyOf(visits);
    for (int i = 1; i < visits.size(); i++) {
      if (visits.get(i).date().isBefore(visits.get(i - 1).date())) {
        throw new IllegalArgumentException("patient " + id + ": visits are not in date order at visit " + i);
      }
    }
  }
}
