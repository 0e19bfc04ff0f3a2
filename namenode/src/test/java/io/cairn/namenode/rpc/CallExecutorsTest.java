package io.cairn.namenode.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.ClientProtocolGrpc;
import io.cairn.proto.DatanodeProtocolGrpc;
import io.grpc.Attributes;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** Which calls stay on the transport thread and which move to the handler pool. */
class CallExecutorsTest {
  private final Executor pool = Runnable::run;
  private final CallExecutors executors = new CallExecutors(pool);

  @Test
  void shortClientCallsStayOnTheTransportThread() {
    for (MethodDescriptor<?, ?> m : List.of(ClientProtocolGrpc.getMkdirsMethod(),
        ClientProtocolGrpc.getCreateMethod(), ClientProtocolGrpc.getCompleteMethod(),
        ClientProtocolGrpc.getGetFileInfoMethod(), ClientProtocolGrpc.getGetListingMethod(),
        ClientProtocolGrpc.getRenameMethod(), ClientProtocolGrpc.getDeleteMethod(),
        ClientProtocolGrpc.getGetBlockLocationsMethod())) {
      assertThat(executors.getExecutor(callOf(m), new Metadata())).as(m.getFullMethodName()).isNull();
    }
  }

  @Test
  void callsThatMayWaitOnTheBlockManagerOrWalkATreeGoToThePool() {
    for (MethodDescriptor<?, ?> m : List.of(ClientProtocolGrpc.getGetContentSummaryMethod(),
        ClientProtocolGrpc.getAddBlockMethod(),
        ClientProtocolGrpc.getSetReplicationMethod(), ClientProtocolGrpc.getAppendMethod(),
        DatanodeProtocolGrpc.getBlockReportMethod(), AdminProtocolGrpc.getCheckpointMethod())) {
      assertThat(executors.getExecutor(callOf(m), new Metadata())).as(m.getFullMethodName()).isSameAs(pool);
    }
  }

  private static <Q, R> ServerCall<Q, R> callOf(MethodDescriptor<Q, R> method) {
    return new ServerCall<>() {
      @Override
      public void request(int numMessages) {}

      @Override
      public void sendHeaders(Metadata headers) {}

      @Override
      public void sendMessage(R message) {}

      @Override
      public void close(Status status, Metadata trailers) {}

      @Override
      public boolean isCancelled() {
        return false;
      }

      @Override
      public Attributes getAttributes() {
        return Attributes.EMPTY;
      }

      @Override
      public MethodDescriptor<Q, R> getMethodDescriptor() {
        return method;
      }
    };
  }
}
