package io.cairn.fuse;

import io.cairn.client.io.Pause;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.time.Clock;
import java.io.IOException;

/**
 * Retries a NameNode call while the NameNode cannot be reached (restarting, or the network blinked),
 * so a program using the mount sees a slow call rather than EIO. Only {@link ErrorCode#UNAVAILABLE}
 * is retried; every other answer is final. Thread-safe.
 */
final class NameNodeRetry {
  private static final long FIRST_PAUSE_MS = 100;
  private static final long MAX_PAUSE_MS = 2_000;

  /** A call to the NameNode. */
  @FunctionalInterface
  interface Call<T> {
    T run() throws IOException;
  }

  private final long limitMs;
  private final Clock clock;
  private final Pause pause;

  NameNodeRetry(long limitMs, Clock clock, Pause pause) {
    this.limitMs = limitMs;
    this.clock = clock;
    this.pause = pause;
  }

  <T> T call(Call<T> call) throws IOException {
    long deadline = clock.monotonicMs() + limitMs;
    long wait = FIRST_PAUSE_MS;
    while (true) {
      try {
        return call.run();
      } catch (CairnException e) {
        if (e.code() != ErrorCode.UNAVAILABLE || clock.monotonicMs() + wait > deadline) {
          throw e;
        }
      }
      pause.pause(wait);
      wait = Math.min(wait * 2, MAX_PAUSE_MS);
    }
  }
}
