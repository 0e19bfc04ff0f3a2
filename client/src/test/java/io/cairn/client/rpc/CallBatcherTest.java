package io.cairn.client.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.util.concurrent.SettableFuture;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.testing.Conditions;
import io.cairn.proto.BatchCall;
import io.cairn.proto.BatchError;
import io.cairn.proto.BatchRequest;
import io.cairn.proto.BatchResponse;
import io.cairn.proto.BatchResult;
import io.cairn.proto.GetFileInfoRequest;
import io.cairn.proto.GetFileInfoResponse;
import io.cairn.proto.FileStatus;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls made while a batch is in flight wait and go together in the next one; each gets its own
 * result or error back; a failed batch fails each of its calls with the mapped error.
 */
class CallBatcherTest {
  private record Sent(BatchRequest request, SettableFuture<BatchResponse> answer) {}

  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final ExecutorService callers = Executors.newFixedThreadPool(4);

  @AfterEach
  void stop() {
    callers.shutdownNow();
  }

  private CallBatcher batcher(int maxCalls) {
    return batcher(maxCalls, 1);
  }

  private CallBatcher batcher(int maxCalls, int maxInFlight) {
    return new CallBatcher(request -> {
      SettableFuture<BatchResponse> answer = SettableFuture.create();
      sent.add(new Sent(request, answer));
      return answer;
    }, maxCalls, maxInFlight, "127.0.0.1:1");
  }

  private static BatchCall stat(String path) {
    return BatchCall.newBuilder().setGetFileInfo(GetFileInfoRequest.newBuilder().setPath(path)).build();
  }

  /** Answers every call of a batch with a status naming its path, or an error for "/bad". */
  private static BatchResponse answerFor(BatchRequest request) {
    BatchResponse.Builder out = BatchResponse.newBuilder();
    for (BatchCall call : request.getCallsList()) {
      String path = call.getGetFileInfo().getPath();
      out.addResults(path.equals("/bad")
          ? BatchResult.newBuilder().setError(BatchError.newBuilder().setCode("NOT_FOUND").setMessage(path + ": gone"))
          : BatchResult.newBuilder().setGetFileInfo(GetFileInfoResponse.newBuilder()
              .setStatus(FileStatus.newBuilder().setPath(path))));
    }
    return out.build();
  }

  private static String pathOf(BatchResult r) {
    return r.getGetFileInfo().getStatus().getPath();
  }

  @Test
  void callsQueuedBehindABatchInFlightGoTogetherAndEachGetsItsOwnAnswer() throws Exception {
    CallBatcher batcher = batcher(100);
    Future<BatchResult> first = callers.submit(() -> batcher.call(stat("/a")));
    Conditions.await("the first call is sent alone", Duration.ofSeconds(10), () -> sent.size() == 1);
    assertThat(sent.getFirst().request().getCallsCount()).isEqualTo(1);

    Future<BatchResult> second = callers.submit(() -> batcher.call(stat("/b")));
    Future<BatchResult> third = callers.submit(() -> batcher.call(stat("/c")));
    Future<BatchResult> bad = callers.submit(() -> batcher.call(stat("/bad")));
    // Nothing more goes out while the first batch is in flight.
    awaitQueued(batcher, 3);
    assertThat(sent).hasSize(1);
    sent.getFirst().answer().set(answerFor(sent.getFirst().request()));
    assertThat(pathOf(first.get(10, TimeUnit.SECONDS))).isEqualTo("/a");
    Conditions.await("the queued calls are sent as one batch", Duration.ofSeconds(10), () -> sent.size() == 2);
    assertThat(sent.get(1).request().getCallsList()).extracting(c -> c.getGetFileInfo().getPath())
        .containsExactlyInAnyOrder("/b", "/c", "/bad");
    sent.get(1).answer().set(answerFor(sent.get(1).request()));
    assertThat(pathOf(second.get(10, TimeUnit.SECONDS))).isEqualTo("/b");
    assertThat(pathOf(third.get(10, TimeUnit.SECONDS))).isEqualTo("/c");
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(CairnException.class)
        .cause().satisfies(e -> {
          assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.NOT_FOUND);
          assertThat(e).hasMessage("/bad: gone");
        });

