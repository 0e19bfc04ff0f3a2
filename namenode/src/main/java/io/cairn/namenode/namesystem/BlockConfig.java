package io.cairn.namenode.namesystem;

import io.cairn.common.config.Settings;
import io.cairn.common.error.CairnException;

/**
 * How the NameNode manages DataNodes, blocks and leases; keys in docs/configuration.md.
 *
 * @param heartbeatIntervalMs how often DataNodes heartbeat
 * @param deadIntervalMs a DataNode silent this long is dead (HDFS: 10 min 30 s)
 * @param blockReportIntervalMs how often DataNodes send a full block report
 * @param minReplication replicas a block needs before its file may close
 * @param leaseSoftLimitMs a writer silent this long may lose its files to another writer
 * @param leaseHardLimitMs a writer silent this long has its files closed by the NameNode
 * @param replicationTimeoutMs a replication not reported done within this is scheduled again
 * @param leaseCheckIntervalMs how often the lease monitor looks for writers past the hard limit
 * @param leaseRecoveryTimeoutMs how long lease recovery waits for DataNodes to report a file's last block
 * @param replicationIntervalMs how often the replication monitor runs (dead nodes, copies, safe mode)
 * @param replicationMaxStreams copies ordered from one DataNode and not yet done, at most
 * @param safeModeThreshold share of complete blocks that must be minimally replicated to leave start-up safe mode
 * @param safeModeExtensionMs how long start-up safe mode lasts once the threshold is reached
 */
public record BlockConfig(long heartbeatIntervalMs, long deadIntervalMs, long blockReportIntervalMs, int minReplication,
    long leaseSoftLimitMs, long leaseHardLimitMs, long replicationTimeoutMs, long leaseCheckIntervalMs,
    long leaseRecoveryTimeoutMs, long replicationIntervalMs, int replicationMaxStreams, double safeModeThreshold,
    long safeModeExtensionMs) {

  public static BlockConfig from(Settings s) throws CairnException {
    long heartbeat = s.getLong("cairn.heartbeat.interval-ms", 3_000, 10, 3_600_000);
    return new BlockConfig(
        heartbeat,
        s.getLong("cairn.datanode.dead.interval-ms", 630_000, heartbeat, Long.MAX_VALUE),
        s.getLong("cairn.blockreport.interval-ms", 6 * 3_600_000L, 1_000, Long.MAX_VALUE),
        s.getInt("cairn.replication.min", 1, 1, 512),
        s.getLong("cairn.lease.soft-limit-ms", 60_000, 1_000, Long.MAX_VALUE),
        s.getLong("cairn.lease.hard-limit-ms", 3_600_000, 1_000, Long.MAX_VALUE),
        s.getLong("cairn.replication.timeout-ms", 300_000, 1_000, Long.MAX_VALUE),
        s.getLong("cairn.lease.check-interval-ms", 2_000, 10, 3_600_000),
        s.getLong("cairn.lease.recovery-timeout-ms", 10 * heartbeat, heartbeat, Long.MAX_VALUE),
        s.getLong("cairn.namenode.replication.interval-ms", 3_000, 10, 3_600_000),
        s.getInt("cairn.namenode.replication.max-streams", 2, 1, 1_000),
        s.getDouble("cairn.namenode.safemode.threshold-pct", 0.999, 0, 1.5),
        s.getLong("cairn.namenode.safemode.extension-ms", 30_000, 0, Long.MAX_VALUE));
  }

  public static BlockConfig defaults() {
    try {
      return from(Settings.empty());
    } catch (CairnException e) {
      throw new IllegalStateException(e);
    }
  }
}
