package io.cairn.datanode.testing;

import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.BlockReportResponse;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeProtocolGrpc;
import io.cairn.proto.HeartbeatRequest;
import io.cairn.proto.HeartbeatResponse;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.IncrementalBlockReportResponse;
import io.cairn.proto.RegisterDatanodeRequest;
import io.cairn.proto.RegisterDatanodeResponse;
import io.grpc.Contexts;
import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real gRPC server playing the NameNode's side of DatanodeProtocol: records every request (with the
 * caller's user) and answers heartbeats with queued commands.
 */
public final class RecordingNameNode extends DatanodeProtocolGrpc.DatanodeProtocolImplBase implements AutoCloseable {
  /** One request as received, with the user header it came with. */
  public record Call(String user, Object request) {}

  private static final Context.Key<String> USER = Context.key("user");

  private final Server server;
  // @GuardedBy("this")
  private final List<Call> calls = new ArrayList<>();
  // @GuardedBy("this")
  private final Map<String, Queue<DatanodeCommand>> commands = new HashMap<>();
  // @GuardedBy("this")
  private boolean reregister;

  public RecordingNameNode(int port) throws IOException {
    ServerInterceptor user = new ServerInterceptor() {
      @Override
      public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
          ServerCallHandler<Q, R> next) {
        return Contexts.interceptCall(Context.current().withValue(USER, headers.get(CallerIdentity.USER_HEADER)),
            call, headers, next);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
        .addService(ServerInterceptors.intercept(this, user)).build().start();
  }

  public int port() {
    return server.getPort();
  }

  public String address() {
    return "127.0.0.1:" + port();
  }

  /** The next heartbeat answer to the DataNode {@code uuid} carries {@code c}. */
  public synchronized void queueCommand(String uuid, DatanodeCommand c) {
    commands.computeIfAbsent(uuid, k -> new ArrayDeque<>()).add(c);
  }

  /** The next heartbeat answer asks to register again. */
  public synchronized void askToReregister() {
    reregister = true;
  }

  private synchronized void record(Object request) {
    calls.add(new Call(USER.get(), request));
    notifyAll();
  }

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits up to 20 s until {@code probe} over the calls so far gives non-null; returns it. */
  public synchronized <T> T await(Function<List<Call>, T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    T found;
    while ((found = probe.apply(calls)) == null) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("the NameNode never saw what the test waited for; calls: " + calls.size());
      }
      wait(left);
    }
    return found;
  }

  @Override
  public void register(RegisterDatanodeRequest request, StreamObserver<RegisterDatanodeResponse> out) {
    record(request);
    out.onNext(RegisterDatanodeResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void heartbeat(HeartbeatRequest request, StreamObserver<HeartbeatResponse> out) {
    HeartbeatResponse.Builder b = HeartbeatResponse.newBuilder();
    synchronized (this) {
      Queue<DatanodeCommand> queued = commands.remove(request.getUuid());
      if (queued != null) {
        b.addAllCommands(queued);
      }
      b.setReregister(reregister);
      reregister = false;
    }
    record(request);
    out.onNext(b.build());
    out.onCompleted();
  }

  @Override
  public void blockReport(BlockReportRequest request, StreamObserver<BlockReportResponse> out) {
    record(request);
    out.onNext(BlockReportResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void incrementalBlockReport(IncrementalBlockReportRequest request,
      StreamObserver<IncrementalBlockReportResponse> out) {
    record(request);
    out.onNext(IncrementalBlockReportResponse.getDefaultInstance());
    out.onCompleted();
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
  }
}
