package io.cairn.client;

import com.google.protobuf.ByteString;
import io.cairn.client.io.WriteSession;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.AddBlockRequest;
import io.cairn.proto.Block;
import io.cairn.proto.CompleteRequest;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FsyncRequest;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.UpdateBlockForPipelineRequest;
import io.cairn.proto.UpdateBlockForPipelineResponse;
import io.cairn.proto.UpdatePipelineRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** The NameNode calls of one file being written by a {@link CairnClient}. */
final class NameNodeWriteSession implements WriteSession {
  private final CairnClient client;
  private final String path;
  /** The file's inode id: the NameNode finds the file by it, so a rename does not cut the writer off. */
  private final long fileId;
  /** DataNodes that failed this writer, by uuid, with when (System.nanoTime): new blocks avoid them. */
  private final Map<String, Long> failedAtNanos = new ConcurrentHashMap<>();

  NameNodeWriteSession(CairnClient client, String path, long fileId) {
    this.client = client;
    this.path = path;
    this.fileId = fileId;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public LocatedBlock addBlock(Block previous) throws IOException {
    AddBlockRequest.Builder request = AddBlockRequest.newBuilder().setPath(path).setFileId(fileId)
        .setClientName(client.clientName())
        .setWriterHost(client.localHost());
    if (previous != null) {
      request.setPrevious(previous);
    }
    long now = System.nanoTime();
    failedAtNanos.values().removeIf(at -> now - at > EXCLUDE_FAILED_NANOS);
    if (failedAtNanos.isEmpty()) {
      return client.call(s -> s.addBlock(request.build())).getBlock();
    }
    try {
      return client.call(s -> s.addBlock(request.clone().addAllExcludeUuids(failedAtNanos.keySet()).build()))
          .getBlock();
    } catch (CairnException e) {
      if (e.code() != ErrorCode.IO) {
        throw e;
      }
      // No node left once the failed ones are set aside: they may have come back.
      failedAtNanos.clear();
      return client.call(s -> s.addBlock(request.build())).getBlock();
    }
  }

  /**
   * How long a DataNode that failed this writer is kept out of its new blocks, as HDFS's writer does
   * ({@code dfs.client.write.exclude.nodes.cache.expiry.interval.millis}): without it every block
   * went to a dead node until the NameNode declared it dead, each rebuilding its pipeline.
   */
  static final long EXCLUDE_FAILED_NANOS = TimeUnit.MINUTES.toNanos(10);

  @Override
  public void dataNodeFailed(String uuid) {
    failedAtNanos.put(uuid, System.nanoTime());
  }

  @Override
  public void fsync(long lastBlockLengthBytes) throws IOException {
    client.call(s -> s.fsync(FsyncRequest.newBuilder().setPath(path).setFileId(fileId)
        .setClientName(client.clientName())
        .setLastBlockLengthBytes(lastBlockLengthBytes).build()));
  }

  @Override
  public boolean complete(Block last, long lengthBytes) throws IOException {
    CompleteRequest.Builder request = CompleteRequest.newBuilder().setPath(path).setFileId(fileId)
        .setClientName(client.clientName())
        .setLengthBytes(lengthBytes);
    if (last != null) {
      request.setLast(last);
    }
    return client.call(s -> s.complete(request.build())).getCompleted();
  }

  @Override
  public boolean completeInline(byte[] data) throws IOException {
    return client.call(s -> s.complete(CompleteRequest.newBuilder().setPath(path).setFileId(fileId)
        .setClientName(client.clientName()).setLengthBytes(data.length).setInlineData(ByteString.copyFrom(data))
        .build())).getCompleted();
  }

  @Override
  public PipelineUpdate updateBlockForPipeline(Block block, Collection<String> avoid, int wanted) throws IOException {
    UpdateBlockForPipelineResponse r = client.call(s -> s.updateBlockForPipeline(UpdateBlockForPipelineRequest
        .newBuilder().setPath(path).setFileId(fileId).setClientName(client.clientName()).setBlock(block).addAllExcludeUuids(avoid)
        .setWantedReplacements(wanted).build()));
    return new PipelineUpdate(r.getNewGenstamp(), r.getReplacementsList());
  }

  @Override
  public void updatePipeline(Block oldBlock, Block newBlock, List<DatanodeInfo> pipeline) throws IOException {
    client.call(s -> s.updatePipeline(UpdatePipelineRequest.newBuilder().setPath(path)
        .setFileId(fileId).setClientName(client.clientName()).setOldBlock(oldBlock).setNewBlock(newBlock).addAllPipeline(pipeline)
        .build()));
  }
}
