package io.cairn.client.rpc;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.common.spin.BriefSpin;
import io.cairn.proto.BatchCall;
import io.cairn.proto.BatchRequest;
import io.cairn.proto.BatchResponse;
import io.cairn.proto.BatchResult;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Sends the short namespace calls that a client's threads make at the same time as batches
 * (ClientBatchProtocol). A call made while fewer than {@code maxInFlight} batches are in flight goes
 * at once; calls made while that many are in flight wait for one to be answered and then go
 * together. So one thread sees a plain round trip, and many threads share the transport's per-call
 * cost (framing, wake-ups, the NameNode's edit log sync) instead of each paying it. More than one
 * batch in flight lets the NameNode plan the next batch of mutations while the last one syncs.
 * Thread-safe.
 */
public final class CallBatcher {
  /** Sends one batch; the future fails with the call's StatusRuntimeException. */
  @FunctionalInterface
  public interface Sender {
    ListenableFuture<BatchResponse> send(BatchRequest request);
  }

  private record Pending(BatchCall call, CompletableFuture<BatchResult> result) {}

  private final Sender sender;
  private final BriefSpin spin = BriefSpin.create();
  private final int maxCalls;
  private final String target;
  private final Object lock = new Object();
  /** @GuardedBy("lock") */
  private List<Pending> queued = new ArrayList<>();
  private final int maxInFlight;
  /** @GuardedBy("lock") */
  private int inFlight;

  /**
   * @param maxCalls the most calls sent in one batch
   * @param maxInFlight the most batches awaiting their answer at once
   * @param target the NameNode's address, for errors
   */
  public CallBatcher(Sender sender, int maxCalls, int maxInFlight, String target) {
    this.sender = sender;
    this.maxCalls = maxCalls;
    this.maxInFlight = maxInFlight;
    this.target = target;
  }

  /** Sends {@code call} (alone or with others) and returns its result; its error as a CairnException. */
  public BatchResult call(BatchCall call) throws CairnException {
    Pending pending = new Pending(call, new CompletableFuture<>());
    List<Pending> batch = null;
    boolean alone;
    synchronized (lock) {
      alone = inFlight == 0 && queued.isEmpty();
      queued.add(pending);
      if (inFlight < maxInFlight) {
        inFlight++;
        batch = takeQueued();
      }
    }
    if (batch != null) {
      send(batch);
    }
    BatchResult result = await(pending.result(), alone);
    if (result.hasError()) {
      throw new CairnException(ErrorCode.fromName(result.getError().getCode()), result.getError().getMessage());
    }
    return result;
  }

  /** Calls waiting for the batch in flight to be answered. */
  int queuedCalls() {
    synchronized (lock) {
      return queued.size();
    }
  }

  /** @GuardedBy("lock") */
  private List<Pending> takeQueued() {
    if (queued.size() <= maxCalls) {
      List<Pending> all = queued;
      queued = new ArrayList<>();
      return all;
    }
    List<Pending> first = new ArrayList<>(queued.subList(0, maxCalls));
    queued = new ArrayList<>(queued.subList(maxCalls, queued.size()));
    return first;
  }

  private void send(List<Pending> batch) {
    BatchRequest.Builder request = BatchRequest.newBuilder();
    batch.forEach(p -> request.addCalls(p.call()));
    ListenableFuture<BatchResponse> answer;
    try {
      answer = sender.send(request.build());
    } catch (RuntimeException e) {
      answer = Futures.immediateFailedFuture(e);
    }
    Futures.addCallback(answer, new FutureCallback<>() {
      @Override
      public void onSuccess(BatchResponse response) {
        if (response.getResultsCount() != batch.size()) {
          failAll(batch, new CairnException(ErrorCode.INTERNAL, "the NameNode answered " + response.getResultsCount()
              + " of a batch of " + batch.size() + " calls"));
        } else {
          for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(response.getResults(i));
          }
        }
        sendNext();
      }

      @Override
      public void onFailure(Throwable failure) {
        failAll(batch, failure instanceof StatusRuntimeException sre ? ErrorStatus.fromStatus(sre, target)
            : new CairnException(ErrorCode.INTERNAL, "batch to " + target + " failed: " + failure, failure));
        sendNext();
      }
    }, MoreExecutors.directExecutor());
  }

  private static void failAll(List<Pending> batch, CairnException e) {
    batch.forEach(p -> p.result().completeExceptionally(e));
  }

  private void sendNext() {
    List<Pending> batch;
    synchronized (lock) {
      if (queued.isEmpty()) {
        inFlight--;
        return;
      }
      batch = takeQueued();
    }
    send(batch);
  }

  /**
   * @param alone whether the call went with nothing else of this batcher in flight: only then does
   *     the wait spin, since with company the caller waits behind other batches and spinning would
   *     only take a CPU from the threads handling them
   */
  private BatchResult await(CompletableFuture<BatchResult> result, boolean alone) throws CairnException {
    try {
      if (alone) {
        spin.until(result::isDone);
      }
      // Every batch carries the client's deadline, so the answer or its failure always comes.
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CairnException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the NameNode");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof CairnException ce) {
        // A fresh exception, so the stack shows this caller rather than the transport thread.
        throw new CairnException(ce.code(), ce.getMessage(), ce);
      }
      throw new CairnException(ErrorCode.INTERNAL, "batched call failed: " + e.getCause(), e.getCause());
    }
  }
}
