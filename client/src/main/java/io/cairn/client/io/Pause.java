package io.cairn.client.io;

import java.io.InterruptedIOException;

/** Waits between retries; tests pass one that advances a manual clock instead of sleeping. */
@FunctionalInterface
public interface Pause {
  Pause SLEEP = ms -> {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting to retry");
    }
  };

  void pause(long ms) throws InterruptedIOException;
}
