package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.namesystem.DataPath;
import io.cairn.proto.AddBlockRequest;
import io.cairn.proto.AddBlockResponse;
import io.cairn.proto.AppendRequest;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.ClientBatchProtocolGrpc;
import io.cairn.proto.ClientProtocolGrpc;
import io.cairn.proto.FsyncRequest;
import io.cairn.proto.FsyncResponse;
import io.cairn.proto.GetBlockLocationsRequest;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.GetDatanodeReportRequest;
import io.cairn.proto.GetDatanodeReportResponse;
import io.cairn.proto.RecoverLeaseRequest;
import io.cairn.proto.RecoverLeaseResponse;
import io.cairn.proto.RenewLeaseRequest;
import io.cairn.proto.RenewLeaseResponse;
import io.cairn.proto.CompleteRequest;
import io.cairn.proto.CompleteResponse;
import io.cairn.proto.CreateRequest;
import io.cairn.proto.CreateResponse;
import io.cairn.proto.DeleteRequest;
import io.cairn.proto.DeleteResponse;
import io.cairn.proto.GetContentSummaryRequest;
import io.cairn.proto.GetContentSummaryResponse;
import io.cairn.proto.GetFileInfoRequest;
import io.cairn.proto.GetFileInfoResponse;
import io.cairn.proto.GetListingRequest;
import io.cairn.proto.GetListingResponse;
import io.cairn.proto.MkdirsRequest;
import io.cairn.proto.MkdirsResponse;
import io.cairn.proto.RenameRequest;
import io.cairn.proto.RenameResponse;
import io.cairn.proto.SetOwnerRequest;
import io.cairn.proto.SetOwnerResponse;
import io.cairn.proto.SetPermissionRequest;
import io.cairn.proto.SetPermissionResponse;
import io.cairn.proto.SetReplicationRequest;
import io.cairn.proto.SetReplicationResponse;
import io.cairn.proto.SetTimesRequest;
import io.cairn.proto.SetTimesResponse;
import io.cairn.proto.ReportBadBlocksRequest;
import io.cairn.proto.ReportBadBlocksResponse;
import io.cairn.proto.UpdateBlockForPipelineRequest;
import io.cairn.proto.UpdateBlockForPipelineResponse;
import io.cairn.proto.UpdatePipelineRequest;
import io.cairn.proto.UpdatePipelineResponse;
import io.grpc.MethodDescriptor;
import io.grpc.stub.StreamObserver;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.concurrent.Executor;

/**
 * ClientProtocol over gRPC: decodes and validates each request, then hands it to the {@link Namesystem}.
 *
 * <p>Threads: the calls in {@link #ON_TRANSPORT_THREAD} run on the transport's own threads (see
 * {@link CallExecutors}): reads are short, and mutations only plan and append under the lock,
 * then answer from the edit log's sync thread once durable, so no call is handed to another
 * thread and back. complete and getBlockLocations take the block manager's lock too, as a
 * getFileInfo takes the namespace's: held briefly, except at times (docs/architecture.md,
 * Concurrency). The rest, which may allocate blocks, walk a subtree or run long, run on the handler
 * pool.
 */
public final class ClientProtocolService extends ClientProtocolGrpc.ClientProtocolImplBase {
  /**
   * Full names of the methods that run where the request was decoded: short, and waiting only on the
   * namespace or block manager lock (see docs/architecture.md, Concurrency, for when those are held long).
   */
  static final Set<String> ON_TRANSPORT_THREAD = Stream.of(ClientProtocolGrpc.getMkdirsMethod(),
      ClientProtocolGrpc.getCreateMethod(), ClientProtocolGrpc.getCompleteMethod(),
      ClientProtocolGrpc.getGetFileInfoMethod(), ClientProtocolGrpc.getGetListingMethod(),
      ClientProtocolGrpc.getRenameMethod(), ClientProtocolGrpc.getDeleteMethod(),
      ClientProtocolGrpc.getSetPermissionMethod(), ClientProtocolGrpc.getSetOwnerMethod(),
      ClientProtocolGrpc.getSetTimesMethod(), ClientProtocolGrpc.getRenewLeaseMethod(),
      ClientProtocolGrpc.getGetBlockLocationsMethod(), ClientBatchProtocolGrpc.getBatchMethod())
      .map(MethodDescriptor::getFullMethodName).collect(Collectors.toUnmodifiableSet());

