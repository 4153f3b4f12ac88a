package halo.cli;

import halo.data.Dataset;
import halo.data.DatasetConverter;
import halo.data.VocabularyConfig;
import picocli.CommandLine.Option;

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

  DatasetConverter converter(long splitSeed) {
    return new DatasetConverter(new VocabularyConfig(labBuckets, gapBuckets, minLabCount, vocabularySeed), maxVisits, splitSeed);
  }
}
