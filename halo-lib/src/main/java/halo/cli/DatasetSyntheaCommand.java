package halo.cli;

import halo.data.Cohort;
import halo.data.SafeFolder;
import halo.data.SyntheaLoader;
import halo.data.SyntheaRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code halo dataset synthea}: simulate patients with Synthea 3.3.0 (or take an existing export),
 * load them, split, fit the vocabulary on train, encode and save the dataset folder; then delete the
 * raw export (its claims files are huge) unless {@code --keep-export}.
 */
@Command(name = "synthea", mixinStandardHelpOptions = true,
    description = "Simulate a Synthea cohort (or convert an existing export) into an encoded dataset.")
final class DatasetSyntheaCommand implements Callable<Integer> {
  @Option(names = "--patients", defaultValue = "1000", description = "Living patients to simulate (default ${DEFAULT-VALUE}).")
  int patients;

  @Option(names = "--seed", defaultValue = "7", description = "Seed of Synthea (-s and -cs) and of the split (default ${DEFAULT-VALUE}, the seed the default cohort was simulated with).")
  long seed;

  @Option(names = "--out", required = true, description = "Dataset folder to write.")
  Path out;

  @Option(names = "--from-export", description = "Convert this existing Synthea CSV folder instead of running Synthea.")
  Path fromExport;

  @Option(names = "--keep-export",
      description = "Keep the raw CSV export. By default it is deleted after conversion: a temporary work folder "
          + "entirely; in a folder you named (--work, --from-export) only Synthea's own CSV files.")
  boolean keepExport;

  @Option(names = "--state", description = "US state to simulate (Synthea's population tables; default: Synthea's Massachusetts).")
  String state;

  @Mixin DatasetOptions.Coding coding;

  @Option(names = "--work", description = "Folder for the raw export while converting (default: a temporary folder).")
  Path work;

  @Mixin DatasetOptions options;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    options.validate();
    OptionChecks.range(spec, "--patients", patients, 1, 10_000_000);
    OptionChecks.exists(spec, "--from-export", fromExport);
    SafeFolder folder = SafeFolder.prepare(out, SafeFolder.DATASET, options.overwrite);
    try {
      folder.notes().forEach(System.err::println);
      return convert(folder);
    } finally {
      folder.abandon();
    }
  }

  private int convert(SafeFolder folder) throws Exception {
    long t0 = System.nanoTime();
    Path csv;
    Path workDir = null;
    if (fromExport != null) {
      csv = fromExport;
      System.err.println("converting the existing export " + csv);
    } else {
      workDir = work != null ? work : Files.createTempDirectory("halo-synthea-");
      csv = SyntheaRunner.withDefaults().run(patients, seed, state, workDir, System.err::println);
      System.err.printf("Synthea finished in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
    long t1 = System.nanoTime();
    Cohort cohort = SyntheaLoader.withDefaults(coding.coding).load(csv);
    System.err.printf("loaded in %.1f s%n%s", (System.nanoTime() - t1) / 1e9, cohort.report());
    options.writeAndReport(cohort, seed, folder, out, t0);
    if (!keepExport) {
      System.err.println("deleting the raw export " + csv + " (use --keep-export to keep it)");
      if (fromExport == null && work == null) {
        deleteTree(workDir); // our own temporary folder
      } else {
        deleteExport(csv); // a folder the user named: only Synthea's CSV files go
      }
    }
    return 0;
  }

  /** Deletes the CSV files Synthea writes (and the folder when that leaves it empty), nothing else. */
  static void deleteExport(Path csv) throws IOException {
    try (Stream<Path> files = Files.list(csv)) {
      for (Path p : files.toList()) {
        if (SYNTHEA_FILES.contains(p.getFileName().toString())) Files.delete(p);
      }
    }
    try (Stream<Path> left = Files.list(csv)) {
      if (left.findAny().isEmpty()) Files.delete(csv);
    }
  }

  /** The files of a Synthea 3.3.0 CSV export. */
  static final Set<String> SYNTHEA_FILES = Set.of("allergies.csv", "careplans.csv", "claims.csv",
      "claims_transactions.csv", "conditions.csv", "devices.csv", "encounters.csv", "imaging_studies.csv",
      "immunizations.csv", "medications.csv", "observations.csv", "organizations.csv", "patient_expenses.csv",
      "patients.csv", "payer_transitions.csv", "payers.csv", "procedures.csv", "providers.csv", "supplies.csv");

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
