package io.cairn.client;

import io.cairn.client.rpc.NameNodeChannel;
import io.cairn.common.error.CairnException;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.CheckpointRequest;
import io.cairn.proto.CheckpointResponse;
import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DecommissionRequest;
import io.cairn.proto.FsckFile;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckResponse;
import io.cairn.proto.FsckSummary;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.GetStatusResponse;
import io.cairn.proto.RecommissionRequest;
import io.cairn.proto.SafeModeAction;
import io.cairn.proto.SafeModeRequest;
import io.cairn.proto.SafeModeResponse;
import io.grpc.StatusRuntimeException;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** AdminProtocol calls, for the operator's commands. Close it after use. */
public final class AdminClient implements AutoCloseable {
  /** fsck of a big tree and checkpoints of a big store take long. */
  private static final long DEADLINE_MINUTES = 60;

  private final NameNodeChannel channel;
  private final AdminProtocolGrpc.AdminProtocolBlockingStub stub;

  private AdminClient(NameNodeChannel channel) {
    this.channel = channel;
    this.stub = AdminProtocolGrpc.newBlockingStub(channel.channel());
  }

  public static AdminClient connect(String address, String user) throws CairnException {
    return new AdminClient(NameNodeChannel.open(address, user));
  }

  @FunctionalInterface
  private interface Rpc<R> {
    R call(AdminProtocolGrpc.AdminProtocolBlockingStub stub);
  }

  private <R> R call(Rpc<R> rpc) throws CairnException {
    try {
      return rpc.call(stub.withDeadlineAfter(DEADLINE_MINUTES, TimeUnit.MINUTES));
    } catch (StatusRuntimeException e) {
      throw ErrorStatus.fromStatus(e, channel.target());
    }
  }

  public GetStatusResponse status() throws CairnException {
    return call(s -> s.getStatus(GetStatusRequest.getDefaultInstance()));
  }

  public CheckpointResponse checkpoint() throws CairnException {
    return call(s -> s.checkpoint(CheckpointRequest.getDefaultInstance()));
  }

  public SafeModeResponse safeMode(SafeModeAction action) throws CairnException {
    return call(s -> s.safeMode(SafeModeRequest.newBuilder().setAction(action).build()));
  }

  public DatanodeAdminState decommission(String node) throws CairnException {
    return call(s -> s.decommission(DecommissionRequest.newBuilder().setNode(node).build())).getState();
  }

  public void recommission(String node) throws CairnException {
    call(s -> s.recommission(RecommissionRequest.newBuilder().setNode(node).build()));
  }

  /** Runs fsck, handing each batch of file reports to {@code files} as it streams in; returns the summary. */
  public FsckSummary fsck(FsckRequest request, Consumer<List<FsckFile>> files) throws CairnException {
    return call(s -> {
      Iterator<FsckResponse> answers = s.fsck(request);
      FsckSummary summary = null;
      while (answers.hasNext()) {
        FsckResponse r = answers.next();
        files.accept(r.getFilesList());
        if (r.hasSummary()) {
          summary = r.getSummary();
        }
      }
      return summary == null ? FsckSummary.getDefaultInstance() : summary;
    });
  }

  @Override
  public void close() {
    channel.close();
  }
}
