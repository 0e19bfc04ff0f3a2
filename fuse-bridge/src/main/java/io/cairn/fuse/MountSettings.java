package io.cairn.fuse;

import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import java.nio.file.Path;

/**
 * The bridge's configuration (docs/configuration.md, "FUSE mount"), read once when mounting.
 *
 * @param stagingDir folder for local copies of files rewritten in place
 * @param stagingMaxBytes most bytes all staged copies together may hold; more fails with ENOSPC
 * @param attrCacheMs how long the bridge reuses a file's attributes or a listing's entries
 * @param kernelCacheSeconds attribute and entry timeouts given to the kernel
 * @param readAheadBytes how much a reader fetches ahead of what the kernel asked for
 * @param maxWriteBytes largest write the kernel sends in one request
 * @param nameNodeRetryMs how long a call is retried while the NameNode cannot be reached
 * @param libfusePath the libfuse3 shared library
 */
record MountSettings(Path stagingDir, long stagingMaxBytes, long attrCacheMs, double kernelCacheSeconds,
    int readAheadBytes, int maxWriteBytes, long nameNodeRetryMs, String libfusePath) {

  static final String PREFIX = "cairn.fuse.";

  static MountSettings from(Settings s) throws CairnException {
    String staging = s.getString(PREFIX + "staging.dir", System.getProperty("java.io.tmpdir") + "/cairn-fuse-staging");
    long attrMs = s.getLong(PREFIX + "attr-cache-ms", 1000, 0, 3_600_000);
    return new MountSettings(Path.of(staging).toAbsolutePath(),
        s.getLong(PREFIX + "staging.max-bytes", 8L << 30, 0, Long.MAX_VALUE),
        attrMs,
        s.getLong(PREFIX + "kernel-cache-ms", attrMs, 0, 3_600_000) / 1000.0,
        s.getInt(PREFIX + "read-ahead-bytes", 4 << 20, 0, 64 << 20),
        s.getInt(PREFIX + "max-write-bytes", 1 << 20, 4096, 1 << 20),
        s.getLong(PREFIX + "namenode.retry-ms", 60_000, 0, 3_600_000),
        s.getString(PREFIX + "libfuse", "/usr/lib/x86_64-linux-gnu/libfuse3.so.3"));
  }
}
