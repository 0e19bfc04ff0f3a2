package io.cairn.client;

import com.google.protobuf.ByteString;
import io.cairn.client.io.WriteSession;
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

/** The NameNode calls of one file being written by a {@link CairnClient}. */
final class NameNodeWriteSession implements WriteSession {
  private final CairnClient client;
  private final String path;
  /** The file's inode id: the NameNode finds the file by it, so a rename does not cut the writer off. */
  private final long fileId;

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
    return client.call(s -> s.addBlock(request.build())).getBlock();
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
