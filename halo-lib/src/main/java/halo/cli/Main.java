package halo.cli;

import halo.Halo;
import halo.data.SafeFolder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine;

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
  private boolean debug;

  /** --debug: stack traces of errors (otherwise every error is one message, no trace). */
  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "on an error, print its stack trace too")
  void debug(boolean on) {
    debug = on;
  }

  /**
   * --threads: PyTorch's intra-op and inter-op thread counts (the system properties
   * ai.djl.pytorch.num_threads and num_interop_threads), set before the engine starts.
   */
  @Option(names = "--threads", scope = ScopeType.INHERIT, paramLabel = "N",
      description = "PyTorch threads (intra-op and inter-op), 1 to 256 (default: PyTorch's, one per core)")
  void threads(int n) {
    if (n < 1 || n > 256) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--threads must be from 1 to 256, got " + n);
    }
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    System.setProperty("ai.djl.pytorch.num_interop_threads", Integer.toString(n));
  }

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (tests call this instead of main). */
  public static int run(String... args) {
    Main main = new Main();
    CommandLine cli = new CommandLine(main).setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler((ex, cmd, parsed) -> main.failed(ex, cmd));
    try {
      return cli.execute(args);
    } catch (OutOfMemoryError e) {
      if (main.debug) e.printStackTrace(cli.getErr());
      cli.getErr().println("error: out of memory (" + e.getMessage() + "): give Java more (HALO_JAVA_OPTS=-Xmx16g ./halo ...) or use a"
          + " smaller --batch or model");
      cli.getErr().flush();
      return 1;
    } catch (Error e) {
      if (main.debug) e.printStackTrace(cli.getErr());
      cli.getErr().println("error: internal error (" + e + "); this is a bug, please report it"
          + (main.debug ? "" : " with the output of the same command run with --debug"));
      cli.getErr().flush();
      return 1;
    }
  }

  /** A usage error (unknown option, bad or out-of-range value): one line saying what, and where the options are listed. */
  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println("error: " + ex.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
    String name = qualifiedName(cmd);
    err.println("(./halo " + (name.isEmpty() ? "" : name + " ") + "--help lists the options)");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String qualifiedName(CommandLine cmd) {
    String q = cmd.getCommandSpec().qualifiedName();
    return q.startsWith("halo ") ? q.substring(5) : q.equals("halo") ? "" : q;
  }

  /**
   * Every error of a command ends as one message, never a stack trace (unless --debug): bad input and
   * files (exit 2), a run that cannot go on (exit 1), anything else as an internal error (exit 1).
   */
  int failed(Exception ex, CommandLine cmd) {
    PrintWriter err = cmd.getErr();
    Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
    if (debug) e.printStackTrace(err);
    int code = 1;
    if (e instanceof FileSystemException f) {
      err.println("error: " + SafeFolder.describe(f));
      code = 2;
    } else if (e instanceof IllegalArgumentException || e instanceof IOException) {
      err.println("error: " + e.getMessage()); // bad input, or a request the model lacks the capability for: the message says what and where
      code = 2;
    } else if (e instanceof IllegalStateException) {
      err.println("error: " + e.getMessage()); // e.g. training diverged: the message gives the advice
    } else {
      err.println("error: internal error (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
          + "); this is a bug, please report it" + (debug ? "" : " with the output of the same command run with --debug"));
    }
    err.flush();
    return code;
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
