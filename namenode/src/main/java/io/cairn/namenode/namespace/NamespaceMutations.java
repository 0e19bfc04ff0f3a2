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

  /** Records the namespace's id (its first edit). */
  void setNamespaceId(long id);

  /** Records that {@code block} belongs to file {@code inodeId}. */
  void putBlock(long inodeId, Block block);

  /**
   * The file {@code inode} is destroyed: forget its blocks, whose replicas become garbage, and the
   * bytes it kept in the namespace.
   */
  default void dropContent(Inode inode) {
    inode.getBlocksList().forEach(this::dropBlock);
    if (inode.getInlineData()) {
      dropInlineData(inode.getId());
    }
  }

  /** Keeps {@code data} as the whole content of file {@code inodeId}. */
  void putInlineData(long inodeId, byte[] data);

  /** File {@code inodeId}'s bytes are no longer kept in the namespace. */
  void dropInlineData(long inodeId);

  /** {@code block} left its file: forget it; its replicas become garbage. */
  void dropBlock(Block block);

  void setLastBlockId(long id);

  void setLastGenstamp(long genstamp);

  /** Records that DataNode {@code uuid} is decommissioned, or (false) back in service. */
  void setDecommissioned(String datanodeUuid, boolean decommissioned);
}
