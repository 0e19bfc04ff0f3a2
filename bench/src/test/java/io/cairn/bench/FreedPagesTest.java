package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.Pause;
import io.cairn.common.time.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreedPagesTest {
  private static final long SECOND = 1000;

  private final ManualClock clock = new ManualClock(0);
  /** Waiting moves the clock on, and nothing else does. */
  private final Pause pause = clock::advance;

  @Test
  void waitsForTheDeletedBytesToGo() throws IOException {
    // 3 GiB until 5 s have passed, as a DataNode that deletes its replicas a while after the file.
    LongSupplier bytes = () -> clock.monotonicMs() < 5 * SECOND ? 3L << 30 : 1L << 20;
    assertThat(FreedPages.awaitAtMost(bytes, 64L << 20, 120 * SECOND, clock, pause)).isTrue();
    assertThat(clock.monotonicMs()).isBetween(5 * SECOND, 6 * SECOND);
  }

  @Test
  void givesUpOnBytesThatStay() throws IOException {
    assertThat(FreedPages.awaitAtMost(() -> 3L << 30, 64L << 20, 10 * SECOND, clock, pause)).isFalse();
    assertThat(clock.monotonicMs()).isBetween(10 * SECOND, 11 * SECOND);
  }

  @Test
  void waitsUntilTheCountStopsMoving() throws IOException {
    // Grows every 2 s until 9 s, as the kernel's passes over freed memory.
    LongSupplier reported = () -> Math.min(clock.monotonicMs(), 9 * SECOND) / (2 * SECOND);
    assertThat(FreedPages.awaitSteady(reported, 4 * SECOND, 90 * SECOND, clock, pause)).isTrue();
    // Its last step was at 8 s; steady for 4 s after that.
    assertThat(clock.monotonicMs()).isBetween(12 * SECOND, 13 * SECOND);
  }

  @Test
  void aSteadyCountEndsTheWaitAfterTheQuietTime() throws IOException {
    assertThat(FreedPages.awaitSteady(() -> 42, 4 * SECOND, 90 * SECOND, clock, pause)).isTrue();
    assertThat(clock.monotonicMs()).isBetween(4 * SECOND, 5 * SECOND);
  }

  @Test
  void givesUpOnACountThatKeepsMoving() throws IOException {
    assertThat(FreedPages.awaitSteady(() -> clock.monotonicMs(), 4 * SECOND, 30 * SECOND, clock, pause)).isFalse();
    assertThat(clock.monotonicMs()).isBetween(30 * SECOND, 31 * SECOND);
  }

  @Test
  void countsTheFilesUnderAFolder(@TempDir Path dir) throws IOException {
    Files.write(dir.resolve("a"), new byte[1000]);
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.write(dir.resolve("sub/deeper/b"), new byte[24]);
    assertThat(FreedPages.bytesUnder(dir)).isEqualTo(1024);
    assertThat(FreedPages.bytesUnder(dir.resolve("missing"))).isZero();
  }
}
