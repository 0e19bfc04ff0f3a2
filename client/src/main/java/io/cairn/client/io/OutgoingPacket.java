package io.cairn.client.io;

import io.cairn.proto.PacketHeader;

/**
 * A sealed packet on its way to a pipeline: its header, the checksums of its data (one per 512
 * bytes, counted from the packet's first byte) and the data in {@code data[0, header.dataLength)}.
 * Immutable once sealed; kept until acknowledged.
 */
public record OutgoingPacket(PacketHeader header, byte[] checksums, byte[] data) {
  public int dataLength() {
    return header.getDataLengthBytes();
  }

  /** Block offset just past this packet's data. */
  public long endOffset() {
    return header.getOffsetInBlockBytes() + header.getDataLengthBytes();
  }
}
