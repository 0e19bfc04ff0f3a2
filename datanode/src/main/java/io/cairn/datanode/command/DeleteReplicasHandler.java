package io.cairn.datanode.command;

import io.cairn.common.error.CairnException;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.Block;
import io.cairn.proto.DeleteReplicasCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Deletes the replicas a DeleteReplicasCommand names; the store reports each deletion. Blocks on the disk. */
final class DeleteReplicasHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DeleteReplicasHandler.class);

  private final ReplicaStore store;

  DeleteReplicasHandler(ReplicaStore store) {
    this.store = store;
  }

  void handle(DeleteReplicasCommand command) {
    int deleted = 0;
    for (Block b : command.getBlocksList()) {
      try {
        if (store.delete(b.getId(), b.getGenstamp())) {
          deleted++;
        }
      } catch (CairnException e) {
        LOG.warn("deleting blk_{} failed: {}", b.getId(), e.getMessage());
      }
    }
    LOG.info("deleted {} of {} replicas the NameNode named", deleted, command.getBlocksCount());
  }
}
