package io.cairn.datanode.heartbeat;

import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.common.time.Clock;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.HeartbeatRequest;
import io.cairn.proto.HeartbeatResponse;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.RegisterDatanodeResponse;
import io.cairn.proto.StorageReport;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DataNode's link to its NameNode, on one thread: register and send a full block report, then
 * heartbeat every interval (handing the commands of each answer on), send incremental reports soon
 * after replicas come and go, and a full report every block-report interval. A NameNode that cannot
 * be reached is retried with exponential backoff; the state change is logged, not each attempt.
 * An answer asking to re-register starts over with a full report.
 */
public final class HeartbeatService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HeartbeatService.class);
  private static final long INITIAL_BACKOFF_MS = 100;
  static final long NONE = Long.MAX_VALUE;

  private final HeartbeatConfig config;
  private final Clock clock;
  private final DatanodeInfo self;
  private final ReplicaStore store;
  private final IncrementalReports reports;
  private final Supplier<StorageReport> storage;
  private final Consumer<DatanodeCommand> commands;
  private final NameNodeClient client;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean registered;
  /** Why the last exchange with the NameNode failed, null once one succeeds. */
  private volatile String linkFailure;
  private final NamespaceMembership namespace;
  // Fields below: heartbeat thread only.
  private boolean down;
  private long backoffMs = INITIAL_BACKOFF_MS;
  private long retryAt;
  private long heartbeatIntervalMs;
  private long blockReportIntervalMs;
  /** What the NameNode said it accepts; a full report is split into parts that fit. */
  private int maxRequestBytes = BlockReportParts.DEFAULT_MAX_REQUEST_BYTES;
  /** Ids of full reports, so the NameNode can tell the parts of one report from those of the next. */
  private long nextReportId;
  private long nextHeartbeatAt;
  private long nextBlockReportAt;
  private long incrementalDueAt = NONE;

  /**
   * @param self this DataNode as the NameNode should know it
   * @param local what to report
   * @param commands takes each command of a heartbeat answer; must not block
   */
  public HeartbeatService(HeartbeatConfig config, Clock clock, DatanodeInfo self, NamespaceMembership namespace,
      LocalReports local, Consumer<DatanodeCommand> commands) {
    this.config = config;
    this.namespace = namespace;
    this.clock = clock;
    this.self = self;
    this.store = local.store();
    this.reports = local.incremental();
    this.storage = local.storage();
    this.commands = commands;
    this.heartbeatIntervalMs = config.heartbeatIntervalMs();
    this.blockReportIntervalMs = config.blockReportIntervalMs();
    this.client = new NameNodeClient(config.nameNodeHost(), config.nameNodePort(),
        CallerIdentity.currentUser(), config.rpcTimeoutMs());
    this.thread = Thread.ofPlatform().name("dn-heartbeat").daemon().unstarted(this::run);
    // Distinct across restarts of this DataNode, which start over at a later time.
    this.nextReportId = clock.wallMs();
  }

  public void start() {
    thread.start();
  }

  /** Why the last exchange with the NameNode failed (a refused registration, say); null while the link works. */
  public String linkFailure() {
    return linkFailure;
  }

  /** Whether the NameNode has this DataNode registered (as far as this DataNode knows). */
  public boolean registered() {
    return registered;
  }

  private void run() {
    while (running) {
      try {
        step();
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void step() throws InterruptedException {
    long now = clock.monotonicMs();
    if (now >= retryAt) {
      try {
        talk(now);
        if (down) {
          LOG.info("NameNode at {} is reachable again", config.nameNodeAddress());
          down = false;
        }
        linkFailure = null;
        backoffMs = INITIAL_BACKOFF_MS;
      } catch (StatusRuntimeException | IllegalStateException e) {
        if (!running) {
          return; // closing: the call was cancelled on purpose
        }
        String why = e instanceof StatusRuntimeException sre
            ? ErrorStatus.fromStatus(sre, config.nameNodeAddress()).getMessage() : e.getMessage();
        linkFailure = why;
        if (!down) {
          LOG.warn("NameNode link down ({}); retrying with backoff", why);
          down = true;
        }
        retryAt = now + backoffMs;
        backoffMs = Math.min(backoffMs * 2, config.retryMaxMs());
      }
    }
    long after = clock.monotonicMs();
    reports.await(Math.max(1, nextWakeAt(after) - after));
  }

  private long nextWakeAt(long now) {
    if (down || !registered) {
      return Math.max(retryAt, now);
    }
    long at = Math.min(nextHeartbeatAt, nextBlockReportAt);
    if (reports.hasPending()) {
      at = Math.min(at, incrementalDueAt == NONE ? now : incrementalDueAt);
    }
    return at;
  }

  private void talk(long now) {
    if (!registered) {
      register(now);
    }
    boolean heartbeatSent = false;
    if (now >= nextHeartbeatAt) {
      heartbeat(now);
      heartbeatSent = true;
      if (!registered) {
        return;
      }
    }
    if (reports.hasPending()) {
      incrementalDueAt = incrementalDue(incrementalDueAt, now, reports.hasUrgent(), config);
      if (now >= incrementalDueAt || heartbeatSent) {
        sendIncremental();
      }
    }
    if (now >= nextBlockReportAt) {
      blockReport(now);
    }
  }

  /**
   * When the pending incremental report goes: at most the delay of its most urgent change after
   * {@code now}, and never later than already set ({@code dueAt}, {@link #NONE} when not set).
   */
  static long incrementalDue(long dueAt, long now, boolean urgent, HeartbeatConfig config) {
    // A change that may wait never goes sooner than an urgent one would.
    long delay = urgent ? config.incrementalReportDelayMs()
        : Math.max(config.incrementalReportDelayMs(), config.pipelineReportDelayMs());
    long due = now + delay;
    return dueAt == NONE ? due : Math.min(dueAt, due);
  }

  private void register(long now) {
    RegisterDatanodeResponse r = client.register(RegisterDatanodeRequest.newBuilder().setNode(self)
        .setStorage(storage.get()).setNamespaceId(namespace.id()).build());
    // A NameNode of another namespace refused the registration above; this one's id is kept if new.
    try {
      namespace.join(r.getNamespaceId());
    } catch (IOException e) {
      throw new IllegalStateException("cannot record the namespace " + r.getNamespaceId() + " in the data folders: "
          + e.getMessage(), e);
    }
    if (r.getHeartbeatIntervalMs() > 0) {
      heartbeatIntervalMs = r.getHeartbeatIntervalMs();
    }
    if (r.getBlockReportIntervalMs() > 0) {
      blockReportIntervalMs = r.getBlockReportIntervalMs();
    }
    if (r.getMaxRequestBytes() > 0) {
      maxRequestBytes = r.getMaxRequestBytes();
    }
    nextHeartbeatAt = now + heartbeatIntervalMs;
    blockReport(now);
    registered = true;
    LOG.info("registered with the NameNode at {} as {} ({}:{})", config.nameNodeAddress(), self.getUuid(),
        self.getHost(), self.getDataPort());
  }

  private void heartbeat(long now) {
    HeartbeatResponse r = client.heartbeat(HeartbeatRequest.newBuilder().setUuid(self.getUuid())
        .setStorage(storage.get()).build());
    nextHeartbeatAt = now + heartbeatIntervalMs;
    if (r.getReregister()) {
      LOG.info("the NameNode at {} asks this DataNode to register again", config.nameNodeAddress());
      registered = false;
      return;
    }
    for (DatanodeCommand c : r.getCommandsList()) {
      try {
        commands.accept(c);
      } catch (RuntimeException e) {
        LOG.error("handing on a {} command failed", c.getCommandCase(), e);
      }
    }
  }

  /**
   * A full report, in as many parts as the NameNode's request limit needs; pending incremental
   * changes are dropped first since the report covers them. A failed part fails the whole report,
   * which is sent again, under a new id, after the backoff.
   */
  private void blockReport(long now) {
    reports.clear();
    incrementalDueAt = NONE;
    List<BlockReportRequest> parts = BlockReportParts.split(self.getUuid(), nextReportId++, store.replicas(),
        maxRequestBytes);
    for (BlockReportRequest part : parts) {
      client.blockReport(part);
    }
    nextBlockReportAt = now + blockReportIntervalMs;
    LOG.debug("sent a full block report of {} replicas in {} parts", store.count(), parts.size());
  }

  private void sendIncremental() {
    IncrementalReports.Batch batch = reports.drain();
    incrementalDueAt = NONE;
    if (batch.isEmpty()) {
      return;
    }
    try {
      client.incrementalReport(IncrementalBlockReportRequest.newBuilder().setUuid(self.getUuid())
          .addAllReceived(batch.received()).addAllDeletedBlockIds(batch.deleted()).addAllBad(batch.bad()).build());
    } catch (StatusRuntimeException e) {
      reports.requeue(batch);
      throw e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    reports.wake();
    thread.join(10_000);
    client.close();
  }
}
