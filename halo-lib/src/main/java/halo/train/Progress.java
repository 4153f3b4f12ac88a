package halo.train;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Training progress as one bar that redraws itself (carriage return) in a terminal and in a Jupyter
 * notebook, ending in a one-line summary that stays in the output. The latest validation loss rides on
 * the bar instead of a line of its own. Elsewhere (a log file, a pipe) it prints a plain line at most
 * every {@link #LOG_EVERY_SECONDS} seconds, since carriage returns pile up there.
 */
public final class Progress {
  /** Seconds between plain lines when the output cannot redraw a line. */
  public static final int LOG_EVERY_SECONDS = 30;

  private final PrintStream out;
  private final boolean redraw;
  private final long total;
  private final long startNanos = System.nanoTime();
  private final long startDone;
  private long lastPrint;
  private int lastWidth;
  private boolean open;
  private String validation = "";
  private String line = "";

  public Progress(PrintStream out, long totalSteps, long alreadyDone) {
    this(out, totalSteps, alreadyDone, interactive());
  }

  /** As above, saying whether {@code out} redraws a line on a carriage return (a terminal or a notebook). */
  public Progress(PrintStream out, long totalSteps, long alreadyDone, boolean redraw) {
    this.out = out;
    this.redraw = redraw;
    this.total = totalSteps;
    this.startDone = alreadyDone;
  }

  /**
   * Whether output redraws a line: a terminal (since Java 22 {@code System.console()} exists even when
   * output is redirected, so ask {@code isTerminal}) or a Jupyter kernel (which sets JPY_PARENT_PID).
   */
  static boolean interactive() {
    Console c = System.console();
    return (c != null && c.isTerminal()) || System.getenv("JPY_PARENT_PID") != null;
  }

  /** The step just done, its epoch (0-based), the loss and the records seen since the start. */
  public void update(long done, int epoch, int epochs, double loss, long records) {
    long now = System.nanoTime();
    long every = redraw ? 500_000_000L : LOG_EVERY_SECONDS * 1_000_000_000L;
    line = line(done, epoch, epochs, loss, records, now);
    if (done < total && now - lastPrint < every) return;
    lastPrint = now;
    show();
  }

  /** A validation loss: shown on the bar (and in the summary). */
  public void validation(double loss, boolean best) {
    validation = String.format(Locale.ROOT, " | validation %.5f%s", loss, best ? " (best)" : "");
  }

  /** A message that must stay in the output, on a line of its own above the bar. */
  public void message(String s) {
    if (open) {
      out.print("\r" + " ".repeat(lastWidth) + "\r");
      open = false;
    }
    out.println(s);
    out.flush();
  }

  /** Ends the bar: its last state stays as the summary line. */
  public void finish() {
    if (line.isEmpty()) return;
    if (!open || !redraw) show();
    if (redraw) out.println();
    open = false;
    out.flush();
  }

  private void show() {
    String s = line + validation;
    if (redraw) {
      out.print("\r" + s + " ".repeat(Math.max(0, lastWidth - s.length())));
      open = true;
    } else {
      out.println(s);
    }
    lastWidth = s.length();
    out.flush();
  }

  private String line(long done, int epoch, int epochs, double loss, long records, long now) {
    double seconds = (now - startNanos) / 1e9;
    double rate = records / Math.max(seconds, 1e-9);
    double stepsPerS = (done - startDone) / Math.max(seconds, 1e-9);
    long eta = stepsPerS > 0 ? Math.round((total - done) / stepsPerS) : 0;
    long elapsed = Math.round(seconds);
    int width = 24;
    int filled = (int) Math.min(width, width * done / Math.max(1, total));
    String time = done >= total ? "took %dm%02ds".formatted(elapsed / 60, elapsed % 60) : "ETA %dm%02ds".formatted(eta / 60, eta % 60);
    return String.format(Locale.ROOT, "[%s%s] epoch %d/%d step %d/%d loss %.4f %.0f records/s %s",
        "#".repeat(filled), ".".repeat(width - filled), epoch + 1, epochs, done, total, loss, rate, time);
  }
}
