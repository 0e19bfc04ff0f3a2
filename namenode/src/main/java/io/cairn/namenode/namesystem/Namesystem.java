package io.cairn.namenode.namesystem;

import com.google.protobuf.ByteString;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner;
import io.cairn.namenode.namespace.NamespaceReader;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.namespace.Planned;
import io.cairn.namenode.namespace.WritePlanner;
import io.cairn.proto.Block;
import io.cairn.proto.Inode;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetListingResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The namespace as a service: serialises mutations (plan, then append to the edit log, under the
 * write lock), and answers each caller only once its edit is durable, outside the lock, so many
 * callers share one fsync. Reads run under the read lock, so a reader never sees half of a
 * multi-step change being planned.
 */
public final class Namesystem {
  /** How long a close waits on the NameNode for its last block's next replica report. */
  static final long COMPLETE_WAIT_MS = 2_000;

  private final NamespacePlanner planner;
  private final WritePlanner writePlanner;
  private final NamespaceReader reader;
  private final NamespaceLock lock;
  private final BlockManager blocks;
  private final LeaseTable leases;
  private final Executor afterDurable;

  /**
   * @param afterDurable runs block manager work that follows a durable mutation, off the edit
   *     log's sync thread (its lock may be held by a long block report)
   */
  public Namesystem(NamespaceView view, NamespaceLimits limits, NamespaceLock lock, BlockManager blocks,
      LeaseTable leases, Executor afterDurable) {
    this.afterDurable = afterDurable;
    this.planner = new NamespacePlanner(view, limits, leases);
    this.writePlanner = new WritePlanner(view, leases, limits);
    this.reader = new NamespaceReader(view, limits);
    this.lock = lock;
    this.blocks = blocks;
    this.leases = leases;
  }

  private boolean mutate(NamespaceLock.Plan plan) throws IOException {
    return lock.awaitDurable(mutateAsync(plan));
  }

  private CompletableFuture<Boolean> mutateAsync(NamespaceLock.Plan plan) throws IOException {
    return lock.mutateAsync(plan).thenApply(Planned::result);
  }

  private <T> T read(NamespaceLock.Read<T> read) throws IOException {
    return lock.read(read);
  }

  public boolean mkdirs(Caller caller, CairnPath path, int mode, boolean createParents) throws IOException {
    return lock.awaitDurable(mkdirsAsync(caller, path, mode, createParents));
  }

  /**
   * The asynchronous form of each mutation: planned and applied before it returns (a refusal
   * throws), answered by the future once durable. The RPC layer uses these, so no thread parks
   * while the edit log syncs.
   */
  public CompletableFuture<Boolean> mkdirsAsync(Caller caller, CairnPath path, int mode, boolean createParents)
      throws IOException {
    return mutateAsync(now -> planner.mkdirs(caller, path, mode, createParents, now));
  }

  public FileStatus create(Caller caller, NamespacePlanner.CreateArgs args) throws IOException {
    return lock.awaitDurable(createAsync(caller, args));
  }

  public CompletableFuture<FileStatus> createAsync(Caller caller, NamespacePlanner.CreateArgs args)
      throws IOException {
    if (!args.closed()) {
      leases.renew(args.clientName());
    }
    // The plan holds the new inode: no second lookup to answer.
    return lock.mutateAsync(now -> planner.create(caller, args, now))
        .thenApply(planned -> NamespaceReader.status(planned.edit().getAddInode().getInode(), args.path()));
  }

  /** The most bytes a file may keep in the namespace instead of in blocks (0 = none). */
  public int inlineDataMaxBytes() {
    return writePlanner.inlineDataMaxBytes();
  }

  public boolean complete(Caller caller, CairnPath path, String clientName, long lengthBytes) throws IOException {
    return complete(caller, path, clientName, lengthBytes, null);
  }

  public boolean complete(Caller caller, CairnPath path, String clientName, long lengthBytes, Block last)
      throws IOException {
    return lock.awaitDurable(completeAsync(caller, path, clientName, lengthBytes, last, null));
  }

  /** Closes a file without blocks whose bytes, {@code inlineData}, the namespace keeps. */
  public boolean completeInline(Caller caller, CairnPath path, String clientName, ByteString inlineData)
      throws IOException {
    return lock.awaitDurable(completeAsync(caller, path, clientName, inlineData.size(), null, inlineData));
  }

  /**
   * Closes a file. While its last block has fewer than the minimum replicas reported, the answer
   * waits (holding no thread) for the next report of that block, up to {@link #COMPLETE_WAIT_MS},
   * and the close is tried once more; false then means still too few (nothing changed), and the
   * writer calls again. Without the wait a writer that closes right after its last ack, before the
   * DataNodes' reports arrive, would sleep between polls: for small files that was most of the time.
   * {@code inlineData} (null = none) is the whole content of a file without blocks, kept in the namespace.
   */
  public CompletableFuture<Boolean> completeAsync(Caller caller, CairnPath path, String clientName, long lengthBytes,
      Block last, ByteString inlineData) throws IOException {
    return completeAsync(caller, path, clientName, lengthBytes, last, inlineData, true);
  }

