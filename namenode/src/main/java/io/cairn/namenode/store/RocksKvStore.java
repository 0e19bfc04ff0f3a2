package io.cairn.namenode.store;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.SstFileManager;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/** The RocksDB store: the only class that holds RocksDB's JNI objects. */
public final class RocksKvStore implements KvStore {
  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final SstFileManager sstFiles;
  private final List<ColumnFamilyHandle> handles;
  private final Map<String, ColumnFamilyHandle> byName = new HashMap<>();
  private final WriteOptions syncWrite;
  private final WriteOptions deferredWrite;

  private RocksKvStore(RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache blockCache,
      SstFileManager sstFiles, List<ColumnFamilyHandle> handles) {
    this.db = db;
    this.sstFiles = sstFiles;
    this.dbOptions = dbOptions;
    this.cfOptions = cfOptions;
    this.blockCache = blockCache;
    this.handles = handles;
    for (ColumnFamilyHandle h : handles) {
      try {
        byName.put(new String(h.getName(), java.nio.charset.StandardCharsets.UTF_8), h);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }
    this.syncWrite = new WriteOptions().setSync(true);
    this.deferredWrite = new WriteOptions().setSync(false);
  }

  /**
   * Opens (creating when absent) the store in {@code dir} with the given tables.
   *
   * @param blockCacheBytes the read cache; the store's memory beyond it is bounded by its write buffers
   */
  public static RocksKvStore open(Path dir, List<Table> tables, long blockCacheBytes) throws IOException {
    Files.createDirectories(dir);
    LRUCache cache = new LRUCache(blockCacheBytes);
    // With a file manager, RocksDB takes writes again by itself once a full disk has room; without
    // one it refused every write after its first failed one until the process restarted.
    SstFileManager sstFiles;
    try {
      sstFiles = new SstFileManager(Env.getDefault());
    } catch (RocksDBException e) {
      cache.close();
      throw new IOException("cannot set up the namespace store's file manager: " + e.getMessage(), e);
    }
    DBOptions dbOptions = new DBOptions()
        .setSstFileManager(sstFiles)
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        .setKeepLogFileNum(5);
    ColumnFamilyOptions cfOptions = new ColumnFamilyOptions()
        .setWriteBufferSize(32L << 20)
        .setMaxWriteBufferNumber(3)
        .setTableFormatConfig(new BlockBasedTableConfig()
            .setBlockCache(cache)
            .setFilterPolicy(new BloomFilter(10))
            .setCacheIndexAndFilterBlocks(true));
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Table t : tables) {
      descriptors.add(new ColumnFamilyDescriptor(t.name().getBytes(java.nio.charset.StandardCharsets.UTF_8), cfOptions));
    }
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try {
      RocksDB db = RocksDB.open(dbOptions, dir.toString(), descriptors, handles);
      return new RocksKvStore(db, dbOptions, cfOptions, cache, sstFiles, handles);
    } catch (RocksDBException e) {
      dbOptions.close();
      cfOptions.close();
      cache.close();
      sstFiles.close();
      throw new IOException("cannot open the namespace store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private ColumnFamilyHandle cf(Table table) {
    ColumnFamilyHandle h = byName.get(table.name());
    if (h == null) {
      throw new IllegalArgumentException("no such table " + table.name());
    }
    return h;
  }

  @Override
  public byte[] get(Table table, byte[] key) throws IOException {
    try {
      return db.get(cf(table), key);
    } catch (RocksDBException e) {
      throw new IOException("store read failed: " + e.getMessage(), e);
    }
  }

  @Override
  public KvIterator scan(Table table, byte[] prefix, byte[] from) {
    ReadOptions options = new ReadOptions().setPrefixSameAsStart(false);
    // An upper bound lets RocksDB stop at the end of the prefix, so no key is fetched to check it.
    byte[] end = Keys.successor(prefix);
    Slice bound = end == null ? null : new Slice(end);
    if (bound != null) {
      options.setIterateUpperBound(bound);
    }
    RocksIterator it = db.newIterator(cf(table), options);
    it.seek(from);
    return new RocksScan(it, options, bound);
  }

  @Override
  public Batch newBatch() {
    return new RocksBatch();
  }

  @Override
  public void commit(Batch batch, Durability durability) throws IOException {
    WriteOptions options = durability == Durability.SYNC ? syncWrite : deferredWrite;
    RocksBatch rocks = (RocksBatch) batch;
    try {
      db.write(options, rocks.batch);
    } catch (RocksDBException e) {
      if (noSpace(e)) {
        throw new CairnException(ErrorCode.NO_SPACE, "the NameNode's disk is full (" + e.getMessage() + "); it takes "
            + "changes again by itself once there is room", e);
      }
      throw new IOException("store write failed: " + e.getMessage(), e);
    }
    rocks.onCommit.forEach(Runnable::run);
  }

  /** RocksDB words a full disk as an I/O error with the NoSpace subcode, or only in the message after it. */
  static boolean noSpace(RocksDBException e) {
    Status st = e.getStatus();
    return st != null && st.getSubCode() == Status.SubCode.NoSpace
        || e.getMessage() != null && e.getMessage().contains("No space left on device");
  }

  @Override
  public void syncLog() throws IOException {
    try {
      db.syncWal();
    } catch (RocksDBException e) {
      throw new IOException("write-ahead log sync failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void checkpoint(Path target) throws IOException {
    try (Checkpoint checkpoint = Checkpoint.create(db)) {
      checkpoint.createCheckpoint(target.toString());
    } catch (RocksDBException e) {
      throw new IOException("checkpoint to " + target + " failed: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    syncWrite.close();
    deferredWrite.close();
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
    sstFiles.close();
  }

  private final class RocksBatch implements Batch {
    final WriteBatch batch = new WriteBatch();
    final List<Runnable> onCommit = new ArrayList<>();

    @Override
    public void onCommit(Runnable action) {
      onCommit.add(action);
    }

    @Override
    public void put(Table table, byte[] key, byte[] value) {
      try {
        batch.put(cf(table), key, value);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void delete(Table table, byte[] key) {
      try {
        batch.delete(cf(table), key);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void deleteRange(Table table, byte[] from, byte[] to) {
      try {
        batch.deleteRange(cf(table), from, to);
      } catch (RocksDBException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void close() {
      batch.close();
    }
  }

  private static final class RocksScan implements KvIterator {
    private final RocksIterator it;
    private final ReadOptions options;
    private final Slice bound;
    private byte[] key;
    private byte[] value;
    private boolean started;

    RocksScan(RocksIterator it, ReadOptions options, Slice bound) {
      this.it = it;
      this.options = options;
      this.bound = bound;
    }

    @Override
    public boolean hasNext() {
      if (started) {
        it.next();
        started = false;
      }
      return it.isValid();
    }

    @Override
    public void next() {
      key = null;
      value = it.value();
      started = true;
    }

    @Override
    public byte[] key() {
      if (key == null) {
        key = it.key();
      }
      return key;
    }

    @Override
    public byte[] value() {
      return value;
    }

    @Override
    public void close() {
      it.close();
      options.close();
      if (bound != null) {
        bound.close();
      }
    }
  }
}
