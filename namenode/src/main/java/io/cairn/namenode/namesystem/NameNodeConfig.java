package io.cairn.namenode.namesystem;

import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;
import io.cairn.namenode.namespace.NamespaceLimits;
import java.nio.file.Path;

/**
 * Everything the NameNode is configured with; keys in docs/configuration.md.
 *
 * @param dir where the namespace store and checkpoints live
 * @param bindHost address to listen on
 * @param port ClientProtocol/AdminProtocol port (0 = any free port)
 * @param limits namespace defaults and bounds
 * @param handlerThreads threads that serve RPCs
 * @param maxRequestBytes largest RPC message accepted
 * @param blockCacheBytes RocksDB read cache
 * @param checkpointPeriodEdits take a checkpoint after this many edits (0 = only on request)
 * @param checkpointsRetained how many checkpoints to keep
 * @param editsRetainedAfterCheckpoint edits kept below the last checkpoint, for readers that tail the log
 * @param blocks DataNode liveness, replication and lease settings
 * @param reservedBytes free space kept on the disk under {@code dir}: below it, nothing that adds to the
 *     namespace is taken (0 = no reserve)
 */
public record NameNodeConfig(Path dir, String bindHost, int port, NamespaceLimits limits, int handlerThreads,
    int maxRequestBytes, long blockCacheBytes, long checkpointPeriodEdits, int checkpointsRetained,
    long editsRetainedAfterCheckpoint, BlockConfig blocks, long reservedBytes) {

  /** As HDFS's dfs.namenode.resource.du.reserved. */
  public static final long DEFAULT_RESERVED_BYTES = 100L << 20;

  public static final int DEFAULT_PORT = 9500;

  public static NameNodeConfig from(Path dir, Settings s) throws CairnException {
    NamespaceLimits defaults = NamespaceLimits.defaults();
    int maxRequestBytes = s.getInt("cairn.namenode.rpc.max-request-bytes", 1 << 20, 16 << 10, 64 << 20);
    NamespaceLimits limits = new NamespaceLimits(
        s.getInt("cairn.replication.default", defaults.defaultReplication(), 1, 512),
        s.getInt("cairn.replication.max", defaults.maxReplication(), 1, 512),
        s.getLong("cairn.blocksize.default-bytes", defaults.defaultBlockSizeBytes(),
            NamespaceLimits.MIN_BLOCK_SIZE_BYTES, NamespaceLimits.MAX_BLOCK_SIZE_BYTES),
        s.getInt("cairn.namenode.listing.page-size", defaults.listingPageSize(), 1, 100_000),
        s.getString("cairn.namenode.supergroup", defaults.superGroup()),
        s.getInt("cairn.namenode.fs-limits.max-blocks-per-file", defaults.maxBlocksPerFile(), 1, 10_000_000),
        // A Complete carries the bytes in one request: at most half of the largest one taken.
        Math.min(s.getInt("cairn.namenode.inline-data.max-bytes", defaults.inlineDataMaxBytes(), 0,
            NamespaceLimits.MAX_INLINE_DATA_BYTES), maxRequestBytes / 2));
    return new NameNodeConfig(
        dir,
        s.getString("cairn.namenode.bind-host", "127.0.0.1"),
        s.getInt("cairn.namenode.port", DEFAULT_PORT, 0, 65535),
        limits,
        s.getInt("cairn.namenode.handler.threads", 64, 1, 4096),
        maxRequestBytes,
        s.getLong("cairn.namenode.store.block-cache-bytes", 64L << 20, 1 << 20, 1L << 40),
        s.getLong("cairn.namenode.checkpoint.period-edits", 1_000_000, 0, Long.MAX_VALUE),
        s.getInt("cairn.namenode.checkpoint.retained", 2, 1, 100),
        s.getLong("cairn.namenode.edits.retained-after-checkpoint", 100_000, 0, Long.MAX_VALUE),
        BlockConfig.from(s),
        s.getLong("cairn.namenode.reserved-bytes", DEFAULT_RESERVED_BYTES, 0, Long.MAX_VALUE));
  }

  public NameNodeConfig withPort(int newPort) {
    return new NameNodeConfig(dir, bindHost, newPort, limits, handlerThreads, maxRequestBytes, blockCacheBytes,
        checkpointPeriodEdits, checkpointsRetained, editsRetainedAfterCheckpoint, blocks, reservedBytes);
  }
}
