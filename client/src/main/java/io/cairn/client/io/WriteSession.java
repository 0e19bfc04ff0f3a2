package io.cairn.client.io;

import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.util.Collection;
import java.util.List;

/** What a writer asks of the NameNode for the one file it holds the lease of. */
public interface WriteSession {
  /** The file's path, for messages. */
  String path();

  /**
   * A new block after {@code previous} (with its final length; null for the file's first block), on
   * DataNodes other than those that failed this writer lately ({@link #dataNodeFailed}).
   */
  LocatedBlock addBlock(Block previous) throws IOException;

  /** A DataNode (uuid) failed one of this writer's pipelines: later blocks avoid it for a while. */
  void dataNodeFailed(String uuid);

  /** Makes {@code lastBlockLengthBytes} of the last block visible to readers (hflush/hsync). */
  void fsync(long lastBlockLengthBytes) throws IOException;

  /**
   * Closes the file. {@code last} is its last block with its final length, or null when it has no
   * blocks (then {@code lengthBytes}, 0, counts). False while the NameNode waits for replicas.
   */
  boolean complete(Block last, long lengthBytes) throws IOException;

  /** Closes a file without blocks, handing the NameNode {@code data}, its whole content, to keep. */
  boolean completeInline(byte[] data) throws IOException;

  /**
   * Pipeline recovery, step 1: a new generation stamp for {@code block} (the file's last block, at the
   * stamp the NameNode knows) and up to {@code wanted} live nodes, none in {@code avoid}, to replace
   * failed ones.
   */
  PipelineUpdate updateBlockForPipeline(Block block, Collection<String> avoid, int wanted) throws IOException;

  /** Pipeline recovery, step 2: every node of {@code pipeline} now holds {@code newBlock}. */
  void updatePipeline(Block oldBlock, Block newBlock, List<DatanodeInfo> pipeline) throws IOException;

  /** The NameNode's answer to {@link #updateBlockForPipeline}. */
  record PipelineUpdate(long newGenstamp, List<DatanodeInfo> replacements) {
    public PipelineUpdate {
      replacements = List.copyOf(replacements);
    }
  }
}
