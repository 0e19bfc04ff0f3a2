package io.cairn.namenode.editlog;

import com.google.common.base.Preconditions;
import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.Keys;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.proto.EditOp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit log kept in the namespace store: each edit is written to {@link NamespaceSchema#EDITS}
 * in the same atomic batch as its state change and the last applied txid, so the store can never
 * hold a change without its edit or the reverse. Batches are committed without an fsync; one
 * syncer thread syncs the store's write-ahead log whenever someone waits for durability, covering
 * every edit appended by then, so all callers waiting at that moment share one fsync (group
 * commit, as HDFS's logSync). Waiting is asynchronous ({@link #whenDurable}): the thread that
 * appended does not park, and callers are answered from the syncer thread.
 */
public final class StoreEditLog implements EditLog {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEditLog.class);
  private static final CompletableFuture<Void> DURABLE = CompletableFuture.completedFuture(null);

  private final KvStore store;
  private final EditApplier applier;
  private final Consumer<Throwable> onFatal;
  private final Object syncLock = new Object();
  /** Written only by the appending thread (under the namespace write lock); read by the syncer. */
  private volatile long lastTxid;
  /** Written only by the syncer thread, under syncLock. */
  private volatile long durableTxid;
  /** Waiters for the next sync. @GuardedBy("syncLock") */
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  /** Waiters answered by the sync in progress (null when none), which covers edits up to syncingTxid. @GuardedBy("syncLock") */
  private List<CompletableFuture<Void>> syncing;
  /** @GuardedBy("syncLock") */
  private long syncingTxid;
  /** Written under syncLock; read without it by appends, which only need to see it eventually. */
  private volatile Throwable failure;
  /** Written under syncLock; read without it by appends. */
  private volatile boolean closed;
  private final Thread syncer;

  /**
   * @param onFatal called when the log can no longer promise durability (an fsync failed); the
   *     server must stop, because edits already visible might not survive
   */
  public StoreEditLog(KvStore store, EditApplier applier, Consumer<Throwable> onFatal) throws IOException {
    this.store = store;
    this.applier = applier;
    this.onFatal = onFatal;
    byte[] last = store.get(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_TXID.key());
    this.lastTxid = last == null ? 0 : Keys.readLong8(last);
    this.durableTxid = lastTxid;
    this.syncer = Thread.ofPlatform().name("edit-log-sync").daemon().start(this::syncLoop);
  }

  @Override
  public long append(EditOp.Builder edit) throws IOException {
    return write(edit.setTxid(lastTxid + 1).build());
  }

  /**
   * Applies and records an edit that already carries its txid, as read from another log (restoring
   * a checkpoint, a follower catching up). Same thread rule and durability as {@link #append}.
   *
   * <p>Requires: {@code edit.getTxid() == lastTxid() + 1}, so the log keeps no gaps.
   */
  public long replay(EditOp edit) throws IOException {
    Preconditions.checkArgument(edit.getTxid() == lastTxid + 1,
        "replaying edit %s, but the log expects txid %s next", edit.getTxid(), lastTxid + 1);
    return write(edit);
  }

  private long write(EditOp op) throws IOException {
    Preconditions.checkState(failure == null && !closed, "the edit log failed or closed and accepts no more edits");
    long txid = op.getTxid();
    try (KvStore.Batch batch = store.newBatch()) {
      applier.apply(op, batch);
      batch.put(NamespaceSchema.EDITS, Keys.long8(txid), op.toByteArray());
      batch.put(NamespaceSchema.META, NamespaceSchema.MetaKey.LAST_TXID.key(), Keys.long8(txid));
      store.commit(batch, KvStore.Durability.DEFERRED);
    }
    lastTxid = txid;
    return txid;
  }

  @Override
  public CompletableFuture<Void> whenDurable(long txid) {
    Preconditions.checkArgument(txid <= lastTxid, "edit %s has not been appended (last: %s)", txid, lastTxid);
    if (durableTxid >= txid) {
      return DURABLE;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (syncLock) {
      if (durableTxid >= txid) {
        return DURABLE;
      }
      if (failure != null || closed) {
        done.completeExceptionally(notDurable(txid, failure));
        return done;
      }
      if (syncing != null && txid <= syncingTxid) {
        // The sync under way covers this edit already.
        syncing.add(done);
        return done;
      }
      waiting.add(done);
      syncLock.notifyAll();
    }
    return done;
  }

  @Override
  public void awaitDurable(long txid) throws IOException {
    Durability.await(whenDurable(txid));
  }

  private static IOException notDurable(long txid, Throwable cause) {
    return new IOException(cause == null ? "the edit log is closed; edit " + txid + " may not be durable"
        : "the edit log failed; edit " + txid + " may not be durable: " + cause.getMessage(), cause);
  }

  /**
   * Every waiter registered before the sync starts waits for an edit at or below the last txid
   * read at that moment (it registered after its append), so one sync answers all of them.
   */
  private void syncLoop() {
    while (true) {
      List<CompletableFuture<Void>> due;
      long target;
      synchronized (syncLock) {
        while (waiting.isEmpty() && !closed) {
          try {
            syncLock.wait();
          } catch (InterruptedException e) {
            // Only close() stops the syncer.
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        due = waiting;
        waiting = new ArrayList<>();
        target = lastTxid;
        syncing = due;
        syncingTxid = target;
      }
      try {
        store.syncLog();
      } catch (IOException | RuntimeException e) {
        LOG.error("edit log sync failed at txid={}; stopping, since visible edits may not be durable", target, e);
        synchronized (syncLock) {
          failure = e;
          syncing = null;
          due.addAll(waiting);
          waiting.clear();
        }
        // Stop the server first: no caller may go on as if the edit could still become durable.
        onFatal.accept(e);
        due.forEach(f -> f.completeExceptionally(notDurable(target, e)));
        return;
      }
      synchronized (syncLock) {
        durableTxid = target;
        syncing = null;
      }
      for (CompletableFuture<Void> f : due) {
        f.complete(null);
      }
    }
  }

  @Override
  public long lastTxid() {
    return lastTxid;
  }

  @Override
  public long firstRetainedTxid() throws IOException {
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.EDITS, new byte[0], new byte[0])) {
      if (it.hasNext()) {
        it.next();
        return Keys.readLong8(it.key());
      }
    }
    return lastTxid + 1;
  }

  @Override
  public List<EditOp> read(long fromTxid, int max) throws IOException {
    List<EditOp> out = new ArrayList<>();
    try (KvStore.KvIterator it = store.scan(NamespaceSchema.EDITS, new byte[0], Keys.long8(fromTxid))) {
      while (out.size() < max && it.hasNext()) {
        it.next();
        out.add(parse(it.value()));
      }
    }
    return out;
  }

  @Override
  public long purgeThrough(long txid) throws IOException {
    long first = firstRetainedTxid();
    long upTo = Math.min(txid, lastTxid);
    if (upTo < first) {
      return 0;
    }
    try (KvStore.Batch batch = store.newBatch()) {
      batch.deleteRange(NamespaceSchema.EDITS, Keys.long8(first), Keys.long8(upTo + 1));
      store.commit(batch, KvStore.Durability.SYNC);
    }
    return upTo - first + 1;
  }

  /** Syncs what callers still wait for, then stops the syncer; the store stays the caller's to close. */
  @Override
  public void close() {
    synchronized (syncLock) {
      closed = true;
      syncLock.notifyAll();
    }
    try {
      syncer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static EditOp parse(byte[] bytes) throws IOException {
    try {
      return EditOp.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt edit in the log: " + e.getMessage(), e);
    }
  }
}
