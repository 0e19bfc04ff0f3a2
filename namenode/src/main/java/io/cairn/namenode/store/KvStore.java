package io.cairn.namenode.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An ordered key-value store with column families, atomic batches and an explicit durability choice.
 * Thread-safe.
 */
public interface KvStore extends AutoCloseable {
  /** Null when absent. */
  byte[] get(Table table, byte[] key) throws IOException;

  /** Entries whose key starts with {@code prefix}, from the first key >= {@code from}, in key order. */
  KvIterator scan(Table table, byte[] prefix, byte[] from);

  Batch newBatch();

  /**
   * Applies the batch atomically. {@link Durability#SYNC} returns once it is on disk;
   * {@link Durability#DEFERRED} makes it visible now and durable at the next {@link #syncLog()}.
   */
  void commit(Batch batch, Durability durability) throws IOException;

  /** Makes every batch committed so far durable (one fsync of the write-ahead log). */
  void syncLog() throws IOException;

  /** Writes a consistent copy of the whole store to {@code target}, which must not exist. */
  void checkpoint(Path target) throws IOException;

  @Override
  void close();

  enum Durability {
    SYNC,
    DEFERRED
  }

  /** Mutations gathered for one atomic commit. Not thread-safe; close it after commit. */
  interface Batch extends AutoCloseable {
    void put(Table table, byte[] key, byte[] value);

    void delete(Table table, byte[] key);

    /** Deletes keys in [from, to). */
    void deleteRange(Table table, byte[] from, byte[] to);

    /** Runs {@code action} once this batch is committed, in the order added; not if the commit fails. */
    void onCommit(Runnable action);

    @Override
    void close();
  }

  /** A forward iterator; close it. */
  interface KvIterator extends AutoCloseable {
    boolean hasNext();

    /** Advances; then {@link #key()} and {@link #value()} are the current entry. */
    void next();

    byte[] key();

    byte[] value();

    @Override
    void close();
  }
}
