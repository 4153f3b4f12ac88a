package halo.cli;

import halo.data.Cohort;
import halo.data.LongCsvLoader;
import halo.data.MimicLoader;
import halo.data.SafeFolder;
import halo.data.SyntheaLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code halo dataset convert}: load a Synthea export, MIMIC-III tables or own CSV into a dataset folder. */
@Command(name = "convert", mixinStandardHelpOptions = true,
    description = "Convert source data (synthea | mimic | csv) into an encoded dataset folder.")
final class DatasetConvertCommand implements Callable<Integer> {
  enum Format { synthea, mimic, csv }

  @Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--format", required = true, description = "Source format: ${COMPLETION-CANDIDATES}.")
  Format format;

  @Option(names = "--input", required = true,
      description = "synthea: the CSV export folder; mimic: the folder of ADMISSIONS.csv[.gz] etc.; csv: the events CSV.")
  Path input;

  @Option(names = "--phenotypes", description = "mimic: the phenotype definitions YAML of mimic3-benchmarks.")
  Path phenotypes;

  @Option(names = "--patients-file", description = "csv: the optional patients CSV (demographics and labels).")
  Path patientsFile;

  @CommandLine.Mixin DatasetOptions.Coding coding;

  @Option(names = "--seed", defaultValue = "4", description = "Seed of the train/validation/test split (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Dataset folder to write.")
  Path out;

  @Mixin DatasetOptions options;

  @Override
  public Integer call() throws Exception {
    options.validate();
    OptionChecks.exists(spec, "--input", input);
    OptionChecks.exists(spec, "--patients-file", patientsFile);
    OptionChecks.exists(spec, "--phenotypes", phenotypes);
    if (format == Format.mimic && phenotypes == null) {
      throw new ParameterException(spec.commandLine(),
          "--format mimic needs --phenotypes (hcup_ccs_2015_definitions_benchmark.yaml of mimic3-benchmarks)");
    }
    if (format == Format.csv && Files.isDirectory(input)) {
      throw new ParameterException(spec.commandLine(), "--input " + input + " is a folder: --format csv takes the events CSV file");
    }
    if (format != Format.csv && !Files.isDirectory(input)) {
      throw new ParameterException(spec.commandLine(), "--input " + input + " is a file: --format " + format + " takes the folder of its tables");
    }
    SafeFolder folder = SafeFolder.prepare(out, SafeFolder.DATASET, options.overwrite);
    try {
      folder.notes().forEach(System.err::println);
      long t0 = System.nanoTime();
      Cohort cohort = switch (format) {
        case synthea -> SyntheaLoader.withDefaults(coding.coding).load(input);
        case mimic -> MimicLoader.withPhenotypes(phenotypes).load(input);
        case csv -> LongCsvLoader.load(input, patientsFile);
      };
      System.err.printf("loaded in %.1f s%n%s", (System.nanoTime() - t0) / 1e9, cohort.report());
      options.writeAndReport(cohort, seed, folder, out, t0);
      return 0;
    } finally {
      folder.abandon();
    }
  }
}
