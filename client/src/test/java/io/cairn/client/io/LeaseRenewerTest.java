package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.time.ManualClock;
import io.cairn.common.time.SystemClock;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LeaseRenewerTest {
  final ManualClock clock = new ManualClock(1_000);
  final AtomicInteger renewals = new AtomicInteger();

  @Test
  void renewsOncePerIntervalWhileAStreamIsOpen() {
    try (LeaseRenewer renewer = new LeaseRenewer(clock, 30_000, renewals::incrementAndGet)) {
      assertThat(renewer.renewIfDue()).isFalse();
      renewer.streamOpened();
      clock.advance(29_999);
      assertThat(renewer.renewIfDue()).isFalse();
      clock.advance(1);
      assertThat(renewer.renewIfDue()).isTrue();
      assertThat(renewer.renewIfDue()).isFalse();
      renewer.streamClosed();
      clock.advance(60_000);
      assertThat(renewer.renewIfDue()).isFalse();
    }
    assertThat(renewals.get()).isEqualTo(1);
  }

  @Test
  void aFailedRenewalIsRetriedOneIntervalLater() {
    LeaseRenewer.Renewal failing = () -> {
      renewals.incrementAndGet();
      throw new IOException("NameNode down");
    };
    // Long enough in real time that the renewer's own thread, which waits on the real clock, stays asleep.
    try (LeaseRenewer renewer = new LeaseRenewer(clock, 600_000, failing)) {
      renewer.streamOpened();
      clock.advance(600_000);
      assertThat(renewer.renewIfDue()).isTrue();
      assertThat(renewer.renewIfDue()).isFalse();
      clock.advance(600_000);
      assertThat(renewer.renewIfDue()).isTrue();
      renewer.streamClosed();
    }
    assertThat(renewals.get()).isEqualTo(2);
  }

  @Test
  void streamAfterStreamIsServedByOneThread() {
    // An interval no test run reaches in real time: the thread cannot fall due in between.
    try (LeaseRenewer renewer = new LeaseRenewer(clock, 3_600_000, renewals::incrementAndGet)) {
      renewer.streamOpened();
      renewer.streamOpened();
      Thread first = renewer.thread();
      assertThat(first).isNotNull();
      renewer.streamClosed();
      renewer.streamClosed();
      // Files written one after another: the next stream finds the thread still there.
      renewer.streamOpened();
      assertThat(renewer.thread()).isSameAs(first);
      renewer.streamClosed();
    }
    assertThat(renewals.get()).isZero();
  }

  @Test
  void theThreadEndsWhenARenewalFallsDueWithNoStreamOpen() throws InterruptedException {
    try (LeaseRenewer renewer = new LeaseRenewer(SystemClock.INSTANCE, 50, renewals::incrementAndGet)) {
      renewer.streamOpened();
      Thread first = renewer.thread();
      assertThat(first).isNotNull();
      renewer.streamClosed();
      first.join(10_000);
      assertThat(first.isAlive()).as("ended at a renewal with no stream open").isFalse();
      assertThat(renewer.thread()).isNull();
      renewer.streamOpened();
      assertThat(renewer.thread()).isNotNull().isNotSameAs(first);
      renewer.streamClosed();
    }
  }

  @Test
  void closingTheClientEndsTheThreadAtOnce() throws InterruptedException {
    LeaseRenewer renewer = new LeaseRenewer(clock, 3_600_000, renewals::incrementAndGet);
    renewer.streamOpened();
    Thread thread = renewer.thread();
    renewer.close();
    thread.join(10_000);
    assertThat(thread.isAlive()).isFalse();
    assertThat(renewals.get()).isZero();
  }
}
