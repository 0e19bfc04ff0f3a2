package io.cairn.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FreedPagesTest {
  /** Time that moves only when the code under test sleeps. */
  private static final class FakeClock implements FreedPages.Clock {
    long nanos;

    @Override
    public long nanoTime() {
      return nanos;
    }

    @Override
    public void sleepMillis(long millis) {
      nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }
  }

  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void waitsForTheDeletedBytesToGo() throws IOException {
    FakeClock clock = new FakeClock();
    // 3 GiB until 5 s have passed, as a DataNode that deletes its replicas a while after the file.
    LongSupplier bytes = () -> clock.nanos < 5 * SECOND ? 3L << 30 : 1L << 20;
    assertThat(FreedPages.awaitAtMost(bytes, 64L << 20, 120 * SECOND, clock)).isTrue();
    assertThat(clock.nanos).isBetween(5 * SECOND, 6 * SECOND);
  }

  @Test
  void givesUpOnBytesThatStay() throws IOException {
    FakeClock clock = new FakeClock();
    assertThat(FreedPages.awaitAtMost(() -> 3L << 30, 64L << 20, 10 * SECOND, clock)).isFalse();
    assertThat(clock.nanos).isBetween(10 * SECOND, 11 * SECOND);
  }

  @Test
  void waitsUntilTheCountStopsMoving() throws IOException {
    FakeClock clock = new FakeClock();
    // Grows every 2 s until 9 s, as the kernel's passes over freed memory.
    LongSupplier reported = () -> Math.min(clock.nanos, 9 * SECOND) / (2 * SECOND);
    assertThat(FreedPages.awaitSteady(reported, 4 * SECOND, 90 * SECOND, clock)).isTrue();
    // Its last step was at 8 s; steady for 4 s after that.
    assertThat(clock.nanos).isBetween(12 * SECOND, 13 * SECOND);
  }

  @Test
  void aSteadyCountEndsTheWaitAfterTheQuietTime() throws IOException {
    FakeClock clock = new FakeClock();
    assertThat(FreedPages.awaitSteady(() -> 42, 4 * SECOND, 90 * SECOND, clock)).isTrue();
    assertThat(clock.nanos).isBetween(4 * SECOND, 5 * SECOND);
  }

  @Test
  void givesUpOnACountThatKeepsMoving() throws IOException {
    FakeClock clock = new FakeClock();
    assertThat(FreedPages.awaitSteady(() -> clock.nanos, 4 * SECOND, 30 * SECOND, clock)).isFalse();
    assertThat(clock.nanos).isBetween(30 * SECOND, 31 * SECOND);
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
