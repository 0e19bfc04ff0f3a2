package io.cairn.namenode.namesystem;

import io.cairn.common.path.CairnPath;
import io.cairn.common.time.Clock;
import io.cairn.namenode.editlog.EditLog;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner;
import io.cairn.namenode.namespace.NamespaceReader;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.namespace.Planned;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The namespace as a service: serialises mutations (plan, then append to the edit log, under the
 * write lock), and answers each caller only once its edit is durable, outside the lock, so many
 * callers share one fsync. Reads run under the read lock, so a reader never sees half of a
 * multi-step change being planned.
 */
public final class Namesystem {
  private final NamespacePlanner planner;
  private final NamespaceReader reader;
  private final EditLog editLog;
  private final Clock clock;
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

  public Namesystem(NamespaceView view, NamespaceLimits limits, EditLog editLog, Clock clock) {
    this.planner = new NamespacePlanner(view, limits);
    this.reader = new NamespaceReader(view, limits);
    this.editLog = editLog;
    this.clock = clock;
  }

  @FunctionalInterface
  private interface Plan {
    Planned plan(long nowMs) throws IOException;
  }

  @FunctionalInterface
  public interface Read<T> {
    T read() throws IOException;
  }

  private boolean mutate(Plan plan) throws IOException {
    long txid;
    Planned planned;
    lock.writeLock().lock();
    try {
      planned = plan.plan(clock.wallMs());
      txid = planned.edit() == null ? editLog.lastTxid() : editLog.append(planned.edit());
    } finally {
      lock.writeLock().unlock();
    }
    // Even an answer that changed nothing rests on what the log holds so far: make that durable first.
    editLog.awaitDurable(txid);
    return planned.result();
  }

  private <T> T read(Read<T> read) throws IOException {
    lock.readLock().lock();
    try {
      return read.read();
    } finally {
      lock.readLock().unlock();
    }
  }

  public boolean mkdirs(Caller caller, CairnPath path, int mode, boolean createParents) throws IOException {
    return mutate(now -> planner.mkdirs(caller, path, mode, createParents, now));
  }

  public FileStatus create(Caller caller, NamespacePlanner.CreateArgs args) throws IOException {
    mutate(now -> planner.create(caller, args, now));
    return read(() -> reader.getFileInfo(caller, args.path()));
  }

  public boolean complete(Caller caller, CairnPath path, String clientName, long lengthBytes) throws IOException {
    return mutate(now -> planner.complete(caller, path, clientName, lengthBytes, now));
  }

  public boolean rename(Caller caller, CairnPath src, CairnPath dst, boolean overwrite, boolean strict)
      throws IOException {
    return mutate(now -> planner.rename(caller, src, dst, overwrite, strict, now));
  }

  public boolean delete(Caller caller, CairnPath path, boolean recursive) throws IOException {
    return mutate(now -> planner.delete(caller, path, recursive, now));
  }

  public void setPermission(Caller caller, CairnPath path, int mode) throws IOException {
    mutate(now -> planner.setPermission(caller, path, mode));
  }

  public void setOwner(Caller caller, CairnPath path, String owner, String group) throws IOException {
    mutate(now -> planner.setOwner(caller, path, owner, group));
  }

  public void setTimes(Caller caller, CairnPath path, long mtimeMs, long atimeMs) throws IOException {
    mutate(now -> planner.setTimes(caller, path, mtimeMs, atimeMs));
  }

  public boolean setReplication(Caller caller, CairnPath path, int replication) throws IOException {
    return mutate(now -> planner.setReplication(caller, path, replication));
  }

  public FileStatus getFileInfo(Caller caller, CairnPath path) throws IOException {
    return read(() -> reader.getFileInfo(caller, path));
  }

  public GetListingResponse list(Caller caller, CairnPath path, String startAfter, int limit) throws IOException {
    return read(() -> reader.list(caller, path, startAfter, limit));
  }

  public ContentSummary contentSummary(Caller caller, CairnPath path) throws IOException {
    return read(() -> reader.contentSummary(caller, path));
  }

  /** Runs {@code action} with mutations held off, e.g. to take a consistent checkpoint. */
  public <T> T withMutationsPaused(Read<T> action) throws IOException {
    lock.writeLock().lock();
    try {
      return action.read();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
