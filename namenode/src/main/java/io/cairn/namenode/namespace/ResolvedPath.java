package io.cairn.namenode.namespace;

import io.cairn.common.path.CairnPath;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.util.List;

/**
 * A path resolved against the namespace: the inodes of its existing prefix, root first.
 * {@code inodes.size() == path.depth() + 1} when the whole path exists.
 */
public record ResolvedPath(CairnPath path, List<Inode> inodes) {
  public boolean exists() {
    return inodes.size() == path.depth() + 1;
  }

  /** The inode the path names; requires {@link #exists()}. */
  public Inode last() {
    return inodes.getLast();
  }

  /** The parent's inode when the parent exists, else null. */
  public Inode parent() {
    return inodes.size() >= path.depth() ? inodes.get(path.depth() - 1) : null;
  }

  /** The deepest inode that exists (the root at least). */
  public Inode lastExisting() {
    return inodes.getLast();
  }

  /** How many components exist below the root. */
  public int existingDepth() {
    return inodes.size() - 1;
  }

  public boolean isDirectory() {
    return exists() && last().getType() == InodeType.DIRECTORY;
  }

  public boolean isFile() {
    return exists() && last().getType() == InodeType.FILE;
  }
}
