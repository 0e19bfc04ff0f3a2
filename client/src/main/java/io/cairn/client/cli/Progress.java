package io.cairn.client.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on stderr for large copies, shown only when a person is watching (a
 * terminal): piped output gets no control characters.
 */
final class Progress implements AutoCloseable {
  private static final long SHOW_ABOVE_BYTES = 8L << 20;
  private static final long REDRAW_EVERY_NS = 200_000_000L;

  private final PrintStream err;
  private final String label;
  private final long totalBytes;
  private final long startNs = System.nanoTime();
  private long doneBytes;
  private long lastDrawNs;

  private Progress(PrintStream err, String label, long totalBytes) {
    this.err = err;
    this.label = label;
    this.totalBytes = totalBytes;
  }

  /** A bar for a copy of {@code totalBytes} (-1 when unknown), or a silent one. */
  static Progress of(String label, long totalBytes) {
    boolean visible = System.console() != null && (totalBytes < 0 || totalBytes >= SHOW_ABOVE_BYTES);
    return new Progress(visible ? System.err : null, label, totalBytes);
  }

  void advance(long bytes) {
    doneBytes += bytes;
    long now = System.nanoTime();
    if (err != null && now - lastDrawNs >= REDRAW_EVERY_NS) {
      lastDrawNs = now;
      draw(now);
    }
  }

  private void draw(long now) {
    double seconds = Math.max(1e-3, (now - startNs) / 1e9);
    double mibPerSec = doneBytes / seconds / (1 << 20);
    String amount = totalBytes > 0
        ? String.format(Locale.ROOT, "%3d%% %s/%s", doneBytes * 100 / totalBytes, Sizes.format(doneBytes, true),
            Sizes.format(totalBytes, true))
        : Sizes.format(doneBytes, true);
    err.printf(Locale.ROOT, "\r%s  %s  %.1f MiB/s   ", label, amount, mibPerSec);
    err.flush();
  }

  @Override
  public void close() {
    if (err != null) {
      draw(System.nanoTime());
      err.println();
    }
  }
}
