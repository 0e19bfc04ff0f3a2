package io.cairn.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Writes the machine's dirty page cache to disk before a timed phase, so that no phase pays for
 * what another wrote: HDFS leaves the blocks it wrote in the page cache, and a Cairn phase that
 * followed, whose DataNodes sync their blocks, waited behind the disk writing HDFS's gigabytes
 * back. Untimed. Runs {@code sync(1)}.
 */
final class DirtyPages {
  private static final long SYNC_TIMEOUT_MINUTES = 10;

  private DirtyPages() {}

  /** Returns once {@code sync} finished; throws if it could not run or failed. */
  static void flush() throws IOException {
    Process p = new ProcessBuilder("sync").inheritIO().start();
    try {
      if (!p.waitFor(SYNC_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IOException("sync did not finish within " + SYNC_TIMEOUT_MINUTES + " minutes");
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted waiting for sync", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("sync failed with exit status " + p.exitValue());
    }
  }
}
