package halo.cli;

import halo.data.Cohort;
import halo.data.ConditionCoding;
import halo.data.Dataset;
import halo.data.DatasetConverter;
import halo.data.DatasetStatistics;
import halo.data.SafeFolder;
import halo.data.VocabularyConfig;
import halo.report.TableExport;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Encoding options shared by the dataset commands that write a dataset folder. */
final class DatasetOptions {
  @Option(names = "--lab-buckets", defaultValue = "8", description = "Maximum buckets per lab (default ${DEFAULT-VALUE}).")
  int labBuckets;

  @Option(names = "--gap-buckets", defaultValue = "10", description = "Buckets of the gap in days between visits, 0 = none (default ${DEFAULT-VALUE}).")
  int gapBuckets;

  @Option(names = "--min-lab-count", defaultValue = "50", description = "Labs seen fewer times in training get no codes (default ${DEFAULT-VALUE}).")
  int minLabCount;

  @Option(names = "--vocabulary-seed", defaultValue = "4", description = "Seed of the within-visit code order (default ${DEFAULT-VALUE}).")
  long vocabularySeed;

  @Option(names = "--max-visits", defaultValue = "" + Dataset.DEFAULT_MAX_VISITS, description = "Most recent visits kept per record (default ${DEFAULT-VALUE}).")
  int maxVisits;

  @Option(names = "--overwrite",
      description = "Replace the dataset already in --out (written to a temporary folder first; the old one stays until the new one is complete).")
  boolean overwrite;

  @Spec(Spec.Target.MIXEE) CommandSpec spec;

  /** Option ranges, checked before any work. */
  void validate() {
    OptionChecks.range(spec, "--lab-buckets", labBuckets, 1, 1000);
    OptionChecks.range(spec, "--gap-buckets", gapBuckets, 0, 1000);
    OptionChecks.range(spec, "--min-lab-count", minLabCount, 1, Integer.MAX_VALUE);
    OptionChecks.range(spec, "--max-visits", maxVisits, 1, 100_000);
  }

  DatasetConverter converter(long splitSeed) {
    return new DatasetConverter(new VocabularyConfig(labBuckets, gapBuckets, minLabCount, vocabularySeed), maxVisits, splitSeed);
  }

  /**
   * Encodes a loaded cohort into {@code folder}'s staging area, swaps it in, and reports: the load and
   * encoding reports and what was replaced on stderr, the statistics on stdout.
   */
  void writeAndReport(Cohort cohort, long splitSeed, SafeFolder folder, Path out, long startNanos) throws IOException {
    Dataset.Built built = converter(splitSeed).write(cohort, folder.staging());
    String replaced = folder.commit();
    System.err.println(built.report());
    System.out.println(TableExport.text(DatasetStatistics.of(built.dataset(), built.report()), Integer.MAX_VALUE));
    if (replaced != null) System.err.println(replaced);
    System.err.printf("dataset written to %s in %.1f s%n", out, (System.nanoTime() - startNanos) / 1e9);
  }

  /** {@code --condition-coding}, for the commands that read Synthea exports. */
  static final class Coding {
    @Option(names = "--condition-coding", defaultValue = "active",
        description = "Synthea: how chronic conditions appear in visits: ACTIVE (in every visit while active, as claims data code"
            + " them) or ONSET (once, where diagnosed, as Synthea records them) (default ${DEFAULT-VALUE}, case does not matter).")
    ConditionCoding coding;
  }
}