    // With nothing in flight, the next call goes at once again.
    Future<BatchResult> later = callers.submit(() -> batcher.call(stat("/d")));
    Conditions.await("a lone call goes at once", Duration.ofSeconds(10), () -> sent.size() == 3);
    sent.get(2).answer().set(answerFor(sent.get(2).request()));
    assertThat(pathOf(later.get(10, TimeUnit.SECONDS))).isEqualTo("/d");
  }

  @Test
  void aBatchCarriesAtMostTheLimitAndTheRestFollow() throws Exception {
    CallBatcher batcher = batcher(2);
    Future<BatchResult> first = callers.submit(() -> batcher.call(stat("/0")));
    Conditions.await("the first call is sent", Duration.ofSeconds(10), () -> sent.size() == 1);
    List<Future<BatchResult>> queued = List.of(callers.submit(() -> batcher.call(stat("/1"))),
        callers.submit(() -> batcher.call(stat("/2"))), callers.submit(() -> batcher.call(stat("/3"))));
    awaitQueued(batcher, 3);
    for (int i = 0; i < 3; i++) {
      int n = i;
      Conditions.await("batch " + n + " is sent", Duration.ofSeconds(10), () -> sent.size() > n);
      sent.get(i).answer().set(answerFor(sent.get(i).request()));
    }
    assertThat(sent).extracting(s -> s.request().getCallsCount()).containsExactly(1, 2, 1);
    assertThat(pathOf(first.get(10, TimeUnit.SECONDS))).isEqualTo("/0");
    for (Future<BatchResult> f : queued) {
      assertThat(pathOf(f.get(10, TimeUnit.SECONDS))).startsWith("/");
    }
  }

  @Test
  void withTwoInFlightASecondCallGoesAtOnceAndTheThirdWaits() throws Exception {
    CallBatcher batcher = batcher(100, 2);
    Future<BatchResult> first = callers.submit(() -> batcher.call(stat("/a")));
    Conditions.await("the first call is sent", Duration.ofSeconds(10), () -> sent.size() == 1);
    Future<BatchResult> second = callers.submit(() -> batcher.call(stat("/b")));
    Conditions.await("the second is sent beside it", Duration.ofSeconds(10), () -> sent.size() == 2);
    Future<BatchResult> third = callers.submit(() -> batcher.call(stat("/c")));
    awaitQueued(batcher, 1);
    assertThat(sent).hasSize(2);
    sent.get(1).answer().set(answerFor(sent.get(1).request()));
    assertThat(pathOf(second.get(10, TimeUnit.SECONDS))).isEqualTo("/b");
    Conditions.await("the third follows the first answer", Duration.ofSeconds(10), () -> sent.size() == 3);
    sent.get(0).answer().set(answerFor(sent.get(0).request()));
    sent.get(2).answer().set(answerFor(sent.get(2).request()));
    assertThat(pathOf(first.get(10, TimeUnit.SECONDS))).isEqualTo("/a");
    assertThat(pathOf(third.get(10, TimeUnit.SECONDS))).isEqualTo("/c");
  }

  @Test
  void aFailedBatchFailsEachOfItsCallsAsTheTransportErrorMaps() throws Exception {
    CallBatcher batcher = batcher(100);
    Future<BatchResult> call = callers.submit(() -> batcher.call(stat("/a")));
    Conditions.await("the call is sent", Duration.ofSeconds(10), () -> sent.size() == 1);
    sent.getFirst().answer().setException(Status.UNAVAILABLE.withDescription("connection refused")
        .asRuntimeException());
    assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).cause().isInstanceOf(CairnException.class)
        .satisfies(e -> assertThat(((CairnException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:1");
  }

  private static void awaitQueued(CallBatcher batcher, int n) throws Exception {
    Conditions.await(n + " calls queued", Duration.ofSeconds(10), () -> batcher.queuedCalls() == n);
  }
}
