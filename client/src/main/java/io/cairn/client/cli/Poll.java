package io.cairn.client.cli;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;

/** Asks the NameNode again every half second until a condition holds, for commands that wait (setrep -w, safemode wait). */
final class Poll {
  private static final long INTERVAL_MS = 500;

  private Poll() {}

  @FunctionalInterface
  interface Condition {
    boolean holds() throws CairnException;
  }

  /** Returns once {@code condition} holds; fails with {@code IO} naming {@code what} after {@code timeoutSeconds}. */
  static void until(String what, long timeoutSeconds, Condition condition) throws CairnException {
    long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new CairnException(ErrorCode.IO, what + ": timed out after " + timeoutSeconds + " s");
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CairnException(ErrorCode.IO, "interrupted while waiting: " + what);
      }
    }
  }
}
