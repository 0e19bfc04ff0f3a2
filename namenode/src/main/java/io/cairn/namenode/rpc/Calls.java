package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.namenode.namespace.Caller;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
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

  static <R> void unary(String method, StreamObserver<R> observer, Body<R> body) {
    R reply;
    try {
      reply = body.run(CallerInterceptor.CALLER.get());
    } catch (CairnException e) {
      observer.onError(ErrorStatus.toStatus(e));
      return;
    } catch (Exception | Error e) {
      LOG.error("{} failed unexpectedly", method, e);
      observer.onError(Status.INTERNAL.withDescription(method + " failed on the NameNode: " + e).asRuntimeException());
      if (e instanceof Error err && !(err instanceof StackOverflowError)) {
        throw err;
      }
      return;
    }
    observer.onNext(reply);
    observer.onCompleted();
  }
}
