package io.cairn.common.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Waits for a condition that another thread or process makes true, with a deadline instead of a fixed sleep. */
public final class Conditions {
  private Conditions() {}

  /** A condition that may need I/O to evaluate. */
  @FunctionalInterface
  public interface Probe {
    boolean holds() throws Exception;
  }

  /** Returns once {@code condition} holds; fails with {@code what} if it does not within {@code limit}. */
  public static void await(String what, Duration limit, Probe condition) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit + ": " + what);
      }
      LockSupport.parkNanos(1_000_000);
    }
  }
}
