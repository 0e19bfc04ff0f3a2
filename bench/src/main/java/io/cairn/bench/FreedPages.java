package io.cairn.bench;

import io.cairn.client.io.Pause;
import io.cairn.common.time.Clock;
import io.cairn.common.time.SystemClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Lets what a finished run deleted settle before the next run, so no system's timed phases share
 * the machine with the other's background deletes. Untimed.
 *
 * <p>Why: a round ends by deleting what it wrote, and both systems delete replicas in the
 * background at their own pace (measured: Cairn's DataNodes in 1-3 s, HDFS's in 11-30 s, so the
 * 3 GiB of an HDFS round were still being deleted while the next Cairn round wrote). And on a
 * virtual machine that hands free memory back to its host (virtio free page reporting), writing
 * into the page cache costs several times as much in pages the host has taken back as in pages freed
 * a moment ago: `dd` of 2 GiB ran at 4.9 GB/s right after another 2 GiB file was removed and at
 * 426-581 MB/s once the kernel had reported the freed pages, which took it about 14 s. So after each
 * run this waits until the run's deleted files have left the disk and, where the kernel counts what
 * it reported, until that count stops moving.
 */
final class FreedPages {
  /** What the kernel has reported to the host so far, where it exposes the figure. */
  static final Path REPORTED_KIB = Path.of("/sys/module/page_reporting/parameters/reported_kib");
  private static final long DELETE_TIMEOUT_MS = 120_000;
  private static final long REPORT_TIMEOUT_MS = 90_000;
  /** The kernel reports in passes about 2 s apart, so a count steady for 4 s has stopped. */
  private static final long REPORT_QUIET_MS = 4_000;
  private static final long POLL_MS = 250;

  private FreedPages() {}

  /** How long each wait of {@link #settle} took, in milliseconds, and whether it ended in time. */
  record Settled(long deleteMs, boolean deleted, long reportMs, boolean reported) {}

  /**
   * Waits until the files under {@code dir} total at most {@code atMostBytes} (the run's deleted
   * blocks are gone), then until the kernel's reported-memory count is steady (nothing when the
   * kernel does not show it).
   */
  static Settled settle(Path dir, long atMostBytes) throws IOException {
    Clock clock = SystemClock.INSTANCE;
    long start = clock.monotonicMs();
    boolean deleted = awaitAtMost(() -> bytesUnder(dir), atMostBytes, DELETE_TIMEOUT_MS, clock, Pause.SLEEP);
    long mid = clock.monotonicMs();
    boolean reported = !Files.isReadable(REPORTED_KIB)
        || awaitSteady(FreedPages::reportedKib, REPORT_QUIET_MS, REPORT_TIMEOUT_MS, clock, Pause.SLEEP);
    return new Settled(mid - start, deleted, clock.monotonicMs() - mid, reported);
  }

  /** Polls {@code value} until it is at most {@code atMost}; false if {@code timeoutMs} passed first. */
  static boolean awaitAtMost(LongSupplier value, long atMost, long timeoutMs, Clock clock, Pause pause)
      throws IOException {
    long deadline = clock.monotonicMs() + timeoutMs;
    while (value.getAsLong() > atMost) {
      if (clock.monotonicMs() >= deadline) {
        return false;
      }
      pause.pause(POLL_MS);
    }
    return true;
  }

  /** Polls {@code value} until it has not changed for {@code quietMs}; false if {@code timeoutMs} passed first. */
  static boolean awaitSteady(LongSupplier value, long quietMs, long timeoutMs, Clock clock, Pause pause)
      throws IOException {
    long start = clock.monotonicMs();
    long last = value.getAsLong();
    long since = start;
    while (clock.monotonicMs() - since < quietMs) {
      if (clock.monotonicMs() - start >= timeoutMs) {
        return false;
      }
      pause.pause(POLL_MS);
      long now = value.getAsLong();
      if (now != last) {
        last = now;
        since = clock.monotonicMs();
      }
    }
    return true;
  }

  /** Total size of the regular files under {@code dir}; files that vanish while it counts count as gone. */
  static long bytesUnder(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.mapToLong(FreedPages::sizeOrZero).sum();
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (UncheckedIOException e) {
      // A folder removed during the walk: the next poll counts again.
      if (e.getCause() instanceof NoSuchFileException) {
        return Long.MAX_VALUE;
      }
      throw e;
    }
  }

  private static long sizeOrZero(Path p) {
    try {
      return Files.isRegularFile(p) ? Files.size(p) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /** The kernel's count of memory reported to the host, in KiB; 0 where it is not shown. */
  static long reportedKib() {
    try {
      return Long.parseLong(Files.readString(REPORTED_KIB).trim());
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }
}
