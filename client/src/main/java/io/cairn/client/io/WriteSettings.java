package io.cairn.client.io;

import io.cairn.common.time.Clock;

/**
 * The fixed settings of one output stream.
 *
 * @param blockSizeBytes the file's block size (a new block starts when one reaches it)
 * @param completeTimeoutMs how long close() retries Complete while the NameNode answers "not yet"
 * @param clock measures that time
 * @param pause waits between those retries
 */
public record WriteSettings(long blockSizeBytes, long completeTimeoutMs, Clock clock, Pause pause) {
  public WriteSettings {
    if (blockSizeBytes <= 0) {
      throw new IllegalArgumentException("block size must be positive: " + blockSizeBytes);
    }
  }
}
