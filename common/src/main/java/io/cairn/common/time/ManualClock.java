package io.cairn.common.time;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; thread-safe. */
public final class ManualClock implements Clock {
  private final AtomicLong nowMs;

  public ManualClock(long startMs) {
    this.nowMs = new AtomicLong(startMs);
  }

  public void advance(long ms) {
    if (ms < 0) {
      throw new IllegalArgumentException("a clock does not go back: " + ms);
    }
    nowMs.addAndGet(ms);
  }

  @Override
  public long monotonicMs() {
    return nowMs.get();
  }

  @Override
  public long wallMs() {
    return nowMs.get();
  }
}
