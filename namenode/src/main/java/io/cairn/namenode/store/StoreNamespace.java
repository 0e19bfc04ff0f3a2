package io.cairn.namenode.store;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.namenode.namespace.NamespaceMutations;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.proto.Block;
import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/** The namespace as laid out in the store: {@link NamespaceSchema#DIRENTS} and {@link NamespaceSchema#INODE_KEYS}. */
public final class StoreNamespace implements NamespaceView {
  /** Directories kept parsed in memory; bounded, so the namespace itself still lives on disk. */
  private static final int DIRECTORY_CACHE_ENTRIES = 65_536;
  /** Directories with at most this many children have them kept for listings ({@link ListingCache}). */
  private static final int LISTING_CACHE_MAX_CHILDREN = 1024;
  /** Children kept for listings, all directories together: a few tens of MiB of small inodes. */
  private static final long LISTING_CACHE_ENTRIES = 65_536;

  private final KvStore store;
  /**
   * Directory inodes by entry, so resolving a path costs no store lookup and no parse for the
   * directories on the way. An edit drops the entries it touches while it is applied (its own
   * reads see the store as it was) and writes the new directory inodes through once its batch is
   * committed; edits are applied under the namespace write lock, so no reader sees the cache and
   * the store disagree.
   */
  private final Cache<Entry, Inode> directories =
      CacheBuilder.newBuilder().maximumSize(DIRECTORY_CACHE_ENTRIES).build();
  /** Where each cached directory lives, so a parent's update by id (its mtime) needs no lookup. */
  private final Cache<Long, Entry> directoryEntries =
      CacheBuilder.newBuilder().maximumSize(DIRECTORY_CACHE_ENTRIES).build();

  private final ListingCache listings;

  private record Entry(long parentId, String name) {}

  public StoreNamespace(KvStore store) {
    this(store, LISTING_CACHE_MAX_CHILDREN, LISTING_CACHE_ENTRIES);
  }

  StoreNamespace(KvStore store, int listingMaxChildren, long listingEntries) {
    this.store = store;
    this.listings = new ListingCache(listingMaxChildren, listingEntries);
  }

  @Override
  public Inode lookup(long parentId, String name) throws IOException {
    Entry entry = new Entry(parentId, name);
    Inode cached = directories.getIfPresent(entry);
    if (cached != null) {
      return cached;
    }
    Inode inode = parse(store.get(NamespaceSchema.DIRENTS, Keys.dirent(parentId, name)));
    if (inode != null && inode.getType() == InodeType.DIRECTORY) {
      remember(entry, inode);
    }
    return inode;
  }

  private void remember(Entry entry, Inode directory) {
    directories.put(entry, directory);
    directoryEntries.put(directory.getId(), entry);
  }

  private void forget(Entry entry, long inodeId) {
    directories.invalidate(entry);
    directoryEntries.invalidate(inodeId);
  }

  @Override
  public Inode byId(long inodeId) throws IOException {
    Entry entry = directoryEntries.getIfPresent(inodeId);
    Inode cached = entry == null ? null : directories.getIfPresent(entry);
    if (cached != null && cached.getId() == inodeId) {
      return cached;
    }
    byte[] key = store.get(NamespaceSchema.INODE_KEYS, Keys.long8(inodeId));
    return key == null ? null : parse(store.get(NamespaceSchema.DIRENTS, key));
  }

  @Override
  public void forEachChild(long parentId, String startAfter, ChildVisitor visitor) throws IOException {
    ListingCache.Children kept = listings.get(parentId);
    if (kept != null) {
      kept.visit(startAfter, visitor);
      return;
    }
    if (!startAfter.isEmpty()) {
      scanChildren(parentId, startAfter, visitor);
      return;
    }
    // A first page reads up to one child more than may be kept: all of a small directory, kept
    // for the next listing; of a larger one, a first part, and the store scan goes on from there.
    long epoch = listings.epoch();
    List<Inode> read = new ArrayList<>();
    int most = listings.maxChildren();
    scanChildren(parentId, "", child -> {
      read.add(child);
      return read.size() <= most;
    });
    if (read.size() <= most) {
      listings.keep(parentId, read, epoch);
    }
    for (Inode child : read) {
      if (!visitor.visit(child)) {
        return;
      }
    }
    if (read.size() > most) {
      scanChildren(parentId, read.getLast().getName(), visitor);
    }
  }

