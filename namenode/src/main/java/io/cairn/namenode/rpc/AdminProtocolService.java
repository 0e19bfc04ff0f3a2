package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.block.SafeMode;
import io.cairn.namenode.editlog.EditLog;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.PermissionChecker;
import io.cairn.namenode.namesystem.BlockManager;
import io.cairn.namenode.namesystem.Decommissions;
import io.cairn.namenode.namesystem.Checkpointer;
import io.cairn.namenode.namesystem.Fsck;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.CheckpointRequest;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.DecommissionRequest;
import io.cairn.proto.DecommissionResponse;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckResponse;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.GetStatusResponse;
import io.cairn.proto.RecommissionRequest;
import io.cairn.proto.RecommissionResponse;
import io.cairn.proto.SafeModeRequest;
import io.cairn.proto.SafeModeResponse;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AdminProtocol over gRPC. Checkpoints, fsck, entering or leaving safe mode and decommissioning are
 * for the superuser only. None of these calls is on the transport threads: fsck walks a tree.
 */
public final class AdminProtocolService extends AdminProtocolGrpc.AdminProtocolImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(AdminProtocolService.class);

  private final Checkpointer checkpointer;
  private final EditLog editLog;
  private final String superuser;
  private final BlockManager blocks;
  private final Fsck fsck;
  private final Decommissions decommissions;

  public AdminProtocolService(Checkpointer checkpointer, EditLog editLog, String superuser, BlockManager blocks,
      Fsck fsck, Decommissions decommissions) {
    this.decommissions = decommissions;
    this.checkpointer = checkpointer;
    this.editLog = editLog;
    this.superuser = superuser;
    this.blocks = blocks;
    this.fsck = fsck;
  }

  @Override
  public void checkpoint(CheckpointRequest req, StreamObserver<CheckpointResponse> out) {
    Calls.unary("checkpoint", out, caller -> {
      requireSuperuser(caller, "a checkpoint");
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

  @Override
  public void safeMode(SafeModeRequest req, StreamObserver<SafeModeResponse> out) {
    Calls.unary("safeMode", out, caller -> {
      SafeMode safeMode = blocks.safeMode();
      switch (req.getAction()) {
        case SAFE_MODE_GET -> { }
        case SAFE_MODE_ENTER -> {
          requireSuperuser(caller, "entering safe mode");
          safeMode.enter();
          LOG.info("safe mode entered by {}", caller.user());
        }
        case SAFE_MODE_LEAVE -> {
          requireSuperuser(caller, "leaving safe mode");
          safeMode.leave();
          LOG.info("safe mode left by {}", caller.user());
        }
        default -> throw CairnException.invalidArgument("unknown safe mode action " + req.getActionValue());
      }
      return SafeModeResponse.newBuilder().setOn(safeMode.isOn()).setStatus(safeMode.status())
          .setTotalBlocks(safeMode.totalBlocks()).setSafeBlocks(safeMode.safeBlocks()).build();
    });
  }

  @Override
  public void fsck(FsckRequest req, StreamObserver<FsckResponse> out) {
    Calls.stream("fsck", out, (caller, sender) -> {
      requireSuperuser(caller, "fsck");
      CairnPath path = CairnPath.parse(req.getPath().isEmpty() ? "/" : req.getPath());
      var summary = fsck.run(path, req, files -> sender.send(FsckResponse.newBuilder().addAllFiles(files).build()));
      return FsckResponse.newBuilder().setSummary(summary).build();
    });
  }

  @Override
  public void decommission(DecommissionRequest req, StreamObserver<DecommissionResponse> out) {
    Calls.unary("decommission", out, caller -> {
      requireSuperuser(caller, "decommissioning");
      return DecommissionResponse.newBuilder().setState(decommissions.decommission(node(req.getNode()))).build();
    });
  }

  @Override
  public void recommission(RecommissionRequest req, StreamObserver<RecommissionResponse> out) {
    Calls.unary("recommission", out, caller -> {
      requireSuperuser(caller, "recommissioning");
      decommissions.recommission(node(req.getNode()));
      return RecommissionResponse.getDefaultInstance();
    });
  }

  private String node(String hostPortOrUuid) throws CairnException {
    String uuid = blocks.registry().find(hostPortOrUuid);
    if (uuid == null) {
      throw new CairnException(ErrorCode.NOT_FOUND, "no DataNode " + hostPortOrUuid
          + " is registered (give HOST:PORT with the data port, as admin report shows, or the uuid)");
    }
    return uuid;
  }

  private static void requireSuperuser(Caller caller, String what) throws CairnException {
    if (!caller.superuser()) {
      throw PermissionChecker.superuserOnly(caller, what);
    }
  }
}
