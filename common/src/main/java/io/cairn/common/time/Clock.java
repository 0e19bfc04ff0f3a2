package io.cairn.common.time;

/** The only source of time: code that expires or stamps things takes a Clock, so tests can drive it. */
public interface Clock {
  /** Milliseconds on a clock that never goes back; for intervals and deadlines. */
  long monotonicMs();

  /** Milliseconds since the epoch; for times shown to users (mtime, atime). */
  long wallMs();
}
