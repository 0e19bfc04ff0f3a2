package io.cairn.common.time;

/** The real clock. */
public final class SystemClock implements Clock {
  public static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long monotonicMs() {
    return System.nanoTime() / 1_000_000L;
  }

  @Override
  public long wallMs() {
    return System.currentTimeMillis();
  }
}
