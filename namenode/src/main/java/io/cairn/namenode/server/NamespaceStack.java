package io.cairn.namenode.server;

import io.cairn.common.time.Clock;
import io.cairn.namenode.editlog.StoreEditLog;
import io.cairn.namenode.namespace.NamespaceApplier;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.dnmanager.DatanodeRegistry;
import io.cairn.namenode.namesystem.BlockConfig;
import io.cairn.namenode.namesystem.BlockManager;
import io.cairn.namenode.namesystem.Decommissions;
import io.cairn.namenode.namesystem.DataPath;
import io.cairn.namenode.namesystem.DiskReserve;
import io.cairn.namenode.namesystem.DroppedBlocks;
import io.cairn.namenode.namesystem.Fsck;
import io.cairn.namenode.namesystem.LeaseMonitor;
import io.cairn.namenode.namesystem.LeaseTable;
import io.cairn.namenode.namesystem.NamespaceLock;
import io.cairn.namenode.namesystem.ReplicationMonitor;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.namespace.NamespaceReader;
import io.cairn.namenode.namespace.WritePlanner;
import io.cairn.namenode.store.KvStore;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.StoreNamespace;
import io.cairn.proto.AddInodeEdit;
import io.cairn.proto.EditOp;
import io.cairn.proto.Inode;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The namespace over an open store, wired as the NameNode runs it: the stored view, the edit log
 * whose appends apply edits to that view's store, and the {@link Namesystem} in front. One place
 * for this wiring, so the NameNode and tests that build the stack on a store of their own agree.
 * The store stays the caller's to close.
 */
public record NamespaceStack(StoreNamespace view, StoreEditLog editLog, Namesystem namesystem, DataPath dataPath,
    ExecutorService afterDurable, LeaseMonitor leaseMonitor, BlockManager blockManager,
    ReplicationMonitor replicationMonitor, Fsck fsck, Decommissions decommissions) implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceStack.class);

  /**
   * Wires the stack over {@code store}; formats nothing (see {@link #formatIfNew}).
   *
   * @param onFatal called when the edit log can no longer promise durability
   */
  public static NamespaceStack open(KvStore store, NamespaceLimits limits, Clock clock, Consumer<Throwable> onFatal)
      throws IOException {
    return open(store, limits, BlockConfig.defaults(), clock, onFatal);
  }

  public static NamespaceStack open(KvStore store, NamespaceLimits limits, BlockConfig blockConfig, Clock clock,
      Consumer<Throwable> onFatal) throws IOException {
    return open(store, limits, blockConfig, DiskReserve.NONE, clock, onFatal);
  }

  /** @param reserve refuses what would add to the namespace while the store's disk is nearly full */
  public static NamespaceStack open(KvStore store, NamespaceLimits limits, BlockConfig blockConfig,
      DiskReserve reserve, Clock clock, Consumer<Throwable> onFatal) throws IOException {
    StoreNamespace view = new StoreNamespace(store);
    NamespaceApplier applier = new NamespaceApplier(view);
    DroppedBlocks dropped = new DroppedBlocks();
    StoreEditLog editLog = new StoreEditLog(store,
        (op, batch) -> applier.apply(op, view.mutations(batch, dropped::add)), onFatal);
    DatanodeRegistry registry = new DatanodeRegistry(clock, blockConfig.deadIntervalMs());
    BlockManager blocks = new BlockManager(view, registry, blockConfig);
    LeaseTable leases = new LeaseTable(clock, blockConfig.leaseSoftLimitMs(), blockConfig.leaseHardLimitMs());
    // One thread, gone when idle: block manager work after durable mutations, in order.
    ThreadPoolExecutor afterDurable = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        Thread.ofPlatform().name("after-durable").daemon().factory());
    afterDurable.allowCoreThreadTimeOut(true);
    NamespaceLock lock = new NamespaceLock(editLog, clock, dropped, blocks, afterDurable, reserve);
    Namesystem namesystem = new Namesystem(view, limits, lock, blocks, leases, afterDurable);
    WritePlanner writePlanner = new WritePlanner(view, leases, limits);
    LeaseMonitor leaseMonitor = new LeaseMonitor(view, lock, leases, blocks, writePlanner);
    Decommissions decommissions = new Decommissions(view, lock, blocks);
    DataPath dataPath = new DataPath(lock, blocks, leases, writePlanner, new NamespaceReader(view, limits),
        leaseMonitor, decommissions);
    return new NamespaceStack(view, editLog, namesystem, dataPath, afterDurable, leaseMonitor, blocks,
        new ReplicationMonitor(lock, blocks), new Fsck(view, lock, blocks, limits.defaultReplication()),
        decommissions);
  }

  /**
   * Writes the first edit of a new namespace, its root directory owned by {@code superuser}, when
   * the log is empty; returns whether it did.
   */
  public boolean formatIfNew(String superuser, String superGroup, long nowMs) throws IOException {
    if (editLog.lastTxid() != 0) {
      return false;
    }
    Inode root = Inode.newBuilder()
        .setId(NamespaceView.ROOT_ID).setParentId(NamespaceView.ROOT_PARENT_ID).setName("")
        .setType(InodeType.DIRECTORY).setMode(0755).setOwner(superuser).setGroup(superGroup)
        .setMtimeMs(nowMs).setAtimeMs(nowMs)
        .build();
    long namespaceId = 0;
    while (namespaceId == 0) {
      namespaceId = new SecureRandom().nextLong() & Long.MAX_VALUE;
    }
    long txid = editLog.append(EditOp.newBuilder().setAddInode(AddInodeEdit.newBuilder().setInode(root)
        .setNamespaceId(namespaceId)));
    editLog.awaitDurable(txid);
    LOG.info("formatted a new namespace {}, root owned by {}", namespaceId, superuser);
    return true;
  }

  /** This namespace's id; 0 for a namespace made before namespaces had ids. */
  public long namespaceId() throws IOException {
    return view.readMeta(NamespaceSchema.MetaKey.NAMESPACE_ID);
  }

  /**
   * Enters start-up safe mode: read-only until enough of the namespace's complete blocks (those not
   * the last block of an open file) have been reported by DataNodes. Off at once for an empty namespace.
   */
  public void startSafeMode() throws IOException {
    long[] open = {0};
    view.forEachOpenFile((inodeId, holder) -> {
      Inode file = view.byId(inodeId);
      if (file != null && file.getBlocksCount() > 0) {
        open[0]++;
      }
    });
    blockManager.startSafeMode(Math.max(0, view.blockCount() - open[0]));
  }

  /** Syncs what callers wait for and stops the stack's threads; the store stays open. */
  @Override
  public void close() {
    editLog.close();
    afterDurable.shutdown();
  }
}
