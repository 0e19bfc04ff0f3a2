package io.cairn.namenode.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespacePlanner;
import io.cairn.namenode.namesystem.Namesystem;
import io.cairn.proto.CompleteRequest;
import io.cairn.proto.CompleteResponse;
import io.cairn.proto.CreateRequest;
import io.cairn.proto.CreateResponse;
import io.cairn.proto.DeleteRequest;
import io.cairn.proto.DeleteResponse;
import io.cairn.proto.FileStatus;
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
import io.cairn.proto.SetTimesRequest;
import io.cairn.proto.SetTimesResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * The short namespace calls, decoded and handed to the {@link Namesystem}: each returns at once
 * with its answer's future (complete for reads, completed once durable for mutations). Shared by
 * the single calls of ClientProtocol and the batches of ClientBatchProtocol, so both answer alike.
 * A refusal is thrown, not put in the future.
 */
final class NamespaceCalls {
  private final Namesystem ns;

  NamespaceCalls(Namesystem ns) {
    this.ns = ns;
  }

  CompletableFuture<MkdirsResponse> mkdirs(Caller caller, MkdirsRequest req) throws IOException {
    return ns.mkdirsAsync(caller, CairnPath.parse(req.getPath()), req.getMode(), req.getCreateParents())
        .thenApply(created -> MkdirsResponse.newBuilder().setCreated(created).build());
  }

  CompletableFuture<CreateResponse> create(Caller caller, CreateRequest req) throws IOException {
    var args = new NamespacePlanner.CreateArgs(CairnPath.parse(req.getPath()), req.getMode(), req.getOverwrite(),
        req.getCreateParents(), req.getReplication(), req.getBlockSizeBytes(), req.getClientName());
    if (req.hasInlineData() && !req.getClose()) {
      throw CairnException.invalidArgument(req.getPath() + ": a create carries the file's bytes only when it closes"
          + " the file");
    }
    return ns.createAsync(caller, req.getClose() ? args.withContent(req.hasInlineData() ? req.getInlineData() : null)
        : args).thenApply(status -> CreateResponse.newBuilder().setStatus(status)
        .setInlineDataMaxBytes(ns.inlineDataMaxBytes()).build());
  }

  CompletableFuture<CompleteResponse> complete(Caller caller, CompleteRequest req) throws IOException {
    return ns.completeAsync(caller, ns.writtenPath(req.getPath(), req.getFileId()), req.getClientName(),
        req.getLengthBytes(), req.hasLast() ? req.getLast() : null, req.hasInlineData() ? req.getInlineData() : null)
        .thenApply(completed -> CompleteResponse.newBuilder().setCompleted(completed).build());
  }

  CompletableFuture<GetFileInfoResponse> getFileInfo(Caller caller, GetFileInfoRequest req) throws IOException {
    FileStatus status = ns.getFileInfo(caller, CairnPath.parse(req.getPath()));
    GetFileInfoResponse.Builder reply = GetFileInfoResponse.newBuilder();
    if (status != null) {
      reply.setStatus(status);
    }
    return CompletableFuture.completedFuture(reply.build());
  }

  CompletableFuture<GetListingResponse> getListing(Caller caller, GetListingRequest req) throws IOException {
    return CompletableFuture.completedFuture(
        ns.list(caller, CairnPath.parse(req.getPath()), req.getStartAfter(), req.getLimit()));
  }

  CompletableFuture<RenameResponse> rename(Caller caller, RenameRequest req) throws IOException {
    return ns.renameAsync(caller, CairnPath.parse(req.getSrc()), CairnPath.parse(req.getDst()), req.getOverwrite(),
        req.getStrict()).thenApply(renamed -> RenameResponse.newBuilder().setRenamed(renamed).build());
  }

  /** Non-recursive only: a subtree may take long, which a transport thread must not spend. */
  CompletableFuture<DeleteResponse> delete(Caller caller, DeleteRequest req) throws IOException {
    if (req.getRecursive()) {
      throw CairnException.invalidArgument(req.getPath() + ": a recursive delete cannot be batched");
    }
    return ns.deleteAsync(caller, CairnPath.parse(req.getPath()), false)
        .thenApply(deleted -> DeleteResponse.newBuilder().setDeleted(deleted).build());
  }

  CompletableFuture<SetPermissionResponse> setPermission(Caller caller, SetPermissionRequest req)
      throws IOException {
    return ns.setPermissionAsync(caller, CairnPath.parse(req.getPath()), req.getMode())
        .thenApply(changed -> SetPermissionResponse.getDefaultInstance());
  }

  CompletableFuture<SetOwnerResponse> setOwner(Caller caller, SetOwnerRequest req) throws IOException {
    return ns.setOwnerAsync(caller, CairnPath.parse(req.getPath()), req.getOwner(), req.getGroup())
        .thenApply(changed -> SetOwnerResponse.getDefaultInstance());
  }

  CompletableFuture<SetTimesResponse> setTimes(Caller caller, SetTimesRequest req) throws IOException {
    return ns.setTimesAsync(caller, CairnPath.parse(req.getPath()), req.getMtimeMs(), req.getAtimeMs())
        .thenApply(changed -> SetTimesResponse.getDefaultInstance());
  }
}
