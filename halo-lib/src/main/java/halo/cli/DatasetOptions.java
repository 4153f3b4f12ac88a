package halo.cli;

import halo.data.Dataset;
import halo.data.DatasetConverter;
import halo.data.VocabularyConfig;
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
}
