package halo.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code halo dataset ...}: make, convert and describe encoded datasets. */
@Command(
    name = "dataset",
    mixinStandardHelpOptions = true,
    description = "Make, convert and describe datasets (Synthea, MIMIC-III, own CSV).",
    subcommands = {DatasetSyntheaCommand.class, DatasetConvertCommand.class, DatasetStatsCommand.class,
        DatasetRepresentationCommand.class})
public final class DatasetCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
