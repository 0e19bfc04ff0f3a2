package io.cairn.namenode.namespace;

/**
 * Defaults and bounds that the namespace enforces.
 *
 * @param defaultReplication replication of files created without one
 * @param maxReplication the largest replication a file may ask for
 * @param defaultBlockSizeBytes block size of files created without one
 * @param listingPageSize the most entries one listing call returns
 * @param superGroup members of this group are superusers too
 * @param maxBlocksPerFile the most blocks one file may have: a file's blocks live in its inode, which
 *     is rewritten at every new block and read by every open (HDFS: 10,000 by default too)
 */
public record NamespaceLimits(int defaultReplication, int maxReplication, long defaultBlockSizeBytes,
    int listingPageSize, String superGroup, int maxBlocksPerFile) {
  public static final long MIN_BLOCK_SIZE_BYTES = 512;
  public static final long MAX_BLOCK_SIZE_BYTES = 64L << 30;

  public static NamespaceLimits defaults() {
    return new NamespaceLimits(3, 512, 128L << 20, 1000, "supergroup", 10_000);
  }
}
