package io.cairn.namenode;

import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.Table;
import java.io.IOException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A byte-exact copy of store tables, as hex key -> hex value in key order, so two stores (or one
 * store before and after an operation) compare with {@code equals} and a failure shows the entries.
 */
public record StoreDump(Map<String, String> dirents, Map<String, String> inodeKeys, Map<String, String> fileData,
    String lastInodeId, Map<String, String> edits, Map<String, String> meta) {
  private static final HexFormat HEX = HexFormat.of();

  /** Every table of the store. */
  public static StoreDump of(KvStore store) throws IOException {
    byte[] lastInode = store.get(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_INODE_ID.key());
    return new StoreDump(table(store, NamespaceSchema.DIRENTS), table(store, NamespaceSchema.INODE_KEYS),
        table(store, NamespaceSchema.FILE_DATA), lastInode == null ? null : HEX.formatHex(lastInode), table(store, NamespaceSchema.EDITS),
        table(store, NamespaceSchema.META));
  }

  /** Only the namespace itself: directory entries, the inode index, files' kept bytes and the last inode id. */
  public StoreDump namespaceOnly() {
    return new StoreDump(dirents, inodeKeys, fileData, lastInodeId, Map.of(), Map.of());
  }

  public static Map<String, String> table(KvStore store, Table table) {
    Map<String, String> out = new LinkedHashMap<>();
    try (KvStore.KvIterator it = store.scan(table, new byte[0], new byte[0])) {
      while (it.hasNext()) {
        it.next();
        out.put(HEX.formatHex(it.key()), HEX.formatHex(it.value()));
      }
    }
    return out;
  }
}
