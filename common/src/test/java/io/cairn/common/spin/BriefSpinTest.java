package io.cairn.common.spin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BriefSpinTest {
  private static final long LONG_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Test
  void seesWhatAnotherThreadDoesWhileItSpins() throws Exception {
    BriefSpin spin = new BriefSpin(LONG_NANOS);
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch spinning = new CountDownLatch(1);
    Thread setter = new Thread(() -> {
      try {
        spinning.await();
      } catch (InterruptedException e) {
        return;
      }
      done.set(true);
    });
    setter.start();
    boolean seen = spin.until(() -> {
      spinning.countDown();
      return done.get();
    });
    setter.join();
    assertThat(seen).isTrue();
    assertThat(spin.budgetNanos()).isEqualTo(LONG_NANOS);
  }

  @Test
  void aSpinThatMissesHalvesTheNextDownToASixteenthAndASeenOneDoublesIt() {
    long max = TimeUnit.MICROSECONDS.toNanos(200);
    BriefSpin spin = new BriefSpin(max);
    assertThat(spin.until(() -> false)).isFalse();
    assertThat(spin.budgetNanos()).isEqualTo(max / 2);
    for (int i = 0; i < 6; i++) {
      spin.until(() -> false);
    }
    assertThat(spin.budgetNanos()).isEqualTo(max / 16);
    assertThat(spin.until(() -> true)).isTrue();
    assertThat(spin.budgetNanos()).isEqualTo(max / 8);
  }

  @Test
  void everySixteenthWaitSpinsInFullAndAMissThenLeavesTheBudgetAsItWas() {
    long max = TimeUnit.MICROSECONDS.toNanos(200);
    BriefSpin spin = new BriefSpin(max);
    for (int i = 0; i < 15; i++) {
      spin.until(() -> false);
    }
    assertThat(spin.budgetNanos()).isEqualTo(max / 16);
    // The sixteenth: spins up to the most, misses, and does not raise the budget.
    spin.until(() -> false);
    assertThat(spin.budgetNanos()).isEqualTo(max / 16);
  }

  @Test
  void onlyOneThreadSpinsAtATimeTheOthersCheckOnceAndGoOn() throws Exception {
    BriefSpin first = new BriefSpin(LONG_NANOS);
    BriefSpin second = new BriefSpin(LONG_NANOS);
    AtomicBoolean release = new AtomicBoolean();
    CountDownLatch spinning = new CountDownLatch(1);
    AtomicBoolean firstSeen = new AtomicBoolean();
    Thread spinner = new Thread(() -> firstSeen.set(first.until(() -> {
      spinning.countDown();
      return release.get();
    })));
    spinner.start();
    spinning.await();
    AtomicInteger checks = new AtomicInteger();
    assertThat(second.until(() -> checks.incrementAndGet() < 0)).isFalse();
    assertThat(checks).hasValue(1);
    release.set(true);
    spinner.join();
    assertThat(firstSeen).isTrue();
  }

  @Test
  void aPlaceWithNoBudgetOnlyChecks() {
    BriefSpin off = new BriefSpin(0);
    AtomicInteger checks = new AtomicInteger();
    assertThat(off.until(() -> checks.incrementAndGet() < 0)).isFalse();
    assertThat(checks).hasValue(1);
  }
}
