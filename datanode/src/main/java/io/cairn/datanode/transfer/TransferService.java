package io.cairn.datanode.transfer;

import io.cairn.datanode.storage.ReplicaStore;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-transfer server: owns the event loops (socket I/O only) and the disk threads that run the
 * exchanges. Uses the epoll transport when it is available, else NIO.
 */
public final class TransferService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TransferService.class);

  private final EventLoopGroup bossGroup;
  private final EventLoopGroup ioGroup;
  private final EventExecutorGroup diskGroup;
  private final Channel serverChannel;
  private final TransferStats stats;

  private TransferService(EventLoopGroup bossGroup, EventLoopGroup ioGroup, EventExecutorGroup diskGroup,
      Channel serverChannel, TransferStats stats) {
    this.bossGroup = bossGroup;
    this.ioGroup = ioGroup;
    this.diskGroup = diskGroup;
    this.serverChannel = serverChannel;
    this.stats = stats;
  }

  /** Binds and starts serving {@code store}. */
  public static TransferService start(TransferConfig config, ReplicaStore store) throws IOException {
    return start(config, store, ReplicaCopier.NONE);
  }

  /** Binds and starts serving {@code store}; TRANSFER_BLOCK requests copy through {@code copier}. */
  public static TransferService start(TransferConfig config, ReplicaStore store, ReplicaCopier copier)
      throws IOException {
    boolean epoll = Epoll.isAvailable();
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    Class<? extends ServerSocketChannel> serverClass =
        epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    Class<? extends SocketChannel> clientClass = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("dn-accept", true), io);
    EventLoopGroup workers = new MultiThreadIoEventLoopGroup(config.ioThreads(),
        new DefaultThreadFactory("dn-io", true), io);
    EventExecutorGroup disk = new DefaultEventExecutorGroup(config.diskThreads(),
        new DefaultThreadFactory("dn-disk", true));
    TransferStats stats = new TransferStats();
    TransferContext env = new TransferContext(store, stats, config, clientClass, copier);
    WriteBufferWaterMark watermarks = new WriteBufferWaterMark(config.writeBufferLowBytes(),
        config.writeBufferHighBytes());
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(serverClass)
        .option(ChannelOption.SO_BACKLOG, 1024)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, watermarks)
        .childOption(ChannelOption.MESSAGE_SIZE_ESTIMATOR, TransferSizeEstimator.INSTANCE)
        .childHandler(new TransferInitializer(env, disk));
    try {
      Channel ch = b.bind(new InetSocketAddress(config.bindHost(), config.port())).syncUninterruptibly().channel();
      LOG.info("data transfer listening on {} ({}, {} io threads, {} disk threads)", ch.localAddress(),
          epoll ? "epoll" : "nio", config.ioThreads(), config.diskThreads());
      return new TransferService(boss, workers, disk, ch, stats);
    } catch (RuntimeException e) {
      shutdown(boss, workers, disk);
      throw new IOException("cannot listen on " + config.bindHost() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  public TransferStats stats() {
    return stats;
  }

  @Override
  public void close() {
    serverChannel.close().syncUninterruptibly();
    // Channels close on their event loops, and a handler bound to a disk thread is removed on that
    // thread: the disk threads must outlive the event loops, or each removal is refused.
    shutdown(bossGroup, ioGroup);
    shutdown(diskGroup);
  }

  private static void shutdown(EventExecutorGroup... groups) {
    for (EventExecutorGroup g : groups) {
      g.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }
    for (EventExecutorGroup g : groups) {
      g.terminationFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
