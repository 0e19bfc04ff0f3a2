package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.namenode.namespace.Caller;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one unary call: expected failures become their status, anything else is logged once as a bug. */
final class Calls {
  private static final Logger LOG = LoggerFactory.getLogger(Calls.class);

  private Calls() {}

  @FunctionalInterface
  interface Body<R> {
    R run(Caller caller) throws Exception;
  }

  @FunctionalInterface
  interface AsyncBody<R> {
    CompletableFuture<R> run(Caller caller) throws Exception;
  }

  static <R> void unary(String method, StreamObserver<R> observer, Body<R> body) {
    async(method, observer, caller -> CompletableFuture.completedFuture(body.run(caller)));
  }

  /** As {@link #unary}, on {@code executor}: for calls that may take long, off the transport's threads. */
  static <R> void offloaded(Executor executor, String method, StreamObserver<R> observer, Body<R> body) {
    executor.execute(Context.current().wrap(() -> unary(method, observer, body)));
  }

  /**
   * A call whose body returns at once with a future (a mutation waiting for the edit log); the
   * answer goes out from whichever thread completes it.
   */
  static <R> void async(String method, StreamObserver<R> observer, AsyncBody<R> body) {
    CompletableFuture<R> reply;
    try {
      reply = body.run(CallerInterceptor.CALLER.get());
    } catch (Exception | Error e) {
      fail(method, observer, e);
      if (e instanceof Error err && !(err instanceof StackOverflowError)) {
        throw err;
      }
      return;
    }
    reply.whenComplete((r, failure) -> {
      if (failure != null) {
        fail(method, observer, cause(failure));
      } else {
        answer(observer, r);
      }
    });
  }

  /** What a future failed with, without the CompletionException that dependent stages wrap it in. */
  static Throwable cause(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
  }

  /** Sends one message of a server-streaming answer, waiting while the caller cannot take more. */
  @FunctionalInterface
  interface Sender<R> {
    void send(R message) throws CairnException;
  }

  @FunctionalInterface
  interface StreamBody<R> {
    /** Sends messages through {@code sender} and returns the last one. */
    R run(Caller caller, Sender<R> sender) throws Exception;
  }

  /**
   * A server-streaming call run where it arrived (the handler pool: it may take long). Each message
   * waits until gRPC's flow control says the caller can take it, so a slow reader holds back the
   * producer instead of filling the heap; a caller that goes away ends the call.
   */
  static <R> void stream(String method, StreamObserver<R> observer, StreamBody<R> body) {
    ServerCallStreamObserver<R> call = (ServerCallStreamObserver<R>) observer;
    Sender<R> sender = message -> {
      // The call's own callbacks are serialised behind this one, so poll readiness rather than wait for onReady.
      while (!call.isReady()) {
        if (call.isCancelled()) {
          throw new CairnException(ErrorCode.UNAVAILABLE, method + ": the caller went away");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
      }
      call.onNext(message);
    };
    unary(method, observer, caller -> body.run(caller, sender));
  }

  private static <R> void answer(StreamObserver<R> observer, R reply) {
    try {
      observer.onNext(reply);
      observer.onCompleted();
    } catch (StatusRuntimeException e) {
      // The caller went away (cancelled, deadline passed) before the answer was ready.
      LOG.debug("answer not sent: {}", e.getStatus());
    }
  }

  private static void fail(String method, StreamObserver<?> observer, Throwable e) {
    try {
      if (e instanceof CairnException ce) {
        observer.onError(ErrorStatus.toStatus(ce));
        return;
      }
      LOG.error("{} failed unexpectedly", method, e);
      observer.onError(Status.INTERNAL.withDescription(method + " failed on the NameNode: " + e).asRuntimeException());
    } catch (StatusRuntimeException gone) {
      LOG.debug("error not sent: {}", gone.getStatus());
    }
  }
}
