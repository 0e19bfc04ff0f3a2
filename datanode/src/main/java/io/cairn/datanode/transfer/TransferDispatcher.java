package io.cairn.datanode.transfer;

import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.OpRequest;
import io.cairn.proto.TransferStatus;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one handler of a data-transfer connection: runs its exchanges one after the other. A
 * connection starts with its dispatcher on the event loop, where reads run: a read only opens the
 * replica and reads its checksums besides what sendfile does there anyway, so handing it to another
 * thread cost more (three wake-ups per request) than it could save. The first write or transfer
 * moves the dispatcher to a disk thread for the rest of the connection, since those write and
 * force files. A protocol error is answered with an OP_RESPONSE naming it, logged once, and the
 * connection closed.
 */
final class TransferDispatcher extends ChannelInboundHandlerAdapter implements ExchangeHost {
  private static final Logger LOG = LoggerFactory.getLogger(TransferDispatcher.class);

  /** The name of a connection's dispatcher once it moved to a disk thread. */
  private static final String DISK_DISPATCHER = "disk-dispatcher";

  /** How long a failed connection waits for its peer to close after the last frame. */
  private static final long LINGER_MS = 5_000;

  private final TransferContext env;
  private final ReadThrottle throttle;
  /** Where writes go; null once there (or when everything runs where it arrives, as in tests). */
  private final EventExecutorGroup diskGroup;
  private ChannelHandlerContext ctx;
  private Exchange current;
  private boolean failed;

  /** @param diskGroup where the connection moves at its first write; null to stay where it is */
  TransferDispatcher(TransferContext env, ReadThrottle throttle, EventExecutorGroup diskGroup) {
    this.env = env;
    this.throttle = throttle;
    this.diskGroup = diskGroup;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public ChannelHandlerContext ctx() {
    return ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!failed && current == null && diskGroup != null && writes(msg)) {
      moveToDiskThread(msg);
      return;
    }
    try {
      if (!failed) {
        dispatch(msg);
      }
    } catch (ProtocolException e) {
      fail(Statuses.error(e.status(), e.getMessage()), e.getMessage());
    } finally {
      ReferenceCountUtil.release(msg);
      throttle.handled();
    }
  }

  private static boolean writes(Object msg) {
    return msg instanceof OpRequest r
        && (r.getOpCase() == OpRequest.OpCase.WRITE_BLOCK || r.getOpCase() == OpRequest.OpCase.TRANSFER_BLOCK);
  }

  /**
   * Puts a dispatcher on a disk thread behind this one, hands it {@code request} (which it releases
   * and counts as handled), and leaves the pipeline. Frames read later go to the new dispatcher,
   * queued on its thread after this one, so the connection's order holds.
   */
  private void moveToDiskThread(Object request) {
    ChannelPipeline pipeline = ctx.pipeline();
    pipeline.addAfter(diskGroup, ctx.name(), DISK_DISPATCHER, new TransferDispatcher(env, throttle, null));
    ctx.fireChannelRead(request);
    pipeline.remove(this);
  }

  private void dispatch(Object msg) throws ProtocolException {
    switch (msg) {
      case OpRequest r -> {
        if (current != null) {
          throw ProtocolException.badRequest("OP_REQUEST while an exchange is in progress");
        }
        current = switch (r.getOpCase()) {
          case READ_BLOCK -> new ReadExchange(this, env, r.getReadBlock());
          case WRITE_BLOCK -> new WriteExchange(this, env, throttle, r.getWriteBlock());
          case TRANSFER_BLOCK -> new TransferExchange(this, env, r.getTransferBlock());
          case OP_NOT_SET -> throw ProtocolException.badRequest("OP_REQUEST names no operation");
        };
        current.start();
      }
      case Packet p -> {
        if (current == null) {
          throw ProtocolException.badRequest("PACKET outside a write");
        }
        current.onPacket(p);
      }
      default -> throw ProtocolException.badRequest("unexpected " + msg.getClass().getSimpleName()
          + " frame from the sender");
    }
  }

  @Override
  public void finished(Exchange e) {
    if (current == e) {
      current = null;
    }
  }

  @Override
  public void fail(Object lastFrame, String why) {
    if (failed) {
      ReferenceCountUtil.release(lastFrame);
      return;
    }
    failed = true;
    LOG.warn("data transfer with {} failed: {}", ctx.channel().remoteAddress(), why);
    abortCurrent();
    if (lastFrame != null) {
      ctx.writeAndFlush(lastFrame).addListener(f -> closeOncePeerHasRead());
    } else {
      ctx.close();
    }
  }

  /**
   * Ends the connection after its last frame so that the peer reads that frame: a plain close with
   * the peer's packets still unread here makes the kernel reset the connection, and a reset can
   * discard the frame before the peer reads it (an upstream node then saw "downstream failed"
   * where the tail had said "checksum mismatch"). So: half-close (the peer reads the frame, then the
   * end), keep reading and dropping what the peer still sends, and close when the peer does, or
   * after {@link #LINGER_MS}.
   */
  private void closeOncePeerHasRead() {
    Channel channel = ctx.channel();
    if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
      channel.close();
      return;
    }
    channel.config().setAutoRead(true);
    duplex.shutdownOutput();
    ctx.executor().schedule(() -> channel.close(), LINGER_MS, TimeUnit.MILLISECONDS);
  }

  private void abortCurrent() {
    Exchange e = current;
    current = null;
    if (e != null) {
      e.abort();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (current != null) {
      current.onWritabilityChanged();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (current != null && !failed) {
      LOG.info("{} closed the connection in the middle of an exchange", ctx.channel().remoteAddress());
    }
    failed = true;
    abortCurrent();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent) {
      if (current == null) {
        ctx.close();
      } else {
        fail(null, "no traffic for " + env.config().idleTimeoutMs() + " ms");
      }
    }
    ReferenceCountUtil.release(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof DecoderException) {
      fail(Statuses.error(statusOf(cause), describe(cause)), describe(cause));
    } else if (cause instanceof IOException) {
      if (!failed) {
        LOG.info("connection with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
      }
      failed = true;
      abortCurrent();
      ctx.close();
    } else {
      LOG.warn("unexpected failure serving {}", ctx.channel().remoteAddress(), cause);
      fail(Statuses.error(TransferStatus.IO_ERROR, "internal error: " + cause), "internal error");
    }
  }

  private static TransferStatus statusOf(Throwable cause) {
    return cause.getCause() instanceof ProtocolException p ? p.status() : TransferStatus.BAD_REQUEST;
  }

  private static String describe(Throwable cause) {
    return switch (cause) {
      case TooLongFrameException e -> "frame longer than the limit of " + DataTransfer.MAX_FRAME_BYTES
          + " bytes: " + e.getMessage();
      case CorruptedFrameException e -> "corrupt frame: " + e.getMessage();
      default -> cause.getCause() instanceof ProtocolException p ? p.getMessage() : String.valueOf(cause.getMessage());
    };
  }
}
