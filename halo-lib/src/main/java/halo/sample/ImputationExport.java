package halo.sample;

import halo.data.Vocabulary;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The before/after table of an imputation, {@value #FILE}: per imputed record the visit filled in,
 * the real codes and the imputed ones (code keys such as {@code dx:4019}, space-separated), and how
 * many imputed codes are among the real ones; with {@link #agreement} the micro precision and recall
 * over all records. The cohort itself (history plus imputed codes) goes to synthetic.halo/.csv.
 */
public final class ImputationExport {
  private ImputationExport() {}

  /** The file beside synthetic.halo. */
  public static final String FILE = "imputation.csv";

  public static final List<String> HEADER = List.of("patient_id", "task", "visit_index", "real", "imputed", "real_count", "imputed_count", "agreeing");

  /** Writes {@value #FILE} into {@code dir} atomically; returns its data rows. */
  public static int write(Path dir, Generator.Imputed r, Vocabulary v) throws IOException {
    Path tmp = Files.createTempFile(dir, FILE, ".tmp");
    int visit = r.task().nextVisit() ? r.keepVisits() : r.keepVisits() - 1; // 0-based, as in synthetic.csv
    try (Writer w = Files.newBufferedWriter(tmp);
        CSVPrinter out = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setHeader(HEADER.toArray(String[]::new)).get())) {
      for (int i = 0; i < r.imputed().size(); i++) {
        int[] real = r.truth().get(i), imputed = r.imputed().get(i);
        out.printRecord(r.cohort().patients().get(i).id(), r.task(), visit, keys(real, v), keys(imputed, v), real.length, imputed.length,
            agreeing(real, imputed));
      }
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return r.imputed().size();
  }

  /** Micro precision, recall and F1 of the imputed codes against the real ones, over all records: {p, r, f1} (NaN where undefined). */
  public static double[] agreement(Generator.Imputed r) {
    return micro(r.truth(), r.imputed(), null);
  }

  /**
   * Micro precision, recall and F1 of {@code imputed} against {@code truth} (sorted codes per record)
   * over records {@code idx} (a bootstrap resample; all records when null): {p, r, f1}, p NaN without
   * imputed codes, r NaN without real ones, f1 0 when none agrees.
   */
  public static double[] micro(List<int[]> truth, List<int[]> imputed, int[] idx) {
    long hit = 0, real = 0, got = 0;
    int n = idx == null ? truth.size() : idx.length;
    for (int j = 0; j < n; j++) {
      int i = idx == null ? j : idx[j];
      hit += agreeing(truth.get(i), imputed.get(i));
      real += truth.get(i).length;
      got += imputed.get(i).length;
    }
    double p = got == 0 ? Double.NaN : hit / (double) got, rc = real == 0 ? Double.NaN : hit / (double) real;
    return new double[] {p, rc, hit == 0 ? 0 : 2 * p * rc / (p + rc)};
  }

  /** Codes of {@code imputed} that are in {@code real} (both sorted). */
  static int agreeing(int[] real, int[] imputed) {
    int n = 0;
    for (int c : imputed) if (Arrays.binarySearch(real, c) >= 0) n++;
    return n;
  }

  private static String keys(int[] codes, Vocabulary v) {
    return Arrays.stream(codes).mapToObj(c -> v.code(c).key()).collect(Collectors.joining(" "));
  }
}
