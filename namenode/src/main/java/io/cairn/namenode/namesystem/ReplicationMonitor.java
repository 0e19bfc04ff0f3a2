package io.cairn.namenode.namesystem;

import java.io.IOException;

/**
 * Drives the block manager's periodic work (HDFS's ReplicationMonitor and HeartbeatManager): dead
 * DataNodes, copies of short blocks, timed-out copies, the start-up safe mode and decommissioning.
 * Time comes from the registry's clock; the NameNode calls {@link #tick} every
 * {@code cairn.namenode.replication.interval-ms}, tests call it after advancing a manual clock.
 */
public final class ReplicationMonitor {
  private final NamespaceLock lock;
  private final BlockManager blocks;

  public ReplicationMonitor(NamespaceLock lock, BlockManager blocks) {
    this.lock = lock;
    this.blocks = blocks;
  }

  /** One pass, under the namesystem's read lock (the block manager reads which file owns each block). */
  public void tick() throws IOException {
    lock.read(() -> {
      blocks.tick();
      return null;
    });
  }
}
