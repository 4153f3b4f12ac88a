package halo.eval.utility;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a batch of classifier fits, safe to call from the threads that run them side by side: a
 * line "what: k of n fits, elapsed, about R left" at most every {@link #EVERY_SECONDS} seconds and
 * after the last fit. A null stream prints nothing.
 */
final class FitProgress {
  static final int EVERY_SECONDS = 30;

  private final PrintStream out;
  private final String what;
  private final int total;
  private final long start = System.nanoTime();
  private long lastPrint = start;
  private int done;

  FitProgress(PrintStream out, String what, int total) {
    this.out = out;
    this.what = what;
    this.total = total;
  }

  /** One more fit done. */
  synchronized void fitted() {
    done++;
    long now = System.nanoTime();
    if (out == null || (done < total && now - lastPrint < EVERY_SECONDS * 1_000_000_000L)) return;
    lastPrint = now;
    out.println(line(what, done, total, (now - start) / 1e9));
    out.flush();
  }

  /** The progress line after {@code done} of {@code total} fits in {@code seconds}. */
  static String line(String what, int done, int total, double seconds) {
    String left = done < total ? String.format(Locale.ROOT, ", about %s left", duration(seconds / done * (total - done))) : "";
    return String.format(Locale.ROOT, "%s: %d of %d fits, %s%s", what, done, total, duration(seconds), left);
  }

  static String duration(double seconds) {
    long s = Math.round(seconds);
    return s < 60 ? s + " s" : s < 3600 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%d h %02d min", s / 3600, s % 3600 / 60);
  }
}
