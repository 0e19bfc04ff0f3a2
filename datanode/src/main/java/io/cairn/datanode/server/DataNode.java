package io.cairn.datanode.server;

import io.cairn.common.time.Clock;
import io.cairn.datanode.command.CommandService;
import io.cairn.datanode.command.ReplicaPusher;
import io.cairn.datanode.heartbeat.HeartbeatService;
import io.cairn.datanode.heartbeat.IncrementalReports;
import io.cairn.datanode.heartbeat.LocalReports;
import io.cairn.datanode.storage.BlockScanner;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.datanode.storage.Volume;
import io.cairn.datanode.storage.VolumeUsage;
import io.cairn.datanode.transfer.TransferService;
import io.cairn.datanode.transfer.TransferStats;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a DataNode: the volume's replica store, the transfer server, commands and the NameNode link. */
public final class DataNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataNode.class);

  private final FileChannel lockFile;
  private final ReplicaStore store;
  private final TransferService transfer;
  private final CommandService commands;
  private final HeartbeatService heartbeat;
  private final BlockScanner scanner;
  private final DatanodeInfo self;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();

  private DataNode(FileChannel lockFile, ReplicaStore store, TransferService transfer, CommandService commands,
      HeartbeatService heartbeat, BlockScanner scanner, DatanodeInfo self) {
    this.lockFile = lockFile;
    this.store = store;
    this.transfer = transfer;
    this.commands = commands;
    this.heartbeat = heartbeat;
    this.scanner = scanner;
    this.self = self;
  }

  /** Opens the data folder (creating it when new) and starts serving. */
  public static DataNode start(DataNodeConfig config, Clock clock) throws IOException {
    Files.createDirectories(config.dir());
    FileChannel lockFile = lock(config);
    try {
      String uuid = NodeUuid.loadOrCreate(config.dir());
      IncrementalReports reports = new IncrementalReports();
      ReplicaStore store = ReplicaStore.open(Volume.open(config.dir(), config.reservedBytes()), reports);
      ReplicaPusher pusher = new ReplicaPusher(store, uuid, config.transfer().connectTimeoutMs(),
          config.transfer().connectTimeoutMs());
      TransferService transfer = TransferService.start(config.transfer(), store, pusher);
      DatanodeInfo self = DatanodeInfo.newBuilder().setUuid(uuid).setHost(config.advertisedHost())
          .setDataPort(transfer.port()).build();
      CommandService commands = new CommandService(store, pusher, config.replicationStreams(), config.commandQueue());
      HeartbeatService heartbeat = null;
      if (config.heartbeat() != null) {
        heartbeat = new HeartbeatService(config.heartbeat(), clock, self,
            new LocalReports(store, reports, () -> storageReport(store, transfer.stats())), commands);
        heartbeat.start();
      }
      BlockScanner scanner = null;
      if (config.scanPeriodMs() > 0) {
        scanner = new BlockScanner(store, clock, Thread::sleep, config.scanPeriodMs(), config.scanBytesPerSecond());
        scanner.start();
      }
      LOG.info("DataNode {} serving dir={} at {}:{}", uuid, config.dir(), self.getHost(), self.getDataPort());
      return new DataNode(lockFile, store, transfer, commands, heartbeat, scanner, self);
    } catch (IOException | RuntimeException e) {
      lockFile.close();
      throw e;
    }
  }

  private static FileChannel lock(DataNodeConfig config) throws IOException {
    FileChannel ch = FileChannel.open(config.dir().resolve("in_use.lock"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock = ch.tryLock();
    if (lock == null) {
      ch.close();
      throw new IOException(config.dir() + " is in use by another DataNode");
    }
    return ch;
  }

  static StorageReport storageReport(ReplicaStore store, TransferStats stats) {
    StorageReport.Builder b = StorageReport.newBuilder()
        .setActiveTransfers(stats.activeTransfers())
        .setZeroCopyBytesSent(stats.zeroCopyBytesSent())
        .setReplicaCount(store.count());
    try {
      VolumeUsage u = store.usage();
      b.setCapacityBytes(u.capacityBytes()).setUsedBytes(u.usedBytes()).setRemainingBytes(u.remainingBytes());
    } catch (IOException e) {
      LOG.warn("cannot read the space of the volume: {}", e.toString());
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
    try {
      lockFile.close();
    } catch (IOException e) {
      LOG.warn("releasing the lock of the data folder failed: {}", e.toString());
    }
    stopped.countDown();
    LOG.info("DataNode {} stopped", self.getUuid());
  }
}
