package io.cairn.common.spin;

import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * gRPC's Netty event loops with {@link SpinningSelectStrategy}, where epoll is there (Linux);
 * elsewhere {@link #available()} is false and callers keep gRPC's own loops.
 */
public final class SpinningEventLoops {
  private SpinningEventLoops() {}

  public static boolean available() {
    return Epoll.isAvailable() && BriefSpin.MAX_NANOS > 0;
  }

  /** Daemon threads named {@code name-N}. */
  public static EventLoopGroup group(String name, int threads) {
    return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true),
        EpollIoHandler.newFactory(0, SpinningSelectStrategy.factory()));
  }

  /** Shuts {@code groups} down, waiting a little for each; for servers whose own groups outlive them. */
  public static void shutdown(List<EventLoopGroup> groups) {
    for (EventLoopGroup g : groups) {
      g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }

  public static Class<? extends ServerChannel> serverChannel() {
    return EpollServerSocketChannel.class;
  }

  public static Class<? extends Channel> clientChannel() {
    return EpollSocketChannel.class;
  }
}
