package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.proto.BatchCall;
import io.cairn.proto.BatchError;
import io.cairn.proto.BatchRequest;
import io.cairn.proto.BatchResponse;
import io.cairn.proto.BatchResult;
import io.cairn.proto.ClientBatchProtocolGrpc;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ClientBatchProtocol: runs each call of a batch as its single call would run (on the transport
 * thread; mutations answered once durable) and answers them together, each with its own result or
 * error. A batch's mutations are planned under one hold of the write lock and share one sync of
 * the edit log.
 */
public final class BatchService extends ClientBatchProtocolGrpc.ClientBatchProtocolImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);

  /**
   * The most calls of a batch run under one hold of the namespace write lock: enough to share a
   * sync, few enough that other clients' calls wait at most a few milliseconds for the lock.
   */
  static final int CALLS_PER_LOCK_HOLD = 64;

  private final Namesystem ns;
  private final NamespaceCalls calls;
  private final int maxCalls;

  /** @param maxCalls the most calls one batch may carry */
  public BatchService(Namesystem ns, int maxCalls) {
    this.ns = ns;
    this.calls = new NamespaceCalls(ns);
    this.maxCalls = maxCalls;
  }

  @Override
  public void batch(BatchRequest req, StreamObserver<BatchResponse> out) {
    Calls.async("batch", out, caller -> {
      if (req.getCallsCount() > maxCalls) {
        throw CairnException.invalidArgument("a batch may carry at most " + maxCalls + " calls, not "
            + req.getCallsCount());
      }
      List<CompletableFuture<BatchResult>> results = new ArrayList<>(req.getCallsCount());
      List<BatchCall> all = req.getCallsList();
      for (int from = 0; from < all.size(); from += CALLS_PER_LOCK_HOLD) {
        List<BatchCall> chunk = all.subList(from, Math.min(all.size(), from + CALLS_PER_LOCK_HOLD));
        if (chunk.stream().anyMatch(BatchService::mutates)) {
          ns.inOneSync(() -> {
            chunk.forEach(call -> results.add(run(caller, call)));
            return null;
          });
        } else {
          chunk.forEach(call -> results.add(run(caller, call)));
        }
      }
      return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
        BatchResponse.Builder reply = BatchResponse.newBuilder();
        results.forEach(r -> reply.addResults(r.join()));
        return reply.build();
      });
    });
  }

  /** Reads run without the write lock: read-only batches of many clients then run side by side. */
  private static boolean mutates(BatchCall call) {
    return switch (call.getCallCase()) {
      case GET_FILE_INFO, GET_LISTING, CALL_NOT_SET -> false;
      case MKDIRS, CREATE, COMPLETE, RENAME, DELETE, SET_PERMISSION, SET_OWNER, SET_TIMES -> true;
    };
  }

  /** One call's result; never fails: what the call failed with becomes its error result. */
  private CompletableFuture<BatchResult> run(Caller caller, BatchCall call) {
    CompletableFuture<BatchResult> result;
    try {
      result = switch (call.getCallCase()) {
        case MKDIRS -> calls.mkdirs(caller, call.getMkdirs()).thenApply(r -> BatchResult.newBuilder().setMkdirs(r)
            .build());
        case CREATE -> calls.create(caller, call.getCreate()).thenApply(r -> BatchResult.newBuilder().setCreate(r)
            .build());
        case COMPLETE -> calls.complete(caller, call.getComplete()).thenApply(r -> BatchResult.newBuilder()
            .setComplete(r).build());
        case GET_FILE_INFO -> calls.getFileInfo(caller, call.getGetFileInfo()).thenApply(r -> BatchResult.newBuilder()
            .setGetFileInfo(r).build());
        case GET_LISTING -> calls.getListing(caller, call.getGetListing()).thenApply(r -> BatchResult.newBuilder()
            .setGetListing(r).build());
        case RENAME -> calls.rename(caller, call.getRename()).thenApply(r -> BatchResult.newBuilder().setRename(r)
            .build());
        case DELETE -> calls.delete(caller, call.getDelete()).thenApply(r -> BatchResult.newBuilder().setDelete(r)
            .build());
        case SET_PERMISSION -> calls.setPermission(caller, call.getSetPermission()).thenApply(r -> BatchResult
            .newBuilder().setSetPermission(r).build());
        case SET_OWNER -> calls.setOwner(caller, call.getSetOwner()).thenApply(r -> BatchResult.newBuilder()
            .setSetOwner(r).build());
        case SET_TIMES -> calls.setTimes(caller, call.getSetTimes()).thenApply(r -> BatchResult.newBuilder()
            .setSetTimes(r).build());
        case CALL_NOT_SET -> throw CairnException.invalidArgument("a batched call names no operation");
      };
    } catch (Exception | StackOverflowError e) {
      return CompletableFuture.completedFuture(error(call, e));
    }
    return result.exceptionally(failure -> error(call, Calls.cause(failure)));
  }

  private static BatchResult error(BatchCall call, Throwable e) {
    CairnException ce;
    if (e instanceof CairnException c) {
      ce = c;
    } else {
      LOG.error("batched {} failed unexpectedly", call.getCallCase(), e);
      ce = new CairnException(ErrorCode.INTERNAL, call.getCallCase() + " failed on the NameNode: " + e);
    }
    return BatchResult.newBuilder().setError(BatchError.newBuilder().setCode(ce.code().name())
        .setMessage(ce.getMessage() == null ? "" : ce.getMessage())).build();
  }
}
