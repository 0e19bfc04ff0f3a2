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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.Checkpoint;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.FlushOptions;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RocksDB store: the only class that holds RocksDB's JNI objects. Its write-ahead log is its
 * own {@link BatchJournal}, not RocksDB's: RocksDB writes without a log, flushes all column families
 * atomically (so its files always hold one consistent cut of the batches), and records in every
 * batch the journal sequence number it came with, so that on open the journal's later records are
 * replayed on top of what RocksDB's files hold.
 */
public final class RocksKvStore implements KvStore {
  private static final Logger LOG = LoggerFactory.getLogger(RocksKvStore.class);
  /** RocksDB's default column family, which holds only the journal sequence number. */
  private static final Table DEFAULT_TABLE = new Table("default");
  private static final byte[] JOURNAL_SEQ_KEY = "journal-seq".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  private static final long SEGMENT_BYTES = 64L << 20;
  private static final int ZERO_CHUNK_BYTES = 1 << 20;
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
  private final WriteOptions unlogged;
  private final BatchJournal journal;
  private final ReentrantLock commitLock = new ReentrantLock();
  /** The journal sequence number of the next batch. @GuardedBy("commitLock") */
  private long nextSeq;
  /** Flushes RocksDB's memtables after a journal segment closes, then deletes the segments they covered. */
  private final ExecutorService flusher;

