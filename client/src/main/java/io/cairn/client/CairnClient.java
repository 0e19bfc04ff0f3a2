package io.cairn.client;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.ByteString;
import io.cairn.client.io.BlockReaderFactory;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.client.io.ChunkCrcDigest;
import io.cairn.client.io.ConnectionCache;
import io.cairn.client.io.DataPathOptions;
import io.cairn.client.io.FileChecksum;
import io.cairn.client.io.LeaseRenewer;
import io.cairn.client.io.LocatedFile;
import io.cairn.client.io.Pause;
import io.cairn.client.io.RecoveringBlockPipeline;
import io.cairn.client.io.WriteSettings;
import io.cairn.client.rpc.CallBatcher;
import io.cairn.client.rpc.NameNodeChannel;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.rpc.ErrorStatus;
import io.cairn.common.spin.BriefSpin;
import io.cairn.common.time.SystemClock;
import io.cairn.proto.AppendRequest;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.Block;
import io.cairn.proto.BatchCall;
import io.cairn.proto.ClientBatchProtocolGrpc;
import io.cairn.proto.ClientProtocolGrpc;
import io.cairn.proto.CompleteRequest;
import io.cairn.proto.ContentSummary;
import io.cairn.proto.CreateRequest;
import io.cairn.proto.CreateResponse;
import io.cairn.proto.DeleteRequest;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsRequest;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.GetContentSummaryRequest;
import io.cairn.proto.GetDatanodeReportRequest;
import io.cairn.proto.GetDatanodeReportResponse;
import io.cairn.proto.GetFileInfoRequest;
import io.cairn.proto.GetFileInfoResponse;
import io.cairn.proto.GetListingRequest;
import io.cairn.proto.GetListingResponse;
import io.cairn.proto.InodeType;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.MkdirsRequest;
import io.cairn.proto.RenewLeaseRequest;
import io.cairn.proto.RenameRequest;
import io.cairn.proto.SetOwnerRequest;
import io.cairn.proto.SetPermissionRequest;
import io.cairn.proto.SetReplicationRequest;
import io.cairn.proto.SetTimesRequest;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Cairn's client library. Thread-safe; one instance per NameNode is enough for a whole program.
 * Paths are absolute strings ("/a/b"); failures are {@link CairnException}s whose
 * {@link CairnException#code()} tells what went wrong.
 *
 * <pre>{@code
 * try (CairnClient fs = CairnClient.connect("127.0.0.1:9500")) {
 *   fs.mkdirs("/data/in", true);
 *   try (CairnOutputStream out = fs.create("/data/in/a", CreateOptions.defaults())) {
 *     out.write(bytes);
 *   }
 *   try (CairnInputStream in = fs.open("/data/in/a")) { in.readAllBytes(); }
 *   for (FileStatus st : fs.list("/data")) { ... }
 * }
 * }</pre>
 *
 * <p>File data moves over the data path (docs/formats/data-transfer.md); see docs/java-api.md.
 */
public final class CairnClient implements AutoCloseable {
  /** Permission applied to new directories before the umask. */
  public static final int DEFAULT_DIR_MODE = 0777;
  public static final int DEFAULT_FILE_MODE = 0666;
  public static final int DEFAULT_UMASK = 022;
  /** The most calls one batch carries: enough to cover every thread of a busy program. */
  static final int MAX_BATCH_CALLS = 256;
  /**
   * More than one, so the NameNode plans the next batch of mutations while the edit log syncs the
   * last; 4 did a little better than 2 and 8 at 8 threads here (within the machine's noise).
   */
  static final int MUTATION_BATCHES_IN_FLIGHT = 4;

  private final NameNodeChannel channel;
  private final ClientProtocolGrpc.ClientProtocolFutureStub stub;
  private final BriefSpin spin = BriefSpin.create();
  /** Calls through {@link #call} under way; a wait spins only when its call is the one. */
  private final AtomicInteger unbatchedCalls = new AtomicInteger();
  /** Reads and mutations batch apart, so a read never waits behind a mutation's edit log sync. */
  private final CallBatcher reads;
  private final CallBatcher mutations;
  private final String clientName;
  private final long deadlineMs;
  private final int umask;
  private final DataPathOptions data;
  /**
   * What the NameNode keeps of a small file in its namespace, from its last create answer; -1 until
   * one came (and after a refusal), so {@link #writeFile} knows when one call can carry a file.
   */
  private volatile long inlineDataMaxBytes = -1;
  private final ConnectionCache connections;
  private final BlockReaderFactory readers;
  private final LeaseRenewer leaseRenewer;
  private volatile String localHost;

  private CairnClient(NameNodeChannel channel, ClientOptions options) {
    this.channel = channel;
    this.stub = ClientProtocolGrpc.newFutureStub(channel.channel());
    ClientBatchProtocolGrpc.ClientBatchProtocolFutureStub batches =
        ClientBatchProtocolGrpc.newFutureStub(channel.channel());
    CallBatcher.Sender sender = request -> batches.withDeadlineAfter(options.rpcDeadlineMs(), TimeUnit.MILLISECONDS)
        .batch(request);
    this.reads = new CallBatcher(sender, MAX_BATCH_CALLS, 1, channel.target());
    this.mutations = new CallBatcher(sender, MAX_BATCH_CALLS, MUTATION_BATCHES_IN_FLIGHT, channel.target());
    this.clientName = "cairn-client-" + UUID.randomUUID();
    this.deadlineMs = options.rpcDeadlineMs();
    this.umask = options.umask();
    this.data = options.data();
    this.connections = new ConnectionCache(data, SystemClock.INSTANCE);
    this.readers = new BlockReaderFactory(connections, clientName);
    this.leaseRenewer = new LeaseRenewer(SystemClock.INSTANCE, data.leaseRenewIntervalMs(),
        () -> call(s -> s.renewLease(RenewLeaseRequest.newBuilder().setClientName(clientName).build())));
  }

  /** Connects to the NameNode at {@code host:port} as the current user. */
  public static CairnClient connect(String address) throws CairnException {
    return connect(address, ClientOptions.defaults());
  }

  public static CairnClient connect(String address, ClientOptions options) throws CairnException {
    return new CairnClient(NameNodeChannel.open(address, options.user()), options);
  }

  /** The address this client talks to. */
  public String nameNode() {
    return channel.target();
  }

  public String user() {
    return channel.user();
  }

  /** Creates {@code path}; with {@code parents}, missing parents too, and an existing directory is fine. */
  public boolean mkdirs(String path, boolean parents) throws CairnException {
    return mkdirs(path, DEFAULT_DIR_MODE & ~umask, parents);
  }

  public boolean mkdirs(String path, int mode, boolean parents) throws CairnException {
    return mutations.call(BatchCall.newBuilder().setMkdirs(MkdirsRequest.newBuilder().setPath(path).setMode(mode)
        .setCreateParents(parents)).build()).getMkdirs().getCreated();
  }

  /** Creates an empty file and closes it (as {@code touch} of a new file). */
  public FileStatus createEmpty(String path, boolean overwrite) throws CairnException {
    return createEmpty(path, overwrite, true);
  }

  /** As {@link #createEmpty(String, boolean)}; with {@code createParents} false a missing folder is NOT_FOUND. */
  public FileStatus createEmpty(String path, boolean overwrite, boolean createParents) throws CairnException {
    return createEmpty(path, CreateOptions.defaults().overwrite(overwrite).createParents(createParents)
        .mode(DEFAULT_FILE_MODE & ~umask));
  }

  /**
   * Creates an empty file with {@code options} and closes it, in one call that the NameNode answers
   * after one sync; no other client sees the file open.
   */
  public FileStatus createEmpty(String path, CreateOptions options) throws CairnException {
    FileStatus status = createFile(path, options, true).getStatus();
    if (status.getUnderConstruction()) {
      completeEmpty(path, status);
      return status.toBuilder().setUnderConstruction(false).build();
    }
    return status;
  }

  /** Closes the empty file that a NameNode predating closing in the create left open. */
  private void completeEmpty(String path, FileStatus status) throws CairnException {
    mutations.call(BatchCall.newBuilder().setComplete(CompleteRequest.newBuilder().setPath(path)
        .setClientName(clientName).setLengthBytes(0).setFileId(status.getInodeId())).build());
  }

  /** Whether {@link #writeFile} sends a file of {@code lengthBytes} in one call, as far as this client knows. */
  public boolean writesWhole(long lengthBytes) {
    return lengthBytes > 0 && lengthBytes <= inlineDataMaxBytes;
  }

  /**
   * Writes {@code data} as the whole content of a new file {@code path} and closes it. A file no
   * larger than what the NameNode keeps in its namespace goes in one call that the NameNode answers
   * after one sync, and no other client sees it before it is whole; anything else (or the first file
   * before this client has heard that bound) through {@link #create}, a create and a complete.
   */
  public void writeFile(String path, byte[] data, CreateOptions options) throws IOException {
    if (writesWhole(data.length)) {
      FileStatus status;
      try {
        status = createFile(path, options, true, ByteString.copyFrom(data)).getStatus();
      } catch (CairnException e) {
        if (e.code() != ErrorCode.INVALID_ARGUMENT) {
          throw e;
        }
        // The NameNode's bound may have fallen since (a restart with another setting): the stream
        // path below writes the file to blocks, or meets the same refusal if the path is at fault.
        inlineDataMaxBytes = -1;
        status = null;
      }
      if (status != null) {
        if (status.getLengthBytes() == data.length && !status.getUnderConstruction()) {
          return;
        }
        // A NameNode that predates content in the create made the file empty: write it as its appender.
        if (status.getUnderConstruction()) {
          completeEmpty(path, status);
        }
        try (CairnOutputStream out = append(path)) {
          out.write(data);
        }
        return;
      }
    }
    try (CairnOutputStream out = create(path, options)) {
      out.write(data);
    }
  }

  /**
   * Creates {@code path} and returns a stream that writes it; this client holds the file's lease
   * (renewed in the background) until the stream is closed.
   */
  public CairnOutputStream create(String path, CreateOptions options) throws CairnException {
    CreateResponse created = createFile(path, options, false);
    return newOutputStream(path, created.getStatus(), created.getInlineDataMaxBytes());
  }

  /**
   * Opens {@code path} for appending. If its last block is partial, writing goes on inside it (the
   * replicas take a new generation stamp); otherwise the next write starts a new block.
   */
  public CairnOutputStream append(String path) throws IOException {
    // Looked up before Append: once the file is reopened, its last block counts as being written.
    LocatedBlock tail = lastBlockOf(path);
    AppendResponse r = call(s -> s.append(AppendRequest.newBuilder().setPath(path).setClientName(clientName).build()));
    long length = r.getStatus().getLengthBytes();
    Block lastComplete = null;
    if (!r.hasLastBlock() && length > 0 && !r.hasInlineData()) {
      // The file ends on a block boundary: the next AddBlock and Complete name that block.
      if (tail == null || tail.getOffsetBytes() + tail.getBlock().getLengthBytes() != length) {
        throw new CairnException(ErrorCode.IO, path + ": the file changed while it was opened for append; try again");
      }
      lastComplete = tail.getBlock();
    }
    CairnOutputStream out = newOutputStream(path, r.getStatus(), r.getInlineDataMaxBytes());
    try {
      if (r.hasInlineData()) {
        out.resumeInline(r.getInlineData().toByteArray());
      } else if (r.hasLastBlock()) {
        out.resume(r.getLastBlock(), length);
      } else {
        out.startAfter(lastComplete, length);
      }
    } catch (IOException e) {
      try {
        out.close();
      } catch (IOException alsoFailed) {
        e.addSuppressed(alsoFailed);
      }
      throw e;
    }
    return out;
  }

  /** The last block of a file, or null when it has none. */
  private LocatedBlock lastBlockOf(String path) throws CairnException {
    FileStatus st = getFileInfo(path);
    if (st == null || st.getType() != InodeType.FILE || st.getLengthBytes() == 0) {
      return null;
    }
    GetBlockLocationsResponse r = getBlockLocations(path, st.getLengthBytes() - 1, 1);
    return r.getBlocksCount() == 0 ? null : r.getBlocks(r.getBlocksCount() - 1);
  }

  /** {@code inlineDataMaxBytes}: what the NameNode keeps of a small file in the namespace (0 = nothing). */
  private CairnOutputStream newOutputStream(String path, FileStatus status, long inlineDataMaxBytes)
      throws CairnException {
    if (status.getBlockSizeBytes() <= 0) {
      throw new CairnException(ErrorCode.INTERNAL, path + ": the NameNode gave the file no block size");
    }
    WriteSettings settings = new WriteSettings(status.getBlockSizeBytes(), data.completeTimeoutMs(),
        SystemClock.INSTANCE, Pause.SLEEP, inlineDataMaxBytes);
    NameNodeWriteSession session = new NameNodeWriteSession(this, path, status.getInodeId());
    CairnOutputStream out = new CairnOutputStream(session,
        (block, append) -> RecoveringBlockPipeline.open(block, append, session, clientName, data), settings,
        leaseRenewer::streamClosed);
    leaseRenewer.streamOpened();
    return out;
  }

  /** Opens {@code path} for reading; it sees what was written and hflushed up to now. */
  public CairnInputStream open(String path) throws CairnException {
    GetBlockLocationsResponse r = getBlockLocations(path, 0, -1);
    if (r.getStatus().getType() == InodeType.DIRECTORY) {
      throw CairnException.isDirectory(path);
    }
    return new CairnInputStream(LocatedFile.of(path, r), readers, () -> {}, new NameNodeLocator(this, path));
  }

  /** The blocks of {@code path} overlapping {@code [offset, offset+length)} ({@code length} -1 = to the end). */
  public GetBlockLocationsResponse getBlockLocations(String path, long offset, long length) throws CairnException {
    return call(s -> s.getBlockLocations(GetBlockLocationsRequest.newBuilder().setPath(path).setOffsetBytes(offset)
        .setLengthBytes(length).setReaderHost(localHost()).build()));
  }

  /** Every DataNode the NameNode knows, live or dead, with its space and load. */
  public GetDatanodeReportResponse datanodeReport() throws CairnException {
    return call(s -> s.getDatanodeReport(GetDatanodeReportRequest.getDefaultInstance()));
  }

  /** A checksum of the content of {@code path} that does not depend on its block size ({@link FileChecksum}). */
  public FileChecksum fileChecksum(String path) throws IOException {
    try (InputStream in = open(path)) {
      return new ChunkCrcDigest().updateFrom(in).finish();
    }
  }

  /** With {@code close}, the NameNode closes the new file at once (empty). */
  private CreateResponse createFile(String path, CreateOptions options, boolean close) throws CairnException {
    return createFile(path, options, close, null);
  }

  /** {@code content} (null = none): with {@code close}, the new file's whole content. */
  private CreateResponse createFile(String path, CreateOptions options, boolean close, ByteString content)
      throws CairnException {
    CreateRequest.Builder request = CreateRequest.newBuilder().setPath(path)
        .setMode(options.mode()).setOverwrite(options.overwrite()).setCreateParents(options.createParents())
        .setReplication(options.replication()).setBlockSizeBytes(options.blockSizeBytes())
        .setClientName(clientName).setClose(close);
    if (content != null) {
      request.setInlineData(content);
    }
    CreateResponse created = mutations.call(BatchCall.newBuilder().setCreate(request).build()).getCreate();
    inlineDataMaxBytes = created.getInlineDataMaxBytes();
    return created;
  }

  /** The status of {@code path}, or null when nothing is there. */
  public FileStatus getFileInfo(String path) throws CairnException {
    GetFileInfoResponse r = reads.call(BatchCall.newBuilder().setGetFileInfo(GetFileInfoRequest.newBuilder()
        .setPath(path)).build()).getGetFileInfo();
    return r.hasStatus() ? r.getStatus() : null;
  }

  /** The status of {@code path}; NOT_FOUND when nothing is there. */
  public FileStatus stat(String path) throws CairnException {
    FileStatus st = getFileInfo(path);
    if (st == null) {
      throw CairnException.notFound(path);
    }
    return st;
  }

  public boolean exists(String path) throws CairnException {
    return getFileInfo(path) != null;
  }

  /** One page of a listing, after {@code startAfter} ("" = from the start). */
  public GetListingResponse listPage(String path, String startAfter, int limit) throws CairnException {
    return reads.call(BatchCall.newBuilder().setGetListing(GetListingRequest.newBuilder().setPath(path)
        .setStartAfter(startAfter).setLimit(limit)).build()).getGetListing();
  }

  /**
   * The entries of a directory (or the file itself), fetched a page at a time as the iteration goes,
   * so a directory of any size lists in bounded memory. A failure while paging surfaces as an
   * {@link java.io.UncheckedIOException} wrapping a CairnException.
   */
  public Iterable<FileStatus> list(String path) throws CairnException {
    GetListingResponse first = listPage(path, "", 0);
    return () -> new ListingIterator(this, path, first);
  }

  /** As {@link #list}, for a directory only: a file at {@code path} is NOT_DIRECTORY rather than its own entry. */
  public Iterable<FileStatus> listDirectory(String path) throws CairnException {
    GetListingResponse first = listPage(path, "", 0);
    if (first.getIsFile()) {
      throw CairnException.notDirectory(path);
    }
    return () -> new ListingIterator(this, path, first);
  }

  /** HDFS rename2: {@code dst} must not exist unless {@code overwrite}; problems are errors. */
  public void rename(String src, String dst, boolean overwrite) throws CairnException {
    mutations.call(BatchCall.newBuilder().setRename(RenameRequest.newBuilder().setSrc(src).setDst(dst)
        .setOverwrite(overwrite).setStrict(true)).build());
  }

  /** HDFS's old rename: into {@code dst} when it is a directory; false instead of most errors. */
  public boolean renameLenient(String src, String dst) throws CairnException {
    return mutations.call(BatchCall.newBuilder().setRename(RenameRequest.newBuilder().setSrc(src).setDst(dst))
        .build()).getRename().getRenamed();
  }

  /** Deletes {@code path}; false when it did not exist. A non-empty directory needs {@code recursive}. */
  public boolean delete(String path, boolean recursive) throws CairnException {
    if (recursive) {
      // A subtree may take long on the NameNode: a call of its own, on its handler pool.
      return call(s -> s.delete(DeleteRequest.newBuilder().setPath(path).setRecursive(true).build())).getDeleted();
    }
    return mutations.call(BatchCall.newBuilder().setDelete(DeleteRequest.newBuilder().setPath(path)).build())
        .getDelete().getDeleted();
  }

  public void setPermission(String path, int mode) throws CairnException {
    mutations.call(BatchCall.newBuilder().setSetPermission(SetPermissionRequest.newBuilder().setPath(path)
        .setMode(mode)).build());
  }

  /** Empty owner or group = unchanged. */
  public void setOwner(String path, String owner, String group) throws CairnException {
    mutations.call(BatchCall.newBuilder().setSetOwner(SetOwnerRequest.newBuilder().setPath(path)
        .setOwner(owner == null ? "" : owner).setGroup(group == null ? "" : group)).build());
  }

  /** -1 = unchanged. */
  public void setTimes(String path, long mtimeMs, long atimeMs) throws CairnException {
    mutations.call(BatchCall.newBuilder().setSetTimes(SetTimesRequest.newBuilder().setPath(path)
        .setMtimeMs(mtimeMs).setAtimeMs(atimeMs)).build());
  }

  public boolean setReplication(String path, int replication) throws CairnException {
    return call(s -> s.setReplication(SetReplicationRequest.newBuilder().setPath(path).setReplication(replication)
        .build())).getChanged();
  }

  public ContentSummary contentSummary(String path) throws CairnException {
    return call(s -> s.getContentSummary(GetContentSummaryRequest.newBuilder().setPath(path).build())).getSummary();
  }

  /**
   * Starts lease recovery of an open file now (HDFS's recoverLease): true when the file is closed,
   * false while recovery goes on (ask again).
   */
  public boolean recoverLease(String path) throws CairnException {
    return call(s -> s.recoverLease(io.cairn.proto.RecoverLeaseRequest.newBuilder().setPath(path).build()))
        .getClosed();
  }

  /** The name this client's leases are held under. */
  String clientName() {
    return clientName;
  }

  /** This machine's address, so the NameNode can put a replica here (writes) or list it first (reads). */
  String localHost() {
    String host = localHost;
    if (host == null) {
      try {
        host = InetAddress.getLocalHost().getHostAddress();
      } catch (IOException e) {
        host = "";
      }
      localHost = host;
    }
    return host;
  }

  /**
   * Makes one call and waits for its answer: through the future stub, so that the wait can spin
   * briefly before it blocks (BriefSpin), which a blocking stub's wait cannot.
   */
  <R> R call(Function<ClientProtocolGrpc.ClientProtocolFutureStub, ListenableFuture<R>> rpc) throws CairnException {
    boolean alone = unbatchedCalls.incrementAndGet() == 1;
    try {
      ListenableFuture<R> answer = rpc.apply(stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
      // With other calls under way the answer waits behind theirs; spinning would take their CPU.
      if (alone) {
        spin.until(answer::isDone);
      }
      try {
        // The deadline bounds the wait: the answer or its failure always comes.
        return answer.get();
      } catch (InterruptedException e) {
        answer.cancel(true);
        Thread.currentThread().interrupt();
        throw new CairnException(ErrorCode.UNAVAILABLE, "interrupted while waiting for the NameNode");
      } catch (ExecutionException e) {
        if (e.getCause() instanceof StatusRuntimeException sre) {
          throw sre;
        }
        throw new CairnException(ErrorCode.INTERNAL, "call to " + channel.target() + " failed: " + e.getCause(),
            e.getCause());
      }
    } catch (StatusRuntimeException e) {
      throw ErrorStatus.fromStatus(e, channel.target());
    } finally {
      unbatchedCalls.decrementAndGet();
    }
  }

  /** Closes idle data connections and the NameNode channel. Streams still open stop working. */
  @Override
  public void close() {
    leaseRenewer.close();
    connections.close();
    channel.close();
  }

  /** Who the client acts as. */
  static String defaultUser() {
    return CallerIdentity.currentUser();
  }
}
