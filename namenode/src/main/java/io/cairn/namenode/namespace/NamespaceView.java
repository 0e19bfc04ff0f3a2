package io.cairn.namenode.namespace;

import io.cairn.proto.Inode;
import java.io.IOException;
import java.util.Set;

/** Read access to the namespace as stored. Implementations are thread-safe. */
public interface NamespaceView {
  /** The root's id; the root lives under parent {@link #ROOT_PARENT_ID} with the empty name. */
  long ROOT_ID = 1;
  long ROOT_PARENT_ID = 0;

  /** The entry {@code name} in directory {@code parentId}, or null. */
  Inode lookup(long parentId, String name) throws IOException;

  /** The inode with this id, or null. */
  Inode byId(long inodeId) throws IOException;

  /**
   * Visits the children of {@code parentId} in name order (UTF-8 byte order), starting after
   * {@code startAfter} ("" = from the first), until the visitor returns false.
   */
  void forEachChild(long parentId, String startAfter, ChildVisitor visitor) throws IOException;

  /** True when directory {@code dirId} has at least one entry. */
  default boolean hasChildren(long dirId) throws IOException {
    boolean[] found = {false};
    forEachChild(dirId, "", child -> {
      found[0] = true;
      return false;
    });
    return found[0];
  }

  /** The largest inode id handed out so far. */
  long lastInodeId() throws IOException;

  /** The largest block id handed out so far. */
  long lastBlockId() throws IOException;

  /** The largest generation stamp handed out so far. */
  long lastGenstamp() throws IOException;

  /** The bytes of file {@code inodeId} when they are kept in the namespace ({@code inline_data}), or null. */
  byte[] inlineData(long inodeId) throws IOException;

  /** The file that owns block {@code blockId}, or null when no file does. */
  Inode fileOfBlock(long blockId) throws IOException;

  /** The inode id of the file that holds block {@code blockId}; 0 if none does. */
  long fileIdOfBlock(long blockId) throws IOException;

  /**
   * How many blocks files own, counted by a scan of the block index (once at start, for the safe mode:
   * a key scan, far cheaper than reading the namespace).
   */
  long blockCount() throws IOException;

  /** The uuids of the DataNodes an operator decommissioned (and did not put back in service). */
  Set<String> decommissioned() throws IOException;

  /** Visits every file under construction with its lease holder, in inode id order. */
  void forEachOpenFile(OpenFileVisitor visitor) throws IOException;

  @FunctionalInterface
  interface OpenFileVisitor {
    void visit(long inodeId, String leaseHolder) throws IOException;
  }

  @FunctionalInterface
  interface ChildVisitor {
    /** Returns false to stop. */
    boolean visit(Inode child) throws IOException;
  }
}