  @Override
  public boolean hasChildren(long dirId) throws IOException {
    ListingCache.Children kept = listings.get(dirId);
    if (kept != null) {
      return !kept.isEmpty();
    }
    boolean[] found = {false};
    scanChildren(dirId, "", child -> {
      found[0] = true;
      return false;
    });
    return found[0];
  }

  private void scanChildren(long parentId, String startAfter, ChildVisitor visitor) throws IOException {
    byte[] prefix = Keys.long8(parentId);
    byte[] from = Keys.dirent(parentId, startAfter);
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.DIRENTS, prefix, from)) {
      boolean first = true;
      while (it.hasNext()) {
        it.next();
        // Only the first entry can be startAfter itself, which the page does not repeat.
        if (first && !startAfter.isEmpty() && Arrays.equals(it.key(), from)) {
          first = false;
          continue;
        }
        first = false;
        if (!visitor.visit(parse(it.value()))) {
          return;
        }
      }
    }
  }

  @Override
  public long lastInodeId() throws IOException {
    return readMeta(NamespaceSchema.MetaKey.LAST_INODE_ID);
  }

  @Override
  public long lastBlockId() throws IOException {
    return readMeta(NamespaceSchema.MetaKey.LAST_BLOCK_ID);
  }

  @Override
  public long lastGenstamp() throws IOException {
    return readMeta(NamespaceSchema.MetaKey.LAST_GENSTAMP);
  }

  @Override
  public byte[] inlineData(long inodeId) throws IOException {
    return store.get(NamespaceSchema.FILE_DATA, Keys.long8(inodeId));
  }

  @Override
  public Inode fileOfBlock(long blockId) throws IOException {
    long inodeId = fileIdOfBlock(blockId);
    return inodeId == 0 ? null : byId(inodeId);
  }

  @Override
  public long fileIdOfBlock(long blockId) throws IOException {
    byte[] inodeId = store.get(NamespaceSchema.BLOCKS, Keys.long8(blockId));
    return inodeId == null ? 0 : Keys.readLong8(inodeId);
  }

  @Override
  public void forEachOpenFile(OpenFileVisitor visitor) throws IOException {
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.OPEN_FILES, new byte[0], new byte[0])) {
      while (it.hasNext()) {
        it.next();
        visitor.visit(Keys.readLong8(it.key()), new String(it.value(), StandardCharsets.UTF_8));
      }
    }
  }

  @Override
  public Set<String> decommissioned() throws IOException {
    Set<String> out = new HashSet<>();
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.DECOMMISSIONED, new byte[0], new byte[0])) {
      while (it.hasNext()) {
        it.next();
        out.add(new String(it.key(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Override
  public long blockCount() throws IOException {
    long n = 0;
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.BLOCKS, new byte[0], new byte[0])) {
      while (it.hasNext()) {
        it.next();
        n++;
      }
    }
    return n;
  }

  public long readMeta(NamespaceSchema.MetaKey key) throws IOException {
    byte[] v = store.get(NamespaceSchema.META, key.key());
    return v == null ? 0 : Keys.readLong8(v);
  }

  /**
   * Drops the kept children of {@code dirId} now and again at commit: reads made while the batch is
   * applied see the store as it was, and one of them may have kept that.
   */
  private void forgetListing(KvStore.Batch batch, long dirId) {
    listings.forget(dirId);
    batch.onCommit(() -> listings.forget(dirId));
  }

  /**
   * Mutations that land in {@code batch}; {@code droppedBlocks} hears of every block whose file is
   * destroyed, so its replicas can be deleted once the change is durable.
   */
  public NamespaceMutations mutations(KvStore.Batch batch, Consumer<Block> droppedBlocks) {
    return new NamespaceMutations() {
      @Override
      public void putInode(Inode inode) {
        Entry entry = new Entry(inode.getParentId(), inode.getName());
        forget(entry, inode.getId());
        forgetListing(batch, inode.getParentId());
        if (inode.getType() == InodeType.DIRECTORY) {
          batch.onCommit(() -> remember(entry, inode));
        }
        byte[] key = Keys.dirent(inode.getParentId(), inode.getName());
        batch.put(NamespaceSchema.DIRENTS, key, inode.toByteArray());
        batch.put(NamespaceSchema.INODE_KEYS, Keys.long8(inode.getId()), key);
        if (inode.getUnderConstruction()) {
          batch.put(NamespaceSchema.OPEN_FILES, Keys.long8(inode.getId()),
              inode.getLeaseHolder().getBytes(StandardCharsets.UTF_8));
        }
      }

      @Override
      public void removeInode(Inode inode) {
        Entry entry = new Entry(inode.getParentId(), inode.getName());
        forget(entry, inode.getId());
        // A directory put earlier in the same batch (a rename's source, say) is written through at commit.
        batch.onCommit(() -> forget(entry, inode.getId()));
        forgetListing(batch, inode.getParentId());
        if (inode.getType() == InodeType.DIRECTORY) {
          forgetListing(batch, inode.getId());
        }
        batch.delete(NamespaceSchema.DIRENTS, Keys.dirent(inode.getParentId(), inode.getName()));
        batch.delete(NamespaceSchema.INODE_KEYS, Keys.long8(inode.getId()));
        if (inode.getUnderConstruction()) {
          leaseReleased(inode.getId());
        }
      }

      @Override
      public void leaseReleased(long inodeId) {
        batch.delete(NamespaceSchema.OPEN_FILES, Keys.long8(inodeId));
      }

      @Override
      public void setNamespaceId(long id) {
        batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.NAMESPACE_ID.key(), Keys.long8(id));
      }

      @Override
      public void setLastInodeId(long id) {
        batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_INODE_ID.key(), Keys.long8(id));
      }

      @Override
      public void putBlock(long inodeId, Block block) {
        batch.put(NamespaceSchema.BLOCKS, Keys.long8(block.getId()), Keys.long8(inodeId));
      }

      @Override
      public void putInlineData(long inodeId, byte[] data) {
        batch.put(NamespaceSchema.FILE_DATA, Keys.long8(inodeId), data);
      }

      @Override
      public void dropInlineData(long inodeId) {
        batch.delete(NamespaceSchema.FILE_DATA, Keys.long8(inodeId));
      }

      @Override
      public void dropBlock(Block block) {
        batch.delete(NamespaceSchema.BLOCKS, Keys.long8(block.getId()));
        droppedBlocks.accept(block);
      }

      @Override
      public void setLastBlockId(long id) {
        batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_BLOCK_ID.key(), Keys.long8(id));
      }

      @Override
      public void setLastGenstamp(long genstamp) {
        batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_GENSTAMP.key(), Keys.long8(genstamp));
      }

      @Override
      public void setDecommissioned(String datanodeUuid, boolean decommissioned) {
        byte[] key = datanodeUuid.getBytes(StandardCharsets.UTF_8);
        if (decommissioned) {
          batch.put(NamespaceSchema.DECOMMISSIONED, key, new byte[0]);
        } else {
          batch.delete(NamespaceSchema.DECOMMISSIONED, key);
        }
      }
    };
  }

  private static Inode parse(byte[] bytes) throws IOException {
    if (bytes == null) {
      return null;
    }
    try {
      return Inode.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt inode record in the namespace store: " + e.getMessage(), e);
    }
  }
}
