package io.cairn.datanode.server;

import io.cairn.common.time.Clock;
import io.cairn.datanode.command.CommandService;
import io.cairn.datanode.command.ReplicaPusher;
import io.cairn.datanode.heartbeat.HeartbeatService;
import io.cairn.datanode.heartbeat.IncrementalReports;
import io.cairn.datanode.heartbeat.LocalReports;
import io.cairn.datanode.storage.BlockScanner;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.datanode.storage.VolumeCheckService;
import io.cairn.datanode.storage.VolumeUsage;
import io.cairn.datanode.transfer.TransferService;
import io.cairn.datanode.transfer.TransferStats;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a DataNode: the replica store over its volumes, the transfer server, commands and the NameNode link. */
public final class DataNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataNode.class);

  private final DataFolders folders;
  private final ReplicaStore store;
  private final TransferService transfer;
  private final CommandService commands;
  private final HeartbeatService heartbeat;
  private final BlockScanner scanner;
  private final VolumeCheckService checks;
  private final DatanodeInfo self;
  private volatile String fatalError;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private DataNode(DataFolders folders, ReplicaStore store, TransferService transfer, CommandService commands,
      HeartbeatService heartbeat, BlockScanner scanner, VolumeCheckService checks, DatanodeInfo self) {
    this.folders = folders;
    this.store = store;
    this.transfer = transfer;
    this.commands = commands;
    this.heartbeat = heartbeat;
    this.scanner = scanner;
    this.checks = checks;
    this.self = self;
  }

  /**
   * Opens the data folders (creating them when new) and starts serving. When more volumes fail than
   * tolerated, the DataNode stops by itself: {@link #awaitTermination} returns and {@link #fatalError}
   * says why.
   */
  public static DataNode start(DataNodeConfig config, Clock clock) throws IOException {
    DataFolders folders = DataFolders.open(config.dirs(), config.reservedBytes());
    FatalStop fatal = new FatalStop();
    try {
      String uuid = folders.uuid;
      IncrementalReports reports = new IncrementalReports();
      ReplicaStore store = ReplicaStore.open(folders.volumes, folders.failed, reports,
          config.failedVolumesTolerated(), fatal::stop, config.volumeCheckTimeoutMs());
      ReplicaPusher pusher = new ReplicaPusher(store, uuid, config.transfer().connectTimeoutMs(),
          config.transfer().connectTimeoutMs());
      TransferService transfer = TransferService.start(config.transfer(), store, pusher);
      DatanodeInfo self = DatanodeInfo.newBuilder().setUuid(uuid).setHost(config.advertisedHost())
          .setDataPort(transfer.port()).build();
      CommandService commands = new CommandService(store, pusher, config.replicationStreams(), config.commandQueue());
      HeartbeatService heartbeat = null;
      if (config.heartbeat() != null) {
        heartbeat = new HeartbeatService(config.heartbeat(), clock, self, folders.namespace,
            new LocalReports(store, reports, () -> storageReport(store, transfer.stats())), commands);
        heartbeat.start();
      }
      BlockScanner scanner = null;
      if (config.scan().periodMs() > 0 || config.scan().fileCheckPeriodMs() > 0) {
        scanner = new BlockScanner(store, clock, Thread::sleep, config.scan());
        scanner.start();
      }
      VolumeCheckService checks = config.volumeCheckIntervalMs() > 0
          ? new VolumeCheckService(store, config.volumeCheckIntervalMs()) : null;
      LOG.info("DataNode {} serving dirs={} ({} failed) at {}:{}", uuid, config.dirs(), folders.failed.size(),
          self.getHost(), self.getDataPort());
      DataNode dn = new DataNode(folders, store, transfer, commands, heartbeat, scanner, checks, self);
      fatal.attach(dn);
      return dn;
    } catch (IOException | RuntimeException e) {
      folders.close();
      throw e;
    }
  }

  /** Stops the DataNode, on a thread of its own, when too many volumes failed (the store says so once). */
  private static final class FatalStop {
    private volatile String error;
    private volatile DataNode node;

    void stop(String message) {
      LOG.error("DataNode stopping: {}", message);
      error = message;
      DataNode dn = node;
      if (dn != null) {
        dn.stopAfterFatal(message);
      }
    }

    void attach(DataNode dn) {
      node = dn;
      String message = error;
      if (message != null) {
        dn.stopAfterFatal(message);
      }
    }
  }

  private void stopAfterFatal(String message) {
    fatalError = message;
    // Not on the caller's thread: it may be one of the threads close() stops and waits for.
    Thread.ofPlatform().name("dn-stop").start(this::close);
  }

  /** Why the DataNode stopped by itself (too many failed volumes), or null. */
  public String fatalError() {
    return fatalError;
  }

  static StorageReport storageReport(ReplicaStore store, TransferStats stats) {
    StorageReport.Builder b = StorageReport.newBuilder()
        .setActiveTransfers(stats.activeTransfers())
        .setZeroCopyBytesSent(stats.zeroCopyBytesSent())
        .setReplicaCount(store.count())
        .setFailedVolumes(store.failedVolumes().size());
    try {
      VolumeUsage u = store.usage();
      b.setCapacityBytes(u.capacityBytes()).setUsedBytes(u.usedBytes()).setRemainingBytes(u.remainingBytes());
    } catch (IOException e) {
      LOG.warn("cannot read the space of the volumes: {}", e.toString());
    }
    return b.build();
  }

  public int port() {
    return self.getDataPort();
  }

  /** This DataNode as the NameNode and clients know it. */
  public DatanodeInfo info() {
    return self;
  }

  public ReplicaStore store() {
    return store;
  }

  public TransferStats transferStats() {
    return transfer.stats();
  }

  /** The NameNode link, or null when running without one. */
  public HeartbeatService heartbeat() {
    return heartbeat;
  }

  public void awaitTermination() throws InterruptedException {
    stopped.await();
  }

  /** Stops serving; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (checks != null) {
      checks.close();
    }
    if (scanner != null) {
      scanner.close();
    }
    try {
      if (heartbeat != null) {
        heartbeat.close();
      }
      commands.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transfer.close();
    folders.close();
    stopped.countDown();
    LOG.info("DataNode {} stopped", self.getUuid());
  }
}
