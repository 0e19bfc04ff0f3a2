package io.cairn.namenode.server;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import io.cairn.common.spin.SpinningEventLoops;
import io.cairn.common.time.Clock;
import io.cairn.namenode.editlog.StoreEditLog;
import io.cairn.namenode.namesystem.Checkpointer;
import io.cairn.namenode.namesystem.DiskReserve;
import io.cairn.namenode.namesystem.LeaseMonitor;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.rpc.AdminProtocolService;
import io.cairn.namenode.rpc.BatchService;
import io.cairn.namenode.rpc.CallExecutors;
import io.cairn.namenode.rpc.CallerInterceptor;
import io.cairn.namenode.rpc.ClientProtocolService;
import io.cairn.namenode.rpc.DatanodeProtocolService;
import io.cairn.namenode.rpc.GroupResolver;
import io.cairn.namenode.store.NamespaceSchema;
import io.cairn.namenode.store.RocksKvStore;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires a NameNode: store, edit log, namesystem, checkpoints and the gRPC server. */
public final class NameNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NameNode.class);
  /** The most calls one ClientBatchProtocol batch may carry (clients send fewer: see CallBatcher). */
  static final int MAX_BATCH_CALLS = 1024;

  private final RocksKvStore store;
  private final NamespaceStack stack;
  private final Server server;
  /** The server's own event loops (none when gRPC's shared ones serve it), shut down after it. */
  private final List<EventLoopGroup> loops;
  private final ExecutorService handlers;
  /** Threads of periodic work: checkpoints, the lease monitor. */
  private final List<ScheduledExecutorService> background;

  private NameNode(RocksKvStore store, NamespaceStack stack, Server server, List<EventLoopGroup> loops,
      ExecutorService handlers, List<ScheduledExecutorService> background) {
    this.store = store;
    this.stack = stack;
    this.server = server;
    this.loops = loops;
    this.handlers = handlers;
    this.background = background;
  }

  /**
   * Opens (formatting when new) the namespace in {@code config.dir()} and starts serving.
   *
   * @param superuser the user that owns the root of a new namespace and passes every permission check
   */
  public static NameNode start(NameNodeConfig config, Clock clock, String superuser, GroupResolver groups)
      throws IOException {
    refuseATakenPort(config);
    RocksKvStore store = RocksKvStore.open(config.dir().resolve("namespace"), NamespaceSchema.ALL,
        config.blockCacheBytes());
    NamespaceStack stack = null;
    List<EventLoopGroup> loops = new ArrayList<>();
    try {
      stack = NamespaceStack.open(store, config.limits(), config.blocks(),
          DiskReserve.of(config.dir(), config.reservedBytes(), clock), clock, NameNode::halt);
      stack.formatIfNew(superuser, config.limits().superGroup(), clock.wallMs());
      stack.startSafeMode();
      StoreEditLog editLog = stack.editLog();
      Namesystem namesystem = stack.namesystem();
      Checkpointer checkpointer = new Checkpointer(store, editLog, namesystem, config.dir().resolve("checkpoints"),
          config);
      ExecutorService handlers = Executors.newFixedThreadPool(config.handlerThreads(),
          new ThreadFactoryBuilder().setNameFormat("rpc-handler-%d").setDaemon(true).build());
      CallerInterceptor callers = new CallerInterceptor(superuser, config.limits().superGroup(), groups);
      NettyServerBuilder builder = NettyServerBuilder.forAddress(
          new InetSocketAddress(config.bindHost(), config.port()));
      if (SpinningEventLoops.available()) {
        EventLoopGroup accept = SpinningEventLoops.group("rpc-accept", 1);
        EventLoopGroup transport = SpinningEventLoops.group("rpc-transport", 0);
        loops.add(accept);
        loops.add(transport);
        builder.bossEventLoopGroup(accept).workerEventLoopGroup(transport)
            .channelType(SpinningEventLoops.serverChannel());
      }
      Server server = builder
          .directExecutor()
          .callExecutor(new CallExecutors(handlers))
          .maxInboundMessageSize(config.maxRequestBytes())
          .maxInboundMetadataSize(16 << 10)
          .addService(ServerInterceptors.intercept(new ClientProtocolService(namesystem, stack.dataPath(), handlers),
              callers))
          .addService(ServerInterceptors.intercept(new BatchService(namesystem, MAX_BATCH_CALLS), callers))
          .addService(ServerInterceptors.intercept(new DatanodeProtocolService(stack.dataPath(), config.blocks(),
              config.maxRequestBytes(), stack.namespaceId()),
              callers))
          .addService(ServerInterceptors.intercept(new AdminProtocolService(checkpointer, editLog, superuser,
              stack.blockManager(), stack.fsck(), stack.decommissions()), callers))
          .build()
          .start();
      ScheduledExecutorService background = periodic("checkpointer", 10_000, "periodic checkpoint",
          checkpointer::checkpointIfDue);
      LeaseMonitor monitor = stack.leaseMonitor();
      ScheduledExecutorService leaseMonitor = periodic("lease-monitor", config.blocks().leaseCheckIntervalMs(),
          "lease check", monitor::check);
      ScheduledExecutorService replication = periodic("replication-monitor", config.blocks().replicationIntervalMs(),
          "replication pass", stack.replicationMonitor()::tick);
      LOG.info("NameNode serving dir={} address={}:{} lastTxid={} superuser={}", config.dir(), config.bindHost(),
          server.getPort(), editLog.lastTxid(), superuser);
      return new NameNode(store, stack, server, loops, handlers, List.of(background, leaseMonitor, replication));
    } catch (IOException | RuntimeException e) {
      SpinningEventLoops.shutdown(loops);
      if (stack != null) {
        stack.close();
      }
      store.close();
      throw e;
    }
  }

  /**
   * Fails before anything is opened when the port is taken, so a start that cannot serve does not
   * leave a newly formatted namespace behind in a folder that may have been mistyped. The real bind
   * comes later and still reports a port taken in between.
   */
  private static void refuseATakenPort(NameNodeConfig config) throws IOException {
    if (config.port() == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(config.bindHost(), config.port()));
    } catch (IOException e) {
      throw new IOException("Failed to bind to address " + config.bindHost() + ":" + config.port() + ": "
          + e.getMessage(), e);
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws IOException;
  }

  /** A daemon thread that runs {@code work} every {@code periodMs}; a failed run is logged and retried next time. */
  private static ScheduledExecutorService periodic(String thread, long periodMs, String what, Work work) {
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        new ThreadFactoryBuilder().setNameFormat(thread).setDaemon(true).build());
    executor.scheduleWithFixedDelay(() -> {
      try {
        work.run();
      } catch (IOException | RuntimeException e) {
        LOG.warn("{} failed; will retry", what, e);
      }
    }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    return executor;
  }

  private static void halt(Throwable cause) {
    LOG.error("stopping the NameNode at once: the edit log cannot promise durability", cause);
    Runtime.getRuntime().halt(70);
  }

  public int port() {
    return server.getPort();
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    SpinningEventLoops.shutdown(loops);
    background.forEach(ScheduledExecutorService::shutdownNow);
    try {
      for (ScheduledExecutorService b : background) {
        // A checkpoint or lease recovery under way uses the store: let it stop before the store closes.
        b.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handlers.shutdownNow();
    try {
      stack.editLog().awaitDurable(stack.editLog().lastTxid());
    } catch (IOException e) {
      LOG.error("final edit log sync failed", e);
    }
    stack.close();
    store.close();
  }
}
