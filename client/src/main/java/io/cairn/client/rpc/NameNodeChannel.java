package io.cairn.client.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.spin.SpinningEventLoops;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import java.util.concurrent.TimeUnit;

/** A gRPC channel to one NameNode that stamps every call with the caller's user name. */
public final class NameNodeChannel implements AutoCloseable {
  /** The process's event loops for NameNode channels, made on first use, daemon threads that live as long. */
  private static final class SharedLoops {
    static final EventLoopGroup GROUP = SpinningEventLoops.group("cairn-namenode-channel", 0);
  }

  private final ManagedChannel managed;
  private final Channel channel;
  private final String target;
  private final String user;

  private NameNodeChannel(ManagedChannel managed, Channel channel, String target, String user) {
    this.managed = managed;
    this.channel = channel;
    this.target = target;
    this.user = user;
  }

  /** {@code address} is "host:port". */
  public static NameNodeChannel open(String address, String user) throws CairnException {
    HostPort hp = HostPort.parse(address);
    if (!CallerIdentity.isValidName(user)) {
      throw CairnException.invalidArgument("'" + CairnException.printable(user) + "' is not a valid user name (set by"
          + " CAIRN_USER or HADOOP_USER_NAME, else the OS user; no blanks, control characters or ':')");
    }
    NettyChannelBuilder builder = NettyChannelBuilder.forAddress(hp.host(), hp.port());
    if (SpinningEventLoops.available()) {
      builder.eventLoopGroup(SharedLoops.GROUP).channelType(SpinningEventLoops.clientChannel());
    }
    ManagedChannel managed = builder
        .usePlaintext()
        // Answers are handled where they arrive: no callback here blocks (blocking stubs wait on
        // their own thread regardless), and a hand-off per answer costs more than the handling.
        .directExecutor()
        .maxInboundMessageSize(64 << 20)
        .build();
    Metadata headers = new Metadata();
    headers.put(CallerIdentity.USER_HEADER, user);
    Channel stamped = ClientInterceptors.intercept(managed, MetadataUtils.newAttachHeadersInterceptor(headers));
    return new NameNodeChannel(managed, stamped, hp.toString(), user);
  }

  public Channel channel() {
    return channel;
  }

  public String target() {
    return target;
  }

  public String user() {
    return user;
  }

  @Override
  public void close() {
    managed.shutdown();
    try {
      if (!managed.awaitTermination(2, TimeUnit.SECONDS)) {
        managed.shutdownNow();
      }
    } catch (InterruptedException e) {
      managed.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
