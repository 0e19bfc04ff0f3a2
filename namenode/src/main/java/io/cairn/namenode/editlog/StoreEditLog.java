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
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edit log kept in the namespace store: each edit is written to {@link NamespaceSchema#EDITS}
 * in the same atomic batch as its state change and the last applied txid, so the store can never
 * hold a change without its edit or the reverse. Batches are committed without an fsync;
 * {@link #awaitDurable} syncs the store's write-ahead log once for every edit appended so far, so
 * concurrent callers share one fsync (group commit, as HDFS's logSync).
 */
public final class StoreEditLog implements EditLog {
  private static final Logger LOG = LoggerFactory.getLogger(StoreEditLog.class);

  private final KvStore store;
  private final EditApplier applier;
  private final Consumer<Throwable> onFatal;
  private final Object syncLock = new Object();
  /** Written only by the appending thread (under the namespace write lock); read by syncers. */
  private volatile long lastTxid;
  /** @GuardedBy("syncLock") for writes. */
  private volatile long durableTxid;
  private volatile boolean failed;

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
    Preconditions.checkState(!failed, "the edit log failed earlier and accepts no more edits");
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
  public void awaitDurable(long txid) throws IOException {
    if (durableTxid >= txid) {
      return;
    }
    synchronized (syncLock) {
      if (durableTxid >= txid) {
        return;
      }
      if (failed) {
        throw new IOException("the edit log failed earlier; edit " + txid + " may not be durable");
      }
      long target = lastTxid;
      try {
        store.syncLog();
      } catch (IOException | RuntimeException e) {
        failed = true;
        LOG.error("edit log sync failed at txid={}; stopping, since visible edits may not be durable", target, e);
        onFatal.accept(e);
        throw e;
      }
      durableTxid = target;
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

  @Override
  public void close() {
    // The store belongs to the caller.
  }

  private static EditOp parse(byte[] bytes) throws IOException {
    try {
      return EditOp.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("corrupt edit in the log: " + e.getMessage(), e);
    }
  }
}
