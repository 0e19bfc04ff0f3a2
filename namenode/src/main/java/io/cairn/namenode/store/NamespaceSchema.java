package io.cairn.namenode.store;

import java.util.List;

/**
 * The only list of the NameNode's column families. Byte layouts: docs/formats/namespace.md.
 */
public final class NamespaceSchema {
  /** Directory entries: parentId (big-endian int64) + name (UTF-8) -> Inode proto. A listing is a prefix scan. */
  public static final Table DIRENTS = new Table("dirents");
  /** Where each inode lives: inodeId (big-endian int64) -> its DIRENTS key. */
  public static final Table INODE_KEYS = new Table("inode_keys");
  /** Which file each block belongs to: blockId (big-endian int64) -> inodeId (big-endian int64). */
  public static final Table BLOCKS = new Table("blocks");
  /**
   * The bytes of files kept in the namespace: inodeId (big-endian int64) -> the whole file. Apart
   * from DIRENTS so that listings and the directory cache never carry file contents.
   */
  public static final Table FILE_DATA = new Table("file_data");
  /**
   * Files under construction: inodeId (big-endian int64) -> lease holder (UTF-8). Written with the
   * inode, so a restarted NameNode finds every open file and its writer without a namespace scan.
   */
  public static final Table OPEN_FILES = new Table("open_files");
  /**
   * DataNodes an operator decommissioned: uuid (UTF-8) -> empty. Read when a DataNode registers, so
   * a restarted NameNode does not put them back in service.
   */
  public static final Table DECOMMISSIONED = new Table("decommissioned");
  /** The edit log: txid (big-endian int64) -> EditOp proto. */
  public static final Table EDITS = new Table("edits");
  /** Counters and markers: ASCII key -> big-endian int64 (see {@link MetaKey}). */
  public static final Table META = new Table("meta");

  public static final List<Table> ALL = List.of(DIRENTS, INODE_KEYS, BLOCKS, FILE_DATA, OPEN_FILES, DECOMMISSIONED, EDITS,
      META);

  private NamespaceSchema() {}

  /** Keys of the META table. */
  public enum MetaKey {
    /** The txid of the last edit applied to this store. */
    LAST_TXID,
    /** The largest inode id handed out. */
    LAST_INODE_ID,
    /** The txid of the last checkpoint taken. */
    LAST_CHECKPOINT_TXID,
    /** The largest block id handed out. */
    LAST_BLOCK_ID,
    /** The largest generation stamp handed out. */
    LAST_GENSTAMP,
    /** The random id of this namespace, set by its first edit (absent in namespaces made before ids). */
    NAMESPACE_ID;

    public byte[] key() {
      return name().toLowerCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
  }
}
