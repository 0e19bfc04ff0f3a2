package io.cairn.namenode.namespace;

/**
 * Defaults and bounds that the namespace enforces.
 *
 * @param defaultReplication replication of files created without one
 * @param maxReplication the largest replication a file may ask for
 * @param defaultBlockSizeBytes block size of files created without one
 * @param listingPageSize the most entries one listing call returns
 * @param superGroup members of this group are superusers too
 */
public record NamespaceLimits(int defaultReplication, int maxReplication, long defaultBlockSizeBytes,
    int listingPageSize, String superGroup) {
  public static final long MIN_BLOCK_SIZE_BYTES = 512;
  public static final long MAX_BLOCK_SIZE_BYTES = 64L << 30;

  public static NamespaceLimits defaults() {
    return new NamespaceLimits(3, 512, 128L << 20, 1000, "supergroup");
  }
}
