package io.cairn.namenode.namespace;

import io.cairn.proto.Block;
import io.cairn.proto.Inode;

/** Writes of one edit's apply, gathered into one atomic batch. */
public interface NamespaceMutations {
  /** Stores {@code inode} under (parent_id, name) and indexes its id. */
  void putInode(Inode inode);

  /** Removes the entry of {@code inode} and its id index. */
  void removeInode(Inode inode);

  void setLastInodeId(long id);

  /** Records that {@code block} belongs to file {@code inodeId}. */
  void putBlock(long inodeId, Block block);

  /** The file {@code inode} is destroyed: forget its blocks, whose replicas become garbage. */
  void dropBlocks(Inode inode);

  void setLastBlockId(long id);

  void setLastGenstamp(long genstamp);
}
