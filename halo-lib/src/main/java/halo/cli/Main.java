package halo.cli;

import halo.Halo;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./halo} command: entry point of every subcommand. */
@Command(
    name = "halo",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "HALO: synthetic longitudinal health records. Make datasets, train and compare the six models (halo, coarse, lstm, gpt, eva, synteg), generate records, evaluate them.",
    subcommands = {
      Main.Env.class,
      DatasetCommand.class,
      TrainCommand.class,
      GenerateCommand.class,
      BenchCommand.class,
      EvaluateCommand.class,
      ReproduceCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Callable<Integer> {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
        .setExecutionExceptionHandler((ex, cmd, parsed) -> {
          // bad input or a request a model cannot serve: its message says what and where, no stack trace
          if (ex instanceof IllegalArgumentException || ex instanceof UnsupportedOperationException
              || ex instanceof java.io.IOException) {
            cmd.getErr().println("error: " + ex.getMessage());
            return 2;
          }
          throw ex;
        })
        .execute(args);
  }

  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** Prints the versions and the device this installation runs on. */
  @Command(name = "env", mixinStandardHelpOptions = true, description = "Show the versions of Java, halo-lib and the deep-learning engine, and the device it runs on.")
  static final class Env implements Callable<Integer> {
    @Override
    public Integer call() {
      System.out.println(Halo.environment());
      return 0;
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"halo-lib " + Halo.version()};
    }
  }
}
