package io.cairn.namenode.namespace;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;

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
 * @param inlineDataMaxBytes the most bytes a file may keep in the namespace instead of in a block (0 =
 *     none): a small file then costs a create and a complete, and no DataNode
 */
public record NamespaceLimits(int defaultReplication, int maxReplication, long defaultBlockSizeBytes,
    int listingPageSize, String superGroup, int maxBlocksPerFile, int inlineDataMaxBytes) {
  /** Bound of {@link #inlineDataMaxBytes}: a Complete carries the bytes in one RPC and one edit. */
  public static final int MAX_INLINE_DATA_BYTES = 1 << 20;
  public static final long MIN_BLOCK_SIZE_BYTES = 512;
  public static final long MAX_BLOCK_SIZE_BYTES = 64L << 30;

  /** Refuses {@code bytes} as the kept content of {@code path} when they are more than {@link #inlineDataMaxBytes}. */
  public void checkInlineSize(CairnPath path, int bytes) throws CairnException {
    if (bytes > inlineDataMaxBytes) {
      throw CairnException.invalidArgument(path + ": " + bytes + " bytes are more than a file may keep in the"
          + " namespace (" + inlineDataMaxBytes + ", cairn.namenode.inline-data.max-bytes); write them to a block");
    }
  }

  public static NamespaceLimits defaults() {
    return new NamespaceLimits(3, 512, 128L << 20, 1000, "supergroup", 10_000, 64 << 10);
  }
}
