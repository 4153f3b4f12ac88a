package halo.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One in-process run of the command line with its exit code and output, and checks shared by the CLI tests. */
record CliRun(int code, String out, String err) {

  /** Runs {@code ./halo args} in this JVM, capturing standard output and error. */
  static CliRun of(String... args) {
    PrintStream oldOut = System.out, oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      System.setOut(o);
      System.setErr(e);
      code = Main.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    CliRun r = new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    oldErr.print(r.err); // keep the output in the test log
    return r;
  }

  /** No stack trace anywhere in the output (frames are lines "\tat ..."; uncaught ones start "Exception in thread"). */
  CliRun noStackTrace() {
    for (String s : new String[] {out, err}) {
      assertFalse(s.lines().anyMatch(l -> l.startsWith("\tat ") || l.strip().startsWith("at halo.") || l.strip().startsWith("at java.")),
          "a stack trace was printed:\n" + s);
      assertFalse(s.contains("Exception in thread") || s.contains("Caused by:"), "a stack trace was printed:\n" + s);
    }
    return this;
  }

  /** Failed with exit code 2, its first error line exactly {@code "error: " + message}, and no stack trace. */
  CliRun refused(String message) {
    noStackTrace();
    String first = err.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("(no error line)\n" + err);
    org.junit.jupiter.api.Assertions.assertEquals("error: " + message, first);
    assertTrue(code == 2, "exit code " + code + ", expected 2; stderr:\n" + err);
    return this;
  }

  /** Succeeded (exit code 0), without a stack trace. */
  CliRun succeeded() {
    noStackTrace();
    assertTrue(code == 0, "exit code " + code + "; stderr:\n" + err);
    return this;
  }

  /** Every file under {@code dir} (relative path → SHA-256 of its bytes), to show a folder was left exactly as it was. */
  static Map<String, String> snapshot(Path dir) {
    return halo.Snapshots.of(dir);
  }
}
