package io.cairn.namenode.rpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import java.util.concurrent.Executor;

/**
 * Chooses where each call runs, for a server whose default executor is direct: the short
 * ClientProtocol calls stay on the transport thread that decoded them (no hand-off to a handler
 * thread and back, which on a small machine costs more CPU than the call itself); everything else
 * moves to the handler pool.
 */
public final class CallExecutors implements ServerCallExecutorSupplier {
  private final Executor handlers;

  public CallExecutors(Executor handlers) {
    this.handlers = handlers;
  }

  @Override
  public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
    return ClientProtocolService.ON_TRANSPORT_THREAD.contains(call.getMethodDescriptor().getFullMethodName())
        ? null : handlers;
  }
}
