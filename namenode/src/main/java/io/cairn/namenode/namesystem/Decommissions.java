package io.cairn.namenode.namesystem;

import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.namespace.Planned;
import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DecommissionEdit;
import io.cairn.proto.EditOp;
import java.io.IOException;

/**
 * An operator's decommissions, kept in the edit log and the store so that a restarted NameNode
 * does not put a drained node back in service (HDFS keeps them in its exclude file): a node named
 * there starts draining again when it registers, and is marked decommissioned as soon as its
 * replicas are found fully replicated elsewhere. The drain itself is {@link BlockManager}'s.
 */
public final class Decommissions {
  private final NamespaceView view;
  private final NamespaceLock lock;
  private final BlockManager blocks;

  public Decommissions(NamespaceView view, NamespaceLock lock, BlockManager blocks) {
    this.view = view;
    this.lock = lock;
    this.blocks = blocks;
  }

  /** Records the decommission durably, then starts draining the node; returns its state. */
  public DatanodeAdminState decommission(String uuid) throws IOException {
    record(uuid, true);
    return blocks.decommission(uuid);
  }

  /** Records that the node is back in service, then puts it back. */
  public void recommission(String uuid) throws IOException {
    record(uuid, false);
    blocks.recommission(uuid);
  }

  /** A DataNode registered: one decommissioned before the NameNode started drains again. */
  public void registered(String uuid) throws IOException {
    if (view.decommissioned().contains(uuid)) {
      blocks.decommission(uuid);
    }
  }

  private void record(String uuid, boolean decommissioned) throws IOException {
    lock.mutate(now -> view.decommissioned().contains(uuid) == decommissioned ? Planned.noChange(true)
        : Planned.change(EditOp.newBuilder().setDecommission(DecommissionEdit.newBuilder()
            .setDatanodeUuid(uuid).setDecommission(decommissioned))));
  }
}