  private RocksKvStore(RocksDB db, DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache blockCache,
      SstFileManager sstFiles, List<ColumnFamilyHandle> handles, Path dir, long segmentBytes) throws IOException {
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
    this.unlogged = new WriteOptions().setDisableWAL(true);
    this.flusher = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("store-flush").daemon().factory());
    try {
      long stored = storedSeq();
      long last = BatchJournal.replay(dir.resolve(BatchJournal.DIR), stored, this::replay);
      if (last > stored) {
        flushAll();
      }
      this.nextSeq = last + 1;
      this.journal = BatchJournal.startFresh(dir.resolve(BatchJournal.DIR), nextSeq, segmentBytes, ZERO_CHUNK_BYTES);
    } catch (IOException | RuntimeException e) {
      flusher.shutdown();
      unlogged.close();
      throw e;
    }
  }

  private long storedSeq() throws IOException {
    byte[] v = get(DEFAULT_TABLE, JOURNAL_SEQ_KEY);
    return v == null ? 0 : Keys.readLong8(v);
  }

  private void replay(byte[] batch) throws IOException {
    try (WriteBatch b = new WriteBatch(batch)) {
      db.write(unlogged, b);
    } catch (RocksDBException e) {
      throw new IOException("replaying the store's journal failed: " + e.getMessage(), e);
    }
  }

  /** Writes every memtable to the store's files, all column families in one atomic flush. */
  private void flushAll() throws IOException {
    try (FlushOptions wait = new FlushOptions().setWaitForFlush(true)) {
      db.flush(wait, handles);
    } catch (RocksDBException e) {
      throw new IOException("flushing the namespace store failed: " + e.getMessage(), e);
    }
  }

  /**
   * Opens (creating when absent) the store in {@code dir} with the given tables.
   *
   * @param blockCacheBytes the read cache; the store's memory beyond it is bounded by its write buffers
   */
  public static RocksKvStore open(Path dir, List<Table> tables, long blockCacheBytes) throws IOException {
    return open(dir, tables, blockCacheBytes, SEGMENT_BYTES);
  }

  /** @param segmentBytes how large a journal segment grows before the next one starts */
  static RocksKvStore open(Path dir, List<Table> tables, long blockCacheBytes, long segmentBytes) throws IOException {
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
        // Without a log, only an atomic flush keeps the column families' files at one cut of the batches.
        .setAtomicFlush(true)
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
      try {
        return new RocksKvStore(db, dbOptions, cfOptions, cache, sstFiles, handles, dir, segmentBytes);
      } catch (IOException | RuntimeException e) {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
        closeOptions(dbOptions, cfOptions, cache, sstFiles);
        throw e;
      }
    } catch (RocksDBException e) {
      closeOptions(dbOptions, cfOptions, cache, sstFiles);
      throw new IOException("cannot open the namespace store in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void closeOptions(DBOptions dbOptions, ColumnFamilyOptions cfOptions, LRUCache cache,
      SstFileManager sstFiles) {
    dbOptions.close();
    cfOptions.close();
    cache.close();
    sstFiles.close();
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

  /**
   * Journals and applies the batch under one lock, so the journal's order is RocksDB's. Room in the
   * journal is made first: a disk without room fails the commit before anything is applied.
   */
  @Override
  public void commit(Batch batch, Durability durability) throws IOException {
    RocksBatch rocks = (RocksBatch) batch;
    boolean rolled;
    commitLock.lock();
    try {
      long seq = nextSeq;
      rocks.put(DEFAULT_TABLE, JOURNAL_SEQ_KEY, Keys.long8(seq));
      byte[] record = rocks.batch.data();
      try {
        rolled = journal.prepare(seq, record.length);
      } catch (IOException e) {
        throw noSpace(e.getMessage()) ? diskFull(e) : new IOException("store journal write failed: " + e.getMessage(), e);
      }
      db.write(unlogged, rocks.batch);
      try {
        journal.append(seq, record);
      } catch (Throwable e) {
        // Applied but not journaled: no later batch may take this seq or be acknowledged.
        journal.fail(e);
        throw e;
      }
      nextSeq = seq + 1;
    } catch (RocksDBException e) {
      throw noSpace(e) ? diskFull(e) : new IOException("store write failed: " + e.getMessage(), e);
    } finally {
      commitLock.unlock();
    }
    if (rolled) {
      long kept = journal.currentFirstSeq();
      flusher.execute(() -> dropFlushedSegments(kept));
    }
    if (durability == Durability.SYNC) {
      syncLog();
    }
    rocks.onCommit.forEach(Runnable::run);
  }

  private void dropFlushedSegments(long keptFirstSeq) {
    try {
      flushAll();
      journal.deleteBefore(keptFirstSeq);
    } catch (IOException | RuntimeException e) {
      // The segments stay and are replayed at the next start; the next closed segment tries again.
      LOG.warn("could not retire the store journal's closed segments: {}", e.getMessage(), e);
    }
  }

  /** For tests: waits until every closed journal segment so far has been flushed and deleted. */
  void awaitRetiredSegments() throws Exception {
    flusher.submit(() -> { }).get(1, TimeUnit.MINUTES);
  }

  private static CairnException diskFull(Exception e) {
    return new CairnException(ErrorCode.NO_SPACE, "the NameNode's disk is full (" + e.getMessage() + "); it takes "
        + "changes again by itself once there is room", e);
  }

  /** RocksDB words a full disk as an I/O error with the NoSpace subcode, or only in the message after it. */
  static boolean noSpace(RocksDBException e) {
    Status st = e.getStatus();
    return st != null && st.getSubCode() == Status.SubCode.NoSpace || noSpace(e.getMessage());
  }

  private static boolean noSpace(String message) {
    return message != null && message.contains("No space left on device");
  }

  @Override
  public void syncLog() throws IOException {
    try {
      journal.sync();
    } catch (IOException e) {
      throw new IOException("store journal sync failed: " + e.getMessage(), e);
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
    flusher.shutdown();
    // The flush runs in RocksDB's native code: closing the database under it could crash the JVM.
    boolean interrupted = false;
    while (!flusher.isTerminated()) {
      try {
        flusher.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      journal.sync();
    } catch (IOException e) {
      // What was acknowledged was synced before; what was not may be lost, as in a crash.
      LOG.warn("the store journal's last sync failed: {}", e.getMessage(), e);
    } finally {
      try {
        journal.close();
      } catch (IOException e) {
        LOG.warn("closing the store journal failed: {}", e.getMessage(), e);
      }
    }
    unlogged.close();
    for (ColumnFamilyHandle h : handles) {
      h.close();
    }
    db.close();
    closeOptions(dbOptions, cfOptions, blockCache, sstFiles);
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
