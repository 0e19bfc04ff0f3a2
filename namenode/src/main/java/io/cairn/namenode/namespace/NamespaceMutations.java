package io.cairn.namenode.namespace;

import io.cairn.proto.Inode;

/** Writes of one edit's apply, gathered into one atomic batch. */
public interface NamespaceMutations {
  /** Stores {@code inode} under (parent_id, name) and indexes its id. */
  void putInode(Inode inode);

  /** Removes the entry of {@code inode} and its id index. */
  void removeInode(Inode inode);

  void setLastInodeId(long id);
}
