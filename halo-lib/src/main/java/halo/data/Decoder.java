package halo.data;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * Turns encoded (typically synthetic) patients back into {@link Patient} records. Continuous values
 * are drawn uniformly inside their bucket (protocol Part A §8): a lab's value from its bucket, the gap
 * to the previous visit from the gap bucket. When a visit holds several buckets of one lab the first
 * in vocabulary order is used (as the authors' decoder keeps the lowest sampled bin). Dates start at
 * {@code origin} and advance by the decoded gaps; a visit without a gap code follows its predecessor by
 * the median gap bucket's draw.
 */
public final class Decoder {
  private final Vocabulary vocabulary;
  private final LocalDate origin;

  public Decoder(Vocabulary vocabulary, LocalDate origin) {
    this.vocabulary = vocabulary;
    this.origin = origin;
  }

  public Decoder(Vocabulary vocabulary) {
    this(vocabulary, LocalDate.of(2000, 1, 1));
  }

  public List<Patient> decode(List<EncodedPatient> patients, RandomGenerator random) {
    List<Patient> out = new ArrayList<>(patients.size());
    for (EncodedPatient p : patients) {
      out.add(decode(p, random));
    }
    return out;
  }

  public Patient decode(EncodedPatient p, RandomGenerator random) {
    TreeSet<String> chronic = new TreeSet<>();
    String sex = "", race = "", ethnicity = "";
    int birthYear = 0;
    for (int l : p.labels()) {
      String name = vocabulary.label(l);
      if (l < vocabulary.chronicLabelCount()) {
        chronic.add(name);
      } else if (name.startsWith("sex:")) {
        sex = name.substring(4);
      } else if (name.startsWith("race:")) {
        race = name.substring(5);
      } else if (name.startsWith("ethnicity:")) {
        ethnicity = name.substring(10);
      } else if (name.startsWith("birth:")) {
        birthYear = Integer.parseInt(name.substring(6, name.length() - 1)) + random.nextInt(10);
      }
    }
    List<Visit> visits = new ArrayList<>(p.visitCount());
    LocalDate date = origin;
    for (int t = 0; t < p.visitCount(); t++) {
      TreeSet<String> dx = new TreeSet<>(), px = new TreeSet<>(), rx = new TreeSet<>();
      Map<String, Lab> labs = new TreeMap<>();
      double gap = Double.NaN;
      for (int c : p.visits()[t]) {
        Token tok = vocabulary.code(c);
        switch (tok.kind()) {
          case DIAGNOSIS -> dx.add(tok.code());
          case PROCEDURE -> px.add(tok.code());
          case MEDICATION -> rx.add(tok.code());
          case LAB -> labs.computeIfAbsent(tok.code(), k -> new Lab(k, draw(tok, random), tok.unit()));
          case GAP -> gap = Double.isNaN(gap) ? draw(tok, random) : gap;
        }
      }
      if (t > 0) {
        if (Double.isNaN(gap) && vocabulary.gaps() != null) {
          gap = vocabulary.gaps().sample(vocabulary.gaps().buckets() / 2, random);
        }
        date = date.plusDays(Double.isNaN(gap) ? 1 : Math.round(gap));
      }
      visits.add(new Visit(date, dx, px, rx, new ArrayList<>(labs.values())));
    }
    return new Patient(p.id(), new Demographics(sex, race, ethnicity, birthYear), chronic, visits);
  }

  private static double draw(Token t, RandomGenerator random) {
    return t.low() + random.nextDouble() * (t.high() - t.low());
  }
}
