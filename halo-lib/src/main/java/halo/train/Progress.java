package halo.train;

import java.io.PrintStream;

/**
 * A progress bar with loss, records/s and ETA. In a terminal it redraws one line with a carriage
 * return; elsewhere (a notebook, a log file) it prints a plain line at most every few seconds, since
 * carriage returns pile up there.
 */
public final class Progress {
  private final PrintStream out;
  private final boolean terminal;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastPrint;
  private final long startDone;

  public Progress(PrintStream out, long totalSteps, long alreadyDone) {
    this.out = out;
    this.terminal = System.console() != null && System.getenv("JPY_PARENT_PID") == null;
    this.total = totalSteps;
    this.startDone = alreadyDone;
  }

  public void update(long done, int epoch, int epochs, double loss, long records) {
    long now = System.nanoTime();
    if (done < total && now - lastPrint < (terminal ? 200_000_000L : 5_000_000_000L)) return;
    lastPrint = now;
    double seconds = (now - startNanos) / 1e9;
    double rate = records / Math.max(seconds, 1e-9);
    double stepsPerS = (done - startDone) / Math.max(seconds, 1e-9);
    long eta = stepsPerS > 0 ? Math.round((total - done) / stepsPerS) : 0;
    int width = 24;
    int filled = (int) Math.min(width, width * done / Math.max(1, total));
    String line = "[%s%s] epoch %d/%d step %d/%d loss %.5f %.1f rec/s ETA %dm%02ds".formatted(
        "#".repeat(filled), ".".repeat(width - filled), epoch + 1, epochs, done, total, loss, rate, eta / 60, eta % 60);
    if (terminal) {
      out.print("\r" + line);
      if (done >= total) out.println();
    } else {
      out.println(line);
    }
    out.flush();
  }

  public void message(String s) {
    if (terminal) out.print("\r");
    out.println(s);
  }
}
