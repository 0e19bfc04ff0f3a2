package io.cairn.client.io;

import io.cairn.common.time.Clock;

/**
 * The fixed settings of one output stream.
 *
 * @param blockSizeBytes the file's block size (a new block starts when one reaches it)
 * @param completeTimeoutMs how long close() retries Complete while the NameNode answers "not yet"
 * @param clock measures that time
 * @param pause waits between those retries
 * @param inlineDataMaxBytes a file closed with at most this many bytes, never hflushed, hands them to
 *     the NameNode to keep in the namespace instead of writing a block (0 = never)
 */
public record WriteSettings(long blockSizeBytes, long completeTimeoutMs, Clock clock, Pause pause,
    long inlineDataMaxBytes) {
  public WriteSettings {
    if (blockSizeBytes <= 0) {
      throw new IllegalArgumentException("block size must be positive: " + blockSizeBytes);
    }
    if (inlineDataMaxBytes < 0) {
      throw new IllegalArgumentException("inline data bound must not be negative: " + inlineDataMaxBytes);
    }
  }

  /** Settings of a stream that writes every byte to blocks. */
  public WriteSettings(long blockSizeBytes, long completeTimeoutMs, Clock clock, Pause pause) {
    this(blockSizeBytes, completeTimeoutMs, clock, pause, 0);
  }
}
