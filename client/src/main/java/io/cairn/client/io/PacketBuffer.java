package io.cairn.client.io;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.PacketHeader;

/**
 * Collects written bytes for one packet and seals it with its chunk checksums. Pure; not
 * thread-safe.
 *
 * <p>Packet boundaries ({@link #capacityAt}): a packet holds at most 64 KiB, never crosses the end
 * of its block, and one that starts inside a chunk (after an hflush of a partial chunk, or an
 * append to a replica ending mid-chunk) holds only the rest of that chunk, so every later packet
 * starts on a chunk boundary and its checksums line up with the block's.
 */
final class PacketBuffer {
  private final long offsetInBlock;
  private final byte[] data;
  private int length;

  PacketBuffer(long offsetInBlock, int capacity) {
    this.offsetInBlock = offsetInBlock;
    this.data = new byte[capacity];
  }

  /** Most data bytes a packet starting at {@code offsetInBlock} may hold in a block of {@code blockSizeBytes}. */
  static int capacityAt(long offsetInBlock, long blockSizeBytes) {
    long intoChunk = offsetInBlock % DataTransfer.BYTES_PER_CHECKSUM;
    long cap = intoChunk == 0 ? DataTransfer.MAX_PACKET_DATA_BYTES : DataTransfer.BYTES_PER_CHECKSUM - intoChunk;
    return (int) Math.min(cap, blockSizeBytes - offsetInBlock);
  }

  /** Takes as many of {@code b[off, off+len)} as fit; returns how many. */
  int write(byte[] b, int off, int len) {
    int n = Math.min(len, data.length - length);
    System.arraycopy(b, off, data, length, n);
    length += n;
    return n;
  }

  boolean isFull() {
    return length == data.length;
  }

  int length() {
    return length;
  }

  long endOffset() {
    return offsetInBlock + length;
  }

  OutgoingPacket seal(long seqno, boolean last, boolean sync) {
    PacketHeader header = PacketHeader.newBuilder().setSeqno(seqno).setOffsetInBlockBytes(offsetInBlock)
        .setDataLengthBytes(length).setLast(last).setSync(sync).build();
    return new OutgoingPacket(header, Checksums.compute(data, 0, length), data);
  }
}