  private CompletableFuture<Boolean> completeAsync(Caller caller, CairnPath path, String clientName, long lengthBytes,
      Block last, ByteString inlineData, boolean mayWait) throws IOException {
    leases.renew(clientName);
    Inode[] closed = new Inode[1];
    List<CompletableFuture<Void>> reported = new ArrayList<>(1);
    CompletableFuture<Planned> durable = lock.mutateAsync(now -> {
      Inode file = writePlanner.openFileOrNull(caller, path, clientName);
      if (file != null && inlineData == null && !blocks.minimallyReplicated(withLast(file, last))) {
        if (mayWait && file.getBlocksCount() > 0) {
          reported.add(blocks.nextReport(file.getBlocks(file.getBlocksCount() - 1)));
        }
        return Planned.noChange(false);
      }
      closed[0] = file;
      return writePlanner.complete(caller, path, clientName, lengthBytes, last, inlineData, now);
    });
    if (!reported.isEmpty()) {
      // Tried again off the thread that completes the wait: a report arrives under the block manager's lock.
      return reported.getFirst().orTimeout(COMPLETE_WAIT_MS, TimeUnit.MILLISECONDS)
          .handleAsync((v, timedOut) -> timedOut, afterDurable)
          .thenCompose(timedOut -> {
            if (timedOut != null) {
              return durable.thenApply(Planned::result);
            }
            try {
              return completeAsync(caller, path, clientName, lengthBytes, last, inlineData, false);
            } catch (IOException e) {
              return CompletableFuture.failedFuture(e);
            }
          });
    }
    if (closed[0] == null || closed[0].getBlocksCount() == 0) {
      return durable.thenApply(Planned::result);
    }
    // The block manager learns of the closed file once it is durable, off the log's sync thread.
    return durable.thenApplyAsync(planned -> {
      if (planned.result()) {
        Inode file = closed[0].toBuilder().clearBlocks().addAllBlocks(withLast(closed[0], last))
            .setUnderConstruction(false).build();
        blocks.fileClosed(file.getBlocksList(), file.getReplication());
        blocks.checkReplication(file);
      }
      return planned.result();
    }, afterDurable);
  }

  private static List<Block> withLast(Inode file, Block last) {
    List<Block> out = new ArrayList<>(file.getBlocksList());
    if (last != null && !out.isEmpty()) {
      out.set(out.size() - 1, out.getLast().toBuilder().setLengthBytes(last.getLengthBytes()).build());
    }
    return out;
  }

  public boolean rename(Caller caller, CairnPath src, CairnPath dst, boolean overwrite, boolean strict)
      throws IOException {
    return lock.awaitDurable(renameAsync(caller, src, dst, overwrite, strict));
  }

  public CompletableFuture<Boolean> renameAsync(Caller caller, CairnPath src, CairnPath dst, boolean overwrite,
      boolean strict) throws IOException {
    return mutateAsync(now -> planner.rename(caller, src, dst, overwrite, strict, now));
  }

  public boolean delete(Caller caller, CairnPath path, boolean recursive) throws IOException {
    return lock.awaitDurable(deleteAsync(caller, path, recursive));
  }

  public CompletableFuture<Boolean> deleteAsync(Caller caller, CairnPath path, boolean recursive)
      throws IOException {
    return mutateAsync(now -> planner.delete(caller, path, recursive, now));
  }

  public void setPermission(Caller caller, CairnPath path, int mode) throws IOException {
    lock.awaitDurable(setPermissionAsync(caller, path, mode));
  }

  public CompletableFuture<Boolean> setPermissionAsync(Caller caller, CairnPath path, int mode) throws IOException {
    return mutateAsync(now -> planner.setPermission(caller, path, mode));
  }

  public void setOwner(Caller caller, CairnPath path, String owner, String group) throws IOException {
    lock.awaitDurable(setOwnerAsync(caller, path, owner, group));
  }

  public CompletableFuture<Boolean> setOwnerAsync(Caller caller, CairnPath path, String owner, String group)
      throws IOException {
    return mutateAsync(now -> planner.setOwner(caller, path, owner, group));
  }

  public void setTimes(Caller caller, CairnPath path, long mtimeMs, long atimeMs) throws IOException {
    lock.awaitDurable(setTimesAsync(caller, path, mtimeMs, atimeMs));
  }

  public CompletableFuture<Boolean> setTimesAsync(Caller caller, CairnPath path, long mtimeMs, long atimeMs)
      throws IOException {
    return mutateAsync(now -> planner.setTimes(caller, path, mtimeMs, atimeMs));
  }

  public boolean setReplication(Caller caller, CairnPath path, int replication) throws IOException {
    boolean changed = mutate(now -> planner.setReplication(caller, path, replication));
    if (changed) {
      read(() -> {
        blocks.checkReplication(writePlanner.existingFile(caller, path));
        return null;
      });
    }
    return changed;
  }

  /**
   * Where the file a writer names now is: by its inode id when given (so a writer goes on after its
   * file was renamed, as HDFS's writers do), else the path it gave. A file id that no longer exists
   * leaves the path, whose resolution then says what is wrong.
   */
  public CairnPath writtenPath(String givenPath, long fileId) throws IOException {
    CairnPath given = CairnPath.parse(givenPath);
    if (fileId == 0) {
      return given;
    }
    CairnPath current = read(() -> reader.pathOf(fileId));
    return current == null ? given : current;
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

  /**
   * Runs {@code calls} so that the mutations among them share one lock hold and one edit log sync
   * ({@link NamespaceLock#grouped}); each still answers alone, through its own future.
   */
  public <T> T inOneSync(NamespaceLock.Read<T> calls) throws IOException {
    return lock.grouped(calls);
  }

  /** Runs {@code action} with mutations held off, e.g. to take a consistent checkpoint. */
  public <T> T withMutationsPaused(NamespaceLock.Read<T> action) throws IOException {
    return lock.exclusive(action);
  }
}
