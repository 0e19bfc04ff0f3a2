package io.cairn.namenode.rpc;

import io.cairn.common.path.CairnPath;
import io.cairn.namenode.namespace.NamespacePlanner;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.namenode.namesystem.DataPath;
import io.cairn.proto.AddBlockRequest;
import io.cairn.proto.AddBlockResponse;
import io.cairn.proto.AppendRequest;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.ClientProtocolGrpc;
import io.cairn.proto.FsyncRequest;
import io.cairn.proto.FsyncResponse;
import io.cairn.proto.GetBlockLocationsRequest;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.GetDatanodeReportRequest;
import io.cairn.proto.GetDatanodeReportResponse;
import io.cairn.proto.RenewLeaseRequest;
import io.cairn.proto.RenewLeaseResponse;
import io.cairn.proto.CompleteRequest;
import io.cairn.proto.CompleteResponse;
import io.cairn.proto.CreateRequest;
import io.cairn.proto.CreateResponse;
import io.cairn.proto.DeleteRequest;
import io.cairn.proto.DeleteResponse;
import io.cairn.proto.FileStatus;
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
import io.grpc.stub.StreamObserver;
import java.util.Set;

/** ClientProtocol over gRPC: decodes and validates each request, then hands it to the {@link Namesystem}. */
public final class ClientProtocolService extends ClientProtocolGrpc.ClientProtocolImplBase {
  private final Namesystem ns;
  private final DataPath data;

  public ClientProtocolService(Namesystem ns, DataPath data) {
    this.ns = ns;
    this.data = data;
  }

  @Override
  public void mkdirs(MkdirsRequest req, StreamObserver<MkdirsResponse> out) {
    Calls.unary("mkdirs", out, caller -> MkdirsResponse.newBuilder()
        .setCreated(ns.mkdirs(caller, CairnPath.parse(req.getPath()), req.getMode(), req.getCreateParents()))
        .build());
  }

  @Override
  public void create(CreateRequest req, StreamObserver<CreateResponse> out) {
    Calls.unary("create", out, caller -> {
      var args = new NamespacePlanner.CreateArgs(CairnPath.parse(req.getPath()), req.getMode(), req.getOverwrite(),
          req.getCreateParents(), req.getReplication(), req.getBlockSizeBytes(), req.getClientName());
      return CreateResponse.newBuilder().setStatus(ns.create(caller, args)).build();
    });
  }

  @Override
  public void complete(CompleteRequest req, StreamObserver<CompleteResponse> out) {
    Calls.unary("complete", out, caller -> CompleteResponse.newBuilder()
        .setCompleted(ns.complete(caller, CairnPath.parse(req.getPath()), req.getClientName(), req.getLengthBytes(),
            req.hasLast() ? req.getLast() : null))
        .build());
  }

  @Override
  public void getFileInfo(GetFileInfoRequest req, StreamObserver<GetFileInfoResponse> out) {
    Calls.unary("getFileInfo", out, caller -> {
      FileStatus status = ns.getFileInfo(caller, CairnPath.parse(req.getPath()));
      GetFileInfoResponse.Builder reply = GetFileInfoResponse.newBuilder();
      if (status != null) {
        reply.setStatus(status);
      }
      return reply.build();
    });
  }

  @Override
  public void getListing(GetListingRequest req, StreamObserver<GetListingResponse> out) {
    Calls.unary("getListing", out,
        caller -> ns.list(caller, CairnPath.parse(req.getPath()), req.getStartAfter(), req.getLimit()));
  }

  @Override
  public void rename(RenameRequest req, StreamObserver<RenameResponse> out) {
    Calls.unary("rename", out, caller -> RenameResponse.newBuilder()
        .setRenamed(ns.rename(caller, CairnPath.parse(req.getSrc()), CairnPath.parse(req.getDst()),
            req.getOverwrite(), req.getStrict()))
        .build());
  }

  @Override
  public void delete(DeleteRequest req, StreamObserver<DeleteResponse> out) {
    Calls.unary("delete", out, caller -> DeleteResponse.newBuilder()
        .setDeleted(ns.delete(caller, CairnPath.parse(req.getPath()), req.getRecursive()))
        .build());
  }

  @Override
  public void setPermission(SetPermissionRequest req, StreamObserver<SetPermissionResponse> out) {
    Calls.unary("setPermission", out, caller -> {
      ns.setPermission(caller, CairnPath.parse(req.getPath()), req.getMode());
      return SetPermissionResponse.getDefaultInstance();
    });
  }

  @Override
  public void setOwner(SetOwnerRequest req, StreamObserver<SetOwnerResponse> out) {
    Calls.unary("setOwner", out, caller -> {
      ns.setOwner(caller, CairnPath.parse(req.getPath()), req.getOwner(), req.getGroup());
      return SetOwnerResponse.getDefaultInstance();
    });
  }

  @Override
  public void setTimes(SetTimesRequest req, StreamObserver<SetTimesResponse> out) {
    Calls.unary("setTimes", out, caller -> {
      ns.setTimes(caller, CairnPath.parse(req.getPath()), req.getMtimeMs(), req.getAtimeMs());
      return SetTimesResponse.getDefaultInstance();
    });
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
        .setBlock(data.addBlock(caller, CairnPath.parse(req.getPath()), req.getClientName(),
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
      data.fsync(caller, CairnPath.parse(req.getPath()), req.getClientName(), req.getLastBlockLengthBytes());
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
}
