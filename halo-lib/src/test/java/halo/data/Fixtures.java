package halo.data;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Tiny hand-checkable patients for the data tests. */
final class Fixtures {
  private Fixtures() {}

  static Visit visit(String date, Set<String> dx, Set<String> px, Set<String> rx, List<Lab> labs) {
    return new Visit(LocalDate.parse(date), new TreeSet<>(dx), new TreeSet<>(px), new TreeSet<>(rx), labs);
  }

  static Visit dx(String date, String... codes) {
    return visit(date, Set.of(codes), Set.of(), Set.of(), List.of());
  }

  static Patient patient(String id, Set<String> labels, Visit... visits) {
    return new Patient(id, new Demographics("F", "white", "", 1950), new TreeSet<>(labels), List.of(visits));
  }
}
