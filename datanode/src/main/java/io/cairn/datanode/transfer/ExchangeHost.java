package io.cairn.datanode.transfer;

import io.netty.channel.ChannelHandlerContext;

/**
 * What an exchange may do to its connection. Called on the dispatcher's thread only: the event loop
 * until the connection's first write or transfer, a disk thread from then on.
 */
interface ExchangeHost {
  /** The context of the dispatcher; writes through it complete their futures on the dispatcher's thread. */
  ChannelHandlerContext ctx();

  /** {@code e} is complete: the connection takes the next request. */
  void finished(Exchange e);

  /** Ends the exchange and the connection: sends {@code lastFrame} when not null, logs {@code why} once, closes. */
  void fail(Object lastFrame, String why);
}
