package io.cairn.namenode.rpc;

import io.cairn.namenode.editlog.EditLog;
import io.cairn.namenode.namespace.PermissionChecker;
import io.cairn.namenode.namesystem.Checkpointer;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.CheckpointRequest;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.GetStatusResponse;
import io.grpc.stub.StreamObserver;

/** AdminProtocol over gRPC; checkpoints are for the superuser only. */
public final class AdminProtocolService extends AdminProtocolGrpc.AdminProtocolImplBase {
  private final Checkpointer checkpointer;
  private final EditLog editLog;
  private final String superuser;

  public AdminProtocolService(Checkpointer checkpointer, EditLog editLog, String superuser) {
    this.checkpointer = checkpointer;
    this.editLog = editLog;
    this.superuser = superuser;
  }

  @Override
  public void checkpoint(CheckpointRequest req, StreamObserver<CheckpointResponse> out) {
    Calls.unary("checkpoint", out, caller -> {
      if (!caller.superuser()) {
        throw PermissionChecker.superuserOnly(caller, "a checkpoint");
      }
      return checkpointer.checkpoint();
    });
  }

  @Override
  public void getStatus(GetStatusRequest req, StreamObserver<GetStatusResponse> out) {
    Calls.unary("getStatus", out, caller -> {
      Runtime rt = Runtime.getRuntime();
      return GetStatusResponse.newBuilder()
          .setLastTxid(editLog.lastTxid())
          .setFirstRetainedTxid(editLog.firstRetainedTxid())
          .setLastCheckpointTxid(checkpointer.lastCheckpointTxid())
          .setHeapUsedBytes(rt.totalMemory() - rt.freeMemory())
          .setHeapMaxBytes(rt.maxMemory())
          .setSuperuser(superuser)
          .build();
    });
  }
}
