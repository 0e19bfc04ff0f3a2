package io.cairn.common.wire;

import io.cairn.proto.PacketHeader;

/**
 * The part of a PACKET frame before its data: the header and the checksums, decoded by
 * {@link FrameReader#readOrPacketHead} into arrays this object owns and reuses from packet to packet,
 * so a reader allocates nothing per packet for them. Not thread-safe: one per reader.
 */
public final class PacketHead {
  private final byte[] checksums =
      new byte[DataTransfer.checksumCount(DataTransfer.MAX_READ_PACKET_DATA_BYTES) * DataTransfer.CHECKSUM_SIZE];
  private PacketHeader header = PacketHeader.getDefaultInstance();
  private int checksumBytes;

  void set(PacketHeader header, int checksumBytes) {
    this.header = header;
    this.checksumBytes = checksumBytes;
  }

  byte[] checksumArray() {
    return checksums;
  }

  public PacketHeader header() {
    return header;
  }

  public int dataLength() {
    return header.getDataLengthBytes();
  }

  /** The packet's checksums, one per 512 data bytes, in {@code checksums()[0, checksumBytes())}. */
  public byte[] checksums() {
    return checksums;
  }

  public int checksumBytes() {
    return checksumBytes;
  }
}
