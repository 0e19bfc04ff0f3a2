package io.cairn.datanode.transfer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** On the event loop, in front of the dispatcher: counts each frame it hands on, for the {@link ReadThrottle}. */
final class BacklogCounter extends ChannelInboundHandlerAdapter {
  private final ReadThrottle throttle;

  BacklogCounter(ReadThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    throttle.queued();
    ctx.fireChannelRead(msg);
  }
}
