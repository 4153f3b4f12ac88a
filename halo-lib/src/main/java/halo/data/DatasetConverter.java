package halo.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a loaded {@link Cohort} into a dataset folder: splits it (seeded), fits the vocabulary on the
 * training split, encodes every patient ({@link Dataset#build}) and writes the folder of
 * {@link Dataset#save} plus {@code load-report.txt} (what the loader read and skipped),
 * {@code stats.txt} and {@code stats.csv} ({@link DatasetStatistics}).
 *
 * @param config how the vocabulary is fitted
 * @param maxVisits visits kept per record (the most recent), {@link Dataset#DEFAULT_MAX_VISITS} for HALO
 * @param splitSeed seed of the train/validation/test split
 */
public record DatasetConverter(VocabularyConfig config, int maxVisits, long splitSeed) {
  public DatasetConverter {
    if (maxVisits < 1) throw new IllegalArgumentException("maxVisits must be >= 1, got " + maxVisits);
  }

  /** Builds and writes the dataset; returns it with the encoder's report. */
  public Dataset.Built write(Cohort cohort, Path dir) throws IOException {
    if (cohort.patients().isEmpty()) {
      throw new IllegalArgumentException("cohort " + cohort.name() + " has no patient with a visit:\n" + cohort.report());
    }
    Dataset.Built built = Dataset.build(cohort, config, maxVisits, splitSeed);
    built.dataset().save(dir, built.report().toString());
    Files.writeString(dir.resolve("load-report.txt"), cohort.report().toString());
    var stats = DatasetStatistics.of(built.dataset(), built.report());
    Files.writeString(dir.resolve("stats.txt"), stats.printAll() + "\n");
    stats.write().csv(dir.resolve("stats.csv").toFile());
    return built;
  }
}
