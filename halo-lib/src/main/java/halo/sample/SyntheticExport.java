package halo.sample;

import halo.data.Decoder;
import halo.data.EncodedCohort;
import halo.data.Lab;
import halo.data.Patient;
import halo.data.Visit;
import halo.data.Vocabulary;
import halo.model.Rng;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes generated records: the encoded cohort ({@code synthetic.halo}, the {@link EncodedCohort}
 * binary format, readable with the vocabulary) and a readable long CSV ({@code synthetic.csv}), one
 * row per fact, with the header
 *
 * <pre>
 *   patient_id, visit_index, visit_date, kind, code, value, unit
 * </pre>
 *
 * where {@code kind} is {@code label} (a chronic-condition label; visit_index and visit_date empty),
 * {@code demographic} (code like {@code sex:f}, {@code birth:1950s}; visit columns empty), {@code dx},
 * {@code px}, {@code rx} (a clinical code; value empty) or {@code lab} (value drawn uniformly inside
 * the generated bucket, in {@code unit}). visit_index counts from 0; visit_date is ISO (yyyy-mm-dd),
 * dates start at 2000-01-01 and advance by the decoded visit gaps. Both files are written atomically.
 */
public final class SyntheticExport {
  public static final List<String> HEADER = List.of("patient_id", "visit_index", "visit_date", "kind", "code", "value", "unit");

  private SyntheticExport() {}

  /** Writes dir/synthetic.halo and dir/synthetic.csv; returns the number of CSV rows. */
  public static long write(Path dir, EncodedCohort cohort, Vocabulary vocabulary, long seed) throws IOException {
    Files.createDirectories(dir);
    cohort.save(dir.resolve("synthetic.halo"));
    Rng rng = new Rng(seed);
    RandomGenerator random = new RandomGenerator() {
      @Override
      public long nextLong() {
        return rng.nextLong();
      }
    };
    List<Patient> patients = new Decoder(vocabulary).decode(cohort.patients(), random);
    Path csv = dir.resolve("synthetic.csv");
    Path tmp = Files.createTempFile(dir, "synthetic.csv", ".tmp");
    long n = 0;
    try (Writer w = Files.newBufferedWriter(tmp);
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
      for (Patient p : patients) {
        for (String l : p.labels()) {
          out.printRecord(p.id(), "", "", "label", l, "", "");
          n++;
        }
        for (String d : p.demographics().labelNames()) {
          out.printRecord(p.id(), "", "", "demographic", d, "", "");
          n++;
        }
        for (int t = 0; t < p.visits().size(); t++) {
          Visit v = p.visits().get(t);
          String date = v.date().toString();
          for (String c : v.diagnoses()) { out.printRecord(p.id(), t, date, "dx", c, "", ""); n++; }
          for (String c : v.procedures()) { out.printRecord(p.id(), t, date, "px", c, "", ""); n++; }
          for (String c : v.medications()) { out.printRecord(p.id(), t, date, "rx", c, "", ""); n++; }
          for (Lab lab : v.labs()) { out.printRecord(p.id(), t, date, "lab", lab.code(), lab.value(), lab.unit()); n++; }
        }
      }
    }
    Files.move(tmp, csv, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return n;
  }
}
