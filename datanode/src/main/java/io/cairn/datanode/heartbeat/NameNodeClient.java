package io.cairn.datanode.heartbeat;

import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.DatanodeProtocolGrpc;
import io.cairn.proto.HeartbeatRequest;
import io.cairn.proto.HeartbeatResponse;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.RegisterDatanodeResponse;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/**
 * DatanodeProtocol calls to the NameNode over plaintext gRPC, each with a deadline and the
 * {@code cairn-user} header. Failures surface as gRPC's StatusRuntimeException. Thread-safe.
 */
final class NameNodeClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final DatanodeProtocolGrpc.DatanodeProtocolBlockingStub stub;
  private final long deadlineMs;

  NameNodeClient(String host, int port, String user, long deadlineMs) {
    Metadata headers = new Metadata();
    headers.put(CallerIdentity.USER_HEADER, user);
    this.channel = NettyChannelBuilder.forAddress(host, port)
        .usePlaintext()
        .maxInboundMessageSize(64 << 20)
        .intercept(MetadataUtils.newAttachHeadersInterceptor(headers))
        .build();
    this.stub = DatanodeProtocolGrpc.newBlockingStub(channel);
    this.deadlineMs = deadlineMs;
  }

  private DatanodeProtocolGrpc.DatanodeProtocolBlockingStub call() {
    return stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS);
  }

  RegisterDatanodeResponse register(RegisterDatanodeRequest request) {
    return call().register(request);
  }

  HeartbeatResponse heartbeat(HeartbeatRequest request) {
    return call().heartbeat(request);
  }

  void blockReport(BlockReportRequest request) {
    call().blockReport(request);
  }

  void incrementalReport(IncrementalBlockReportRequest request) {
    call().incrementalBlockReport(request);
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow();
    channel.awaitTermination(5, TimeUnit.SECONDS);
  }
}
