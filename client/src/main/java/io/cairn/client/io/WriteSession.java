package io.cairn.client.io;

import io.cairn.proto.Block;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;

/** What a writer asks of the NameNode for the one file it holds the lease of. */
public interface WriteSession {
  /** The file's path, for messages. */
  String path();

  /** A new block after {@code previous} (with its final length; null for the file's first block). */
  LocatedBlock addBlock(Block previous) throws IOException;

  /** Makes {@code lastBlockLengthBytes} of the last block visible to readers (hflush/hsync). */
  void fsync(long lastBlockLengthBytes) throws IOException;

  /**
   * Closes the file. {@code last} is its last block with its final length, or null when it has no
   * blocks (then {@code lengthBytes}, 0, counts). False while the NameNode waits for replicas.
   */
  boolean complete(Block last, long lengthBytes) throws IOException;
}
