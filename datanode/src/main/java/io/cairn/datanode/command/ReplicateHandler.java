package io.cairn.datanode.command;

import io.cairn.proto.ReplicateCommand;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Copies a replica to the targets a ReplicateCommand names. Blocks on the disk and the network. */
final class ReplicateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicateHandler.class);

  private final ReplicaPusher pusher;

  ReplicateHandler(ReplicaPusher pusher) {
    this.pusher = pusher;
  }

  void handle(ReplicateCommand command) {
    long id = command.getBlock().getId();
    if (command.getTargetsCount() == 0) {
      LOG.warn("a replicate command for blk_{} names no target", id);
      return;
    }
    try {
      pusher.push(command.getBlock(), command.getTargetsList());
      LOG.info("replicated blk_{} to {} nodes", id, command.getTargetsCount());
    } catch (IOException e) {
      LOG.warn("replicating blk_{} to {} failed: {}", id, command.getTargets(0).getUuid(), e.getMessage());
    }
  }
}
