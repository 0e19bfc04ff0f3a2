package io.cairn.datanode.transfer;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutorGroup;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of an accepted connection, on the event loop: idle timeout, frame decoder (length
 * field), {@link FrameParser}, {@link FrameEncoder}, {@link BacklogCounter}, {@link
 * TransferDispatcher}. The dispatcher moves to a disk thread from {@code diskGroup} (one per
 * connection, so its exchanges run in order and may block on the disk) at the connection's first
 * write.
 */
final class TransferInitializer extends ChannelInitializer<SocketChannel> {
  private static final Logger LOG = LoggerFactory.getLogger(TransferInitializer.class);

  private final TransferContext env;
  private final EventExecutorGroup diskGroup;

  TransferInitializer(TransferContext env, EventExecutorGroup diskGroup) {
    this.env = env;
    this.diskGroup = diskGroup;
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    int open = env.stats().connectionOpened();
    ch.closeFuture().addListener(f -> env.stats().connectionClosed());
    if (open > env.config().maxConnections()) {
      LOG.warn("refusing a connection from {}: {} connections are open (the limit is {})", ch.remoteAddress(),
          open - 1, env.config().maxConnections());
      ch.close();
      return;
    }
    addHandlers(ch.pipeline(), env, diskGroup, new ReadThrottle(ch));
  }

  /** The handlers of a server-side connection; {@code diskGroup} null keeps writes on the event loop too (tests). */
  static void addHandlers(ChannelPipeline p, TransferContext env, EventExecutorGroup diskGroup,
      ReadThrottle throttle) {
    p.addLast("idle", new IdleStateHandler(0, 0, env.config().idleTimeoutMs(), TimeUnit.MILLISECONDS));
    p.addLast("frames", FrameParser.frameDecoder());
    p.addLast("parser", new FrameParser());
    p.addLast("encoder", FrameEncoder.INSTANCE);
    p.addLast("backlog", new BacklogCounter(throttle));
    p.addLast("dispatcher", new TransferDispatcher(env, throttle, diskGroup));
  }
}
