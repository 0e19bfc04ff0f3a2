package io.cairn.datanode.transfer;

import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PipelineAck;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The connection from a DataNode to the next one of a write pipeline. It shares the upstream
 * connection's event loop, and its handler runs on the upstream connection's disk thread, so the
 * write exchange sees every event on one thread. After the first failure it reports nothing more.
 */
final class Downstream {
  /** Events of the downstream connection, on the upstream connection's disk thread. */
  interface Listener {
    void onDownstreamResponse(OpResponse response);

    void onDownstreamAck(PipelineAck ack);

    /** Connect failed, the connection closed or broke, or the peer sent nonsense. */
    void onDownstreamFailure(String why);

    /** Nothing arrived from downstream for the ack timeout. */
    void onDownstreamIdle();

    void onDownstreamWritable(boolean writable);
  }

  private final DatanodeInfo target;
  private final Listener listener;
  private Channel channel;
  private boolean closed;

  private Downstream(DatanodeInfo target, Listener listener) {
    this.target = target;
    this.listener = listener;
  }

  /** Connects to {@code target} and sends it {@code request}; the answer comes to {@code listener}. */
  static Downstream connect(ExchangeHost host, TransferContext env, DatanodeInfo target, OpRequest request,
      Listener listener) {
    EventExecutor disk = host.ctx().executor();
    Downstream d = new Downstream(target, listener);
    TransferConfig cfg = env.config();
    Bootstrap b = new Bootstrap()
        .group(host.ctx().channel().eventLoop())
        .channel(env.channelClass())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, cfg.connectTimeoutMs())
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(cfg.writeBufferLowBytes(), cfg.writeBufferHighBytes()))
        .option(ChannelOption.MESSAGE_SIZE_ESTIMATOR, TransferSizeEstimator.INSTANCE)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new IdleStateHandler(cfg.ackTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS),
                FrameParser.frameDecoder(), new FrameParser(), FrameEncoder.INSTANCE);
            ch.pipeline().addLast(disk, "downstream", d.new Handler());
          }
        });
    b.connect(target.getHost(), target.getDataPort())
        .addListener((ChannelFuture f) -> disk.execute(() -> d.connected(f, request)));
    return d;
  }

  private void connected(ChannelFuture f, OpRequest request) {
    if (closed) {
      f.channel().close();
    } else if (!f.isSuccess()) {
      fail("cannot connect to " + describe() + ": " + f.cause().getMessage());
    } else {
      channel = f.channel();
      channel.writeAndFlush(request);
    }
  }

  DatanodeInfo target() {
    return target;
  }

  String describe() {
    return target.getUuid() + " (" + target.getHost() + ":" + target.getDataPort() + ")";
  }

  /** Sends {@code packet} on (retaining it); returns whether the connection can take more at once. */
  boolean forward(Packet packet) {
    if (closed || channel == null) {
      return true;
    }
    channel.writeAndFlush(packet.retain());
    return channel.isWritable();
  }

  void close() {
    closed = true;
    if (channel != null) {
      channel.close();
    }
  }

  private void fail(String why) {
    if (!closed) {
      close();
      listener.onDownstreamFailure(why);
    }
  }

  /** On the upstream connection's disk thread. */
  private final class Handler extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (closed) {
          return;
        }
        switch (msg) {
          case OpResponse r -> listener.onDownstreamResponse(r);
          case PipelineAck a -> listener.onDownstreamAck(a);
          default -> fail(describe() + " sent an unexpected " + msg.getClass().getSimpleName());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      fail(describe() + " closed the connection");
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (!closed) {
        listener.onDownstreamWritable(ctx.channel().isWritable());
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent && !closed) {
        listener.onDownstreamIdle();
      }
      ReferenceCountUtil.release(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      fail(describe() + ": " + cause.getMessage());
    }
  }
}
