package io.cairn.fuse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The local folder where files rewritten in place are staged, with a limit on the bytes all staged
 * copies hold together: a reservation past it fails with ENOSPC rather than filling the local disk.
 * Thread-safe.
 */
final class StagingArea {
  private final Path dir;
  private final long maxBytes;
  private final AtomicLong usedBytes = new AtomicLong();

  StagingArea(Path dir, long maxBytes) throws IOException {
    this.dir = Files.createDirectories(dir);
    this.maxBytes = maxBytes;
  }

  Path dir() {
    return dir;
  }

  /** A new empty file in the staging folder, readable and writable by this user only. */
  Path newFile() throws IOException {
    return Files.createTempFile(dir, "staged-", ".tmp");
  }

  /** Takes {@code bytes} more of the budget, or fails with ENOSPC naming the limit. */
  void reserve(long bytes, String forPath) throws FuseError {
    long after = usedBytes.addAndGet(bytes);
    if (after > maxBytes) {
      usedBytes.addAndGet(-bytes);
      throw new FuseError(Errno.ENOSPC, forPath + ": rewriting it in place needs a local copy, and the staging "
          + "folder " + dir + " would exceed cairn.fuse.staging.max-bytes=" + maxBytes);
    }
  }

  void release(long bytes) {
    usedBytes.addAndGet(-bytes);
  }

  long usedBytes() {
    return usedBytes.get();
  }
}
