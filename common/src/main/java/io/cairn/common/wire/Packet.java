package io.cairn.common.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.proto.PacketHeader;
import java.nio.ByteBuffer;

/**
 * A decoded PACKET frame payload: {@code headerLength:int32 | PacketHeader | checksums | data}.
 * The buffers are read-only views of the frame's payload, positioned at their first byte.
 */
public record Packet(PacketHeader header, ByteBuffer checksums, ByteBuffer data) {
  /** Bytes of the {@code headerLength} field. */
  public static final int HEADER_LENGTH_BYTES = 4;

  /**
   * Decodes and validates a packet payload: the header parses, the data length is within
   * {@link DataTransfer#MAX_PACKET_DATA_BYTES}, the offset is not negative and the payload holds
   * exactly one checksum per 512 data bytes plus the data.
   */
  public static Packet decode(byte[] payload) throws FrameException {
    if (payload.length < HEADER_LENGTH_BYTES) {
      throw new FrameException("packet of " + payload.length + " bytes is shorter than its header length field");
    }
    ByteBuffer buf = ByteBuffer.wrap(payload).asReadOnlyBuffer();
    int headerLength = buf.getInt();
    if (headerLength < 0 || headerLength > payload.length - HEADER_LENGTH_BYTES) {
      throw new FrameException("packet header length " + headerLength + " does not fit a packet of "
          + payload.length + " bytes");
    }
    PacketHeader header;
    try {
      header = PacketHeader.parseFrom(buf.slice(HEADER_LENGTH_BYTES, headerLength));
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException("packet header does not parse: " + e.getMessage(), e);
    }
    int dataLength = header.getDataLengthBytes();
    if (dataLength < 0 || dataLength > DataTransfer.MAX_PACKET_DATA_BYTES) {
      throw new FrameException("packet data length " + dataLength + " is outside [0, "
          + DataTransfer.MAX_PACKET_DATA_BYTES + "]");
    }
    if (header.getOffsetInBlockBytes() < 0) {
      throw new FrameException("packet offset " + header.getOffsetInBlockBytes() + " is negative");
    }
    int sumsLength = DataTransfer.checksumCount(dataLength) * DataTransfer.CHECKSUM_SIZE;
    int sumsStart = HEADER_LENGTH_BYTES + headerLength;
    int expected = sumsStart + sumsLength + dataLength;
    if (payload.length != expected) {
      throw new FrameException("packet of " + payload.length + " bytes, expected " + expected + " for "
          + dataLength + " data bytes and their checksums");
    }
    return new Packet(header, buf.slice(sumsStart, sumsLength), buf.slice(sumsStart + sumsLength, dataLength));
  }

  /** Bytes of the payload for a packet with this header and {@code dataLength} data bytes. */
  public static int payloadLength(PacketHeader header, int dataLength) {
    return HEADER_LENGTH_BYTES + header.getSerializedSize()
        + DataTransfer.checksumCount(dataLength) * DataTransfer.CHECKSUM_SIZE + dataLength;
  }
}
