package io.cairn.client.io;

import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;

/**
 * Data read from a replica did not match its checksum. ErrorCode {@code IO}: the codes travel over
 * the NameNode's wire and this one is the client's own finding; the subclass lets callers tell a
 * corrupt replica (try another, report it) from a node that could not be reached.
 */
public final class ChecksumException extends DataNodeException {
  private static final long serialVersionUID = 1L;

  private final transient Block block;
  private final long offsetInBlockBytes;

  public ChecksumException(Block block, long offsetInBlockBytes, DatanodeInfo datanode) {
    super(datanode, "checksum mismatch in " + describe(block) + " at offset " + offsetInBlockBytes
        + " of the block, read from " + describe(datanode));
    this.block = block;
    this.offsetInBlockBytes = offsetInBlockBytes;
  }

  public Block block() {
    return block;
  }

  /** The start of the first chunk that did not match. */
  public long offsetInBlockBytes() {
    return offsetInBlockBytes;
  }
}
