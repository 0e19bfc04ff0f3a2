package io.cairn.client.io;

import com.google.protobuf.ByteString;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import java.util.List;

/**
 * A file's readable length and its blocks in file order, as the NameNode answered. The length
 * includes what a writer has made visible with hflush; a block's readable range ends where the
 * next block starts, and the last one at the file's length. A file whose bytes the namespace keeps
 * has no blocks and carries them ({@code inlineData}, else null). Immutable.
 */
public record LocatedFile(String path, long lengthBytes, List<LocatedBlock> blocks, ByteString inlineData) {
  public LocatedFile {
    blocks = List.copyOf(blocks);
  }

  public LocatedFile(String path, long lengthBytes, List<LocatedBlock> blocks) {
    this(path, lengthBytes, blocks, null);
  }

  /** Checks that the blocks tile {@code [0, length)} without gaps, so every offset has one block. */
  public static LocatedFile of(String path, GetBlockLocationsResponse response) throws CairnException {
    long length = response.getStatus().getLengthBytes();
    if (response.hasInlineData()) {
      if (response.getBlocksCount() > 0 || response.getInlineData().size() != length) {
        throw new CairnException(ErrorCode.INTERNAL, path + ": the NameNode sent " + response.getInlineData().size()
            + " bytes of a file of " + length + " and " + response.getBlocksCount() + " blocks with them");
      }
      return new LocatedFile(path, length, List.of(), response.getInlineData());
    }
    List<LocatedBlock> blocks = response.getBlocksList();
    long expected = 0;
    for (int i = 0; i < blocks.size(); i++) {
      LocatedBlock b = blocks.get(i);
      if (b.getOffsetBytes() != expected) {
        throw new CairnException(ErrorCode.INTERNAL, path + ": the NameNode listed a block at offset "
            + b.getOffsetBytes() + ", expected " + expected);
      }
      expected += b.getBlock().getLengthBytes();
      if (i == blocks.size() - 1) {
        // The last block may be under construction: its readable end is the file's length.
        expected = Math.max(expected, length);
      }
    }
    if (expected < length) {
      throw new CairnException(ErrorCode.INTERNAL, path + ": the NameNode's blocks cover " + expected
          + " of " + length + " bytes");
    }
    return new LocatedFile(path, length, blocks);
  }

  /** Index of the block holding {@code offset}. Requires: {@code 0 <= offset < lengthBytes}. */
  public int blockIndexAt(long offset) {
    int lo = 0;
    int hi = blocks.size() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (blocks.get(mid).getOffsetBytes() <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** File offset where block {@code index}'s readable range ends. */
  public long blockEnd(int index) {
    return index + 1 < blocks.size() ? blocks.get(index + 1).getOffsetBytes() : lengthBytes;
  }
}
