package halo.cli;

import halo.data.ConditionCoding;
import halo.data.RepresentationStudy;
import halo.data.VocabularyConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code halo dataset representation}: what condition coding and record length do to a Synthea export's labels. */
@Command(name = "representation", mixinStandardHelpOptions = true,
    description = "Measure, on a Synthea CSV export, how many chronic labels the kept visits still define for each condition "
        + "coding (onset, active) and record length, with the truncation and codes per visit each costs.")
final class DatasetRepresentationCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, description = "The Synthea CSV export folder (patients.csv, conditions.csv, ...).")
  Path input;

  @Option(names = "--max-visits", split = ",", defaultValue = "46,94,190",
      description = "Record lengths (most recent visits kept) to compare (default ${DEFAULT-VALUE}).")
  List<Integer> maxVisits;

  @Option(names = "--seed", defaultValue = "4",
      description = "Seed of the train/validation/test split the vocabulary is fitted on (default ${DEFAULT-VALUE}; it moves the shares by"
          + " at most the few codes seen only outside training).")
  long seed;

  @Override
  public Integer call() throws Exception {
    for (int mv : maxVisits) if (mv < 1) throw new IllegalArgumentException("--max-visits must be >= 1, got " + mv);
    RepresentationStudy s = RepresentationStudy.of(input, List.of(ConditionCoding.ONSET, ConditionCoding.ACTIVE), maxVisits,
        new VocabularyConfig(8, 10, 50, 4), seed);
    System.out.println(s.records().printAll());
    System.out.println(s.retainedByLabel().printAll());
    return 0;
  }
}
