package io.cairn.namenode.editlog;

import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.Table;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A KvStore that counts syncs and deferred commits, can hold the next sync until the test lets it
 * go (so a test can line up appends behind one fsync without timing anything) and can make syncs
 * fail like a disk that lost a write.
 */
final class GatedKvStore implements KvStore {
  private static final long WAIT_SECONDS = 30;

  private final KvStore inner;
  private final AtomicInteger syncs = new AtomicInteger();
  /** Released once per deferred commit. */
  private final Semaphore commits = new Semaphore(0);
  /** Set while the next sync is to be held; the sync that claims it clears it. */
  private final AtomicBoolean holdNext = new AtomicBoolean();
  private volatile CountDownLatch entered;
  private volatile CountDownLatch release;
  private volatile boolean failSyncs;

  GatedKvStore(KvStore inner) {
    this.inner = inner;
  }

  /** The next {@link #syncLog} signals {@link #awaitSyncHeld} and waits for {@link #releaseSync}. */
  void holdNextSync() {
    entered = new CountDownLatch(1);
    release = new CountDownLatch(1);
    holdNext.set(true);
  }

  void awaitSyncHeld() throws InterruptedException {
    if (!entered.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no sync started");
    }
  }

  void releaseSync() {
    release.countDown();
  }

  /** Waits for {@code n} more deferred commits (edit appends) than were awaited so far. */
  void awaitCommits(int n) throws InterruptedException {
    if (!commits.tryAcquire(n, WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("fewer than " + n + " appends arrived");
    }
  }

  /** From now on every sync fails with an IOException. */
  void failSyncs() {
    failSyncs = true;
  }

  int syncs() {
    return syncs.get();
  }

  @Override
  public void syncLog() throws IOException {
    if (holdNext.compareAndSet(true, false)) {
      entered.countDown();
      try {
        if (!release.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new IOException("the test never released the held sync");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }
    syncs.incrementAndGet();
    if (failSyncs) {
      throw new IOException("injected: fsync of the write-ahead log failed");
    }
    inner.syncLog();
  }

  @Override
  public void commit(Batch batch, Durability durability) throws IOException {
    inner.commit(batch, durability);
    if (durability == Durability.DEFERRED) {
      commits.release();
    }
  }

  @Override
  public byte[] get(Table table, byte[] key) throws IOException {
    return inner.get(table, key);
  }

  @Override
  public KvIterator scan(Table table, byte[] prefix, byte[] from) {
    return inner.scan(table, prefix, from);
  }

  @Override
  public Batch newBatch() {
    return inner.newBatch();
  }

  @Override
  public void checkpoint(Path target) throws IOException {
    inner.checkpoint(target);
  }

  @Override
  public void close() {
    inner.close();
  }
}
