package io.cairn.namenode.namesystem;

import com.google.common.base.Preconditions;
import io.cairn.common.time.Clock;
import io.cairn.namenode.editlog.Durability;
import io.cairn.namenode.editlog.EditLog;
import io.cairn.namenode.namespace.Planned;
import io.cairn.proto.Block;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Runs namespace work under one read-write lock. A mutation is planned and appended to the edit
 * log under the write lock, then its caller waits for durability outside the lock, so many callers
 * share one fsync; only then are replicas of files it destroyed scheduled for deletion. Reads run
 * under the read lock, so they never see half of a change being planned.
 */
public final class NamespaceLock {
  private final EditLog editLog;
  private final Clock clock;
  private final DroppedBlocks dropped;
  private final BlockManager blocks;
  private final Executor afterDurable;
  private final DiskReserve reserve;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  /**
   * Completes once the edits of the open group are durable; null when no group is open. Read and
   * written only under the write lock, so a mutation that sees it is the group's own.
   */
  private CompletableFuture<Void> group;

  /**
   * @param afterDurable runs what must follow durability but may block (the block manager's
   *     lock), so the edit log's sync thread never waits for it
   * @param reserve refuses what would add to the namespace while the disk is nearly full
   */
  public NamespaceLock(EditLog editLog, Clock clock, DroppedBlocks dropped, BlockManager blocks,
      Executor afterDurable, DiskReserve reserve) {
    this.reserve = reserve;
    this.editLog = editLog;
    this.afterDurable = afterDurable;
    this.clock = clock;
    this.dropped = dropped;
    this.blocks = blocks;
  }

  @FunctionalInterface
  public interface Plan {
    Planned plan(long nowMs) throws IOException;
  }

  @FunctionalInterface
  public interface Read<T> {
    T read() throws IOException;
  }

  /** Plans, logs and applies one mutation; returns once it is durable. */
  public Planned mutate(Plan plan) throws IOException {
    return awaitDurable(mutateAsync(plan));
  }

  /**
   * Waits for a mutation's future. Refused inside a group, whose sync comes only after the group's
   * body returns: the wait would never end.
   */
  public <T> T awaitDurable(CompletableFuture<T> mutation) throws IOException {
    Preconditions.checkState(!(lock.isWriteLockedByCurrentThread() && group != null),
        "a mutation inside a group cannot wait for its durability: the group's sync comes after it");
    return Durability.await(mutation);
  }

  /**
   * Plans, logs and applies one mutation under the write lock and returns at once; the future
   * completes once the mutation is durable (on the edit log's sync thread). A refused plan throws
   * here. Replicas of files the mutation destroyed are scheduled for deletion only once it is
   * durable, off the sync thread, since that takes the block manager's lock. Refused with
   * {@code SAFE_MODE} while the NameNode is in safe mode, and with {@code NO_SPACE} when it would add
   * to the namespace while the disk is below its reserve.
   */
  public CompletableFuture<Planned> mutateAsync(Plan plan) throws IOException {
    blocks.checkNotInSafeMode();
    long txid;
    Planned planned;
    List<Block> destroyed;
    CompletableFuture<Void> inGroup;
    lock.writeLock().lock();
    try {
      inGroup = group;
      planned = plan.plan(clock.wallMs());
      if (planned.edit() == null) {
        txid = editLog.lastTxid();
      } else {
        reserve.check(planned.edit());
        txid = editLog.append(planned.edit());
      }
    } finally {
      destroyed = dropped.drain();
      lock.writeLock().unlock();
    }
    // Even an answer that changed nothing rests on what the log holds so far: make that durable first.
    CompletableFuture<Void> durable = inGroup != null ? inGroup : editLog.whenDurable(txid);
    if (destroyed.isEmpty()) {
      return durable.thenApply(v -> planned);
    }
    return durable.thenApplyAsync(v -> {
      blocks.blocksDropped(destroyed);
      return planned;
    }, afterDurable);
  }

  /**
   * Runs {@code body}, whose mutations ({@link #mutateAsync}) are planned under one hold of the
   * write lock and answered after one sync that covers all of them. Why: a batch of calls whose
   * mutations each asked for durability on their own woke the syncer with the first, whose sync
   * then covered only the first few; the rest waited for a second sync, and the batch's answer
   * for the last of them. Reads inside run under the write lock too, so keep {@code body} short;
   * it must not wait for its own mutations' futures (they complete after it returns).
   */
  public <T> T grouped(Read<T> body) throws IOException {
    CompletableFuture<Void> durable = new CompletableFuture<>();
    lock.writeLock().lock();
    boolean outermost = group == null;
    if (outermost) {
      group = durable;
    }
    long lastTxid;
    try {
      return body.read();
    } finally {
      if (outermost) {
        group = null;
      }
      lastTxid = editLog.lastTxid();
      lock.writeLock().unlock();
      if (outermost) {
        editLog.whenDurable(lastTxid).whenComplete((v, failure) -> {
          if (failure == null) {
            durable.complete(null);
          } else {
            durable.completeExceptionally(failure);
          }
        });
      }
    }
  }

  public <T> T read(Read<T> read) throws IOException {
    lock.readLock().lock();
    try {
      return read.read();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code action} with mutations held off, e.g. to take a consistent checkpoint. */
  public <T> T exclusive(Read<T> action) throws IOException {
    lock.writeLock().lock();
    try {
      return action.read();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