  /** Most bad replicas one ReportBadBlocks may name (a reader reports one block's at a time). */
  static final int MAX_BAD_REPLICAS = 1000;

  private final Namesystem ns;
  private final NamespaceCalls calls;
  private final DataPath data;
  private final Executor slowCalls;

  /** @param slowCalls where a call that may take long goes when it arrived on a transport thread */
  public ClientProtocolService(Namesystem ns, DataPath data, Executor slowCalls) {
    this.ns = ns;
    this.calls = new NamespaceCalls(ns);
    this.data = data;
    this.slowCalls = slowCalls;
  }

  @Override
  public void mkdirs(MkdirsRequest req, StreamObserver<MkdirsResponse> out) {
    Calls.async("mkdirs", out, caller -> calls.mkdirs(caller, req));
  }

  @Override
  public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
    Calls.async("create", out, caller -> calls.create(caller, req));
  }

  @Override
  public void complete(CompleteRequest req, StreamObserver<CompleteResponse> out) {
    Calls.async("complete", out, caller -> calls.complete(caller, req));
  }

  @Override
  public void getFileInfo(GetFileInfoRequest req, StreamObserver<GetFileInfoResponse> out) {
    Calls.async("getFileInfo", out, caller -> calls.getFileInfo(caller, req));
  }

  @Override
  public void getListing(GetListingRequest req, StreamObserver<GetListingResponse> out) {
    Calls.async("getListing", out, caller -> calls.getListing(caller, req));
  }

  @Override
  public void rename(RenameRequest req, StreamObserver<RenameResponse> out) {
    Calls.async("rename", out, caller -> calls.rename(caller, req));
  }

  @Override
  public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
    if (req.getRecursive()) {
      // A whole subtree may take long to check and remove: not on a transport thread.
      Calls.offloaded(slowCalls, "delete", out, caller -> DeleteResponse.newBuilder()
          .setDeleted(ns.delete(caller, CairnPath.parse(req.getPath()), true)).build());
      return;
    }
    Calls.async("delete", out, caller -> calls.delete(caller, req));
  }

  @Override
  public void setPermission(SetPermissionRequest req, StreamObserver<SetPermissionResponse> out) {
    Calls.async("setPermission", out, caller -> calls.setPermission(caller, req));
  }

  @Override
  public void setOwner(SetOwnerRequest req, StreamObserver<SetOwnerResponse> out) {
    Calls.async("setOwner", out, caller -> calls.setOwner(caller, req));
  }

  @Override
  public void setTimes(SetTimesRequest req, StreamObserver<SetTimesResponse> out) {
    Calls.async("setTimes", out, caller -> calls.setTimes(caller, req));
  }

  @Override
  public void setReplication(SetReplicationRequest req, StreamObserver<SetReplicationResponse> out) {
    Calls.unary("setReplication", out, caller -> SetReplicationResponse.newBuilder()
        .setChanged(ns.setReplication(caller, CairnPath.parse(req.getPath()), req.getReplication()))
        .build());
  }

  @Override
  public void getContentSummary(GetContentSummaryRequest req, StreamObserver<GetContentSummaryResponse> out) {
    Calls.unary("getContentSummary", out, caller -> GetContentSummaryResponse.newBuilder()
        .setSummary(ns.contentSummary(caller, CairnPath.parse(req.getPath())))
        .build());
  }

  @Override
  public void addBlock(AddBlockRequest req, StreamObserver<AddBlockResponse> out) {
    Calls.unary("addBlock", out, caller -> AddBlockResponse.newBuilder()
        .setBlock(data.addBlock(caller, ns.writtenPath(req.getPath(), req.getFileId()), req.getClientName(),
            req.hasPrevious() ? req.getPrevious() : null, Set.copyOf(req.getExcludeUuidsList()), req.getWriterHost()))
        .build());
  }

  @Override
  public void getBlockLocations(GetBlockLocationsRequest req, StreamObserver<GetBlockLocationsResponse> out) {
    Calls.unary("getBlockLocations", out, caller -> data.blockLocations(caller, CairnPath.parse(req.getPath()),
        req.getOffsetBytes(), req.getLengthBytes(), req.getReaderHost()));
  }

  @Override
  public void append(AppendRequest req, StreamObserver<AppendResponse> out) {
    Calls.unary("append", out, caller -> data.append(caller, CairnPath.parse(req.getPath()), req.getClientName()));
  }

  @Override
  public void fsync(FsyncRequest req, StreamObserver<FsyncResponse> out) {
    Calls.unary("fsync", out, caller -> {
      data.fsync(caller, ns.writtenPath(req.getPath(), req.getFileId()), req.getClientName(),
          req.getLastBlockLengthBytes());
      return FsyncResponse.getDefaultInstance();
    });
  }

  @Override
  public void renewLease(RenewLeaseRequest req, StreamObserver<RenewLeaseResponse> out) {
    Calls.unary("renewLease", out, caller -> {
      data.renewLease(req.getClientName());
      return RenewLeaseResponse.getDefaultInstance();
    });
  }

  @Override
  public void getDatanodeReport(GetDatanodeReportRequest req, StreamObserver<GetDatanodeReportResponse> out) {
    Calls.unary("getDatanodeReport", out, caller -> data.datanodeReport());
  }

  @Override
  public void reportBadBlocks(ReportBadBlocksRequest req, StreamObserver<ReportBadBlocksResponse> out) {
    Calls.unary("reportBadBlocks", out, caller -> {
      if (req.getReplicasCount() > MAX_BAD_REPLICAS) {
        throw CairnException.invalidArgument(req.getReplicasCount() + " bad replicas in one report, at most "
            + MAX_BAD_REPLICAS);
      }
      data.reportBadBlocks(req.getReplicasList());
      return ReportBadBlocksResponse.getDefaultInstance();
    });
  }

  @Override
  public void updateBlockForPipeline(UpdateBlockForPipelineRequest req,
      StreamObserver<UpdateBlockForPipelineResponse> out) {
    Calls.unary("updateBlockForPipeline", out, caller -> {
      Set<String> avoid = new HashSet<>(req.getSurvivorUuidsList());
      avoid.addAll(req.getExcludeUuidsList());
      return data.updateBlockForPipeline(caller, ns.writtenPath(req.getPath(), req.getFileId()), req.getClientName(),
          req.getBlock(), avoid, req.getWantedReplacements());
    });
  }

  @Override
  public void updatePipeline(UpdatePipelineRequest req, StreamObserver<UpdatePipelineResponse> out) {
    Calls.unary("updatePipeline", out, caller -> {
      data.updatePipeline(caller, ns.writtenPath(req.getPath(), req.getFileId()), req.getClientName(),
          req.getOldBlock(),
          req.getNewBlock(), req.getPipelineList());
      return UpdatePipelineResponse.getDefaultInstance();
    });
  }

  @Override
  public void recoverLease(RecoverLeaseRequest req, StreamObserver<RecoverLeaseResponse> out) {
    // Takes the write lock and the lease monitor's: on the handler pool (not in ON_TRANSPORT_THREAD).
    Calls.unary("recoverLease", out, caller -> RecoverLeaseResponse.newBuilder()
        .setClosed(data.recoverLease(caller, CairnPath.parse(req.getPath()))).build());
  }
}
