package io.cairn.datanode.command;

import io.cairn.common.error.CairnException;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.Block;
import io.cairn.proto.RecoverReplicaCommand;
import io.cairn.proto.ReportReplicaCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataNode's part in lease recovery: report a replica on request, then finalize it at the length
 * and stamp the NameNode closed its file with (see docs/datanode.md). Blocks on the disk.
 */
final class LeaseRecoveryHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseRecoveryHandler.class);

  private final ReplicaStore store;

  LeaseRecoveryHandler(ReplicaStore store) {
    this.store = store;
  }

  void handle(ReportReplicaCommand command) {
    store.reportNow(command.getBlockId());
  }

  void handle(RecoverReplicaCommand command) {
    Block b = command.getBlock();
    try {
      Replica done = store.recover(b.getId(), b.getGenstamp(), command.getNewGenstamp(), b.getLengthBytes());
      LOG.info("lease recovery finalized blk_{} at length={} genstamp={}", b.getId(), done.lengthBytes(),
          done.genstamp());
    } catch (CairnException e) {
      // The replica stays as it is: at its old stamp the NameNode sees it as stale and deletes it.
      LOG.warn("lease recovery of blk_{} to length {} failed: {}", b.getId(), b.getLengthBytes(), e.getMessage());
    }
  }
}
