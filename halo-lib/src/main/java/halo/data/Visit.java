package halo.data;

import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One visit (encounter or admission): its date, its clinical codes by kind (each a duplicate-free
 * sorted set), and its numeric labs.
 */
public record Visit(
    LocalDate date,
    SortedSet<String> diagnoses,
    SortedSet<String> procedures,
    SortedSet<String> medications,
    List<Lab> labs) {

  public Visit {
    if (date == null) {
      throw new IllegalArgumentException("visit has no date");
    }
    diagnoses = Collections.unmodifiableSortedSet(new TreeSet<>(diagnoses));
    procedures = Collections.unmodifiableSortedSet(new TreeSet<>(procedures));
    medications = Collections.unmodifiableSortedSet(new TreeSet<>(medications));
    labs = List.copyOf(labs);
  }

  /** The codes of one clinical kind. */
  public SortedSet<String> codes(CodeKind kind) {
    return switch (kind) {
      case DIAGNOSIS -> diagnoses;
      case PROCEDURE -> procedures;
      case MEDICATION -> medications;
      default -> throw new IllegalArgumentException(kind + " is not a clinical code kind");
    };
  }

  /** Number of clinical codes plus labs. */
  public int size() {
    return diagnoses.size() + procedures.size() + medications.size() + labs.size();
  }

  /** True when the visit carries no code and no lab. */
  public boolean isEmpty() {
    return size() == 0;
  }
}
