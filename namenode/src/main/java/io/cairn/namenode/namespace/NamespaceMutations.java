package io.cairn.namenode.namespace;

import io.cairn.proto.Block;
import io.cairn.proto.Inode;

/** Writes of one edit's apply, gathered into one atomic batch. */
public interface NamespaceMutations {
  /** Stores {@code inode} under (parent_id, name) and indexes its id (and its lease, while under construction). */
  void putInode(Inode inode);

  /** Removes the entry of {@code inode}, its id index and its lease. */
  void removeInode(Inode inode);

  /** File {@code inodeId} is closed: its writer's lease is over. */
  void leaseReleased(long inodeId);

  void setLastInodeId(long id);

  /** Records that {@code block} belongs to file {@code inodeId}. */
  void putBlock(long inodeId, Block block);

  /** The file {@code inode} is destroyed: forget its blocks, whose replicas become garbage. */
  default void dropBlocks(Inode inode) {
    inode.getBlocksList().forEach(this::dropBlock);
  }

  /** {@code block} left its file: forget it; its replicas become garbage. */
  void dropBlock(Block block);

  void setLastBlockId(long id);

  void setLastGenstamp(long genstamp);

  /** Records that DataNode {@code uuid} is decommissioned, or (false) back in service. */
  void setDecommissioned(String datanodeUuid, boolean decommissioned);
}
