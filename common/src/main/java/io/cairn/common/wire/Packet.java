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
   * {@link DataTransfer#MAX_READ_PACKET_DATA_BYTES} (the DataNode's own parser holds a write's packets
   * to the smaller write bound), the offset is not negative and the payload holds
   * exactly one checksum per 512 data bytes plus the data.
   */
  public static Packet decode(byte[] payload) throws FrameException {
    checkHoldsHeaderLength(payload.length);
    ByteBuffer buf = ByteBuffer.wrap(payload).asReadOnlyBuffer();
    int headerLength = buf.getInt();
    checkHeaderLength(headerLength, payload.length);
    PacketHeader header = parseHeader(buf.slice(HEADER_LENGTH_BYTES, headerLength));
    int sumsLength = checkedChecksumsLength(header, headerLength, payload.length);
    int sumsStart = HEADER_LENGTH_BYTES + headerLength;
    return new Packet(header, buf.slice(sumsStart, sumsLength),
        buf.slice(sumsStart + sumsLength, header.getDataLengthBytes()));
  }

  /*
   * The steps of validating a packet payload, shared by decode and by FrameReader, which reads a
   * packet's parts from the stream without its payload as one array.
   */

  /** Refuses a payload too short for its header length field. */
  static void checkHoldsHeaderLength(int payloadLength) throws FrameException {
    if (payloadLength < HEADER_LENGTH_BYTES) {
      throw new FrameException("packet of " + payloadLength + " bytes is shorter than its header length field");
    }
  }

  /** Refuses a header length that does not fit in the payload. */
  static void checkHeaderLength(int headerLength, int payloadLength) throws FrameException {
    if (headerLength < 0 || headerLength > payloadLength - HEADER_LENGTH_BYTES) {
      throw new FrameException("packet header length " + headerLength + " does not fit a packet of "
          + payloadLength + " bytes");
    }
  }

  static PacketHeader parseHeader(ByteBuffer bytes) throws FrameException {
    try {
      return PacketHeader.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException("packet header does not parse: " + e.getMessage(), e);
    }
  }

  /**
   * Checks the header's data length and offset, and that the payload holds exactly the header, one
   * checksum per 512 data bytes and the data; returns the checksums' length in bytes.
   */
  static int checkedChecksumsLength(PacketHeader header, int headerLength, int payloadLength) throws FrameException {
    int dataLength = header.getDataLengthBytes();
    if (dataLength < 0 || dataLength > DataTransfer.MAX_READ_PACKET_DATA_BYTES) {
      throw new FrameException("packet data length " + dataLength + " is outside [0, "
          + DataTransfer.MAX_READ_PACKET_DATA_BYTES + "]");
    }
    if (header.getOffsetInBlockBytes() < 0) {
      throw new FrameException("packet offset " + header.getOffsetInBlockBytes() + " is negative");
    }
    int sumsLength = DataTransfer.checksumCount(dataLength) * DataTransfer.CHECKSUM_SIZE;
    int expected = HEADER_LENGTH_BYTES + headerLength + sumsLength + dataLength;
    if (payloadLength != expected) {
      throw new FrameException("packet of " + payloadLength + " bytes, expected " + expected + " for "
          + dataLength + " data bytes and their checksums");
    }
    return sumsLength;
  }

  /** Bytes of the payload for a packet with this header and {@code dataLength} data bytes. */
  public static int payloadLength(PacketHeader header, int dataLength) {
    return HEADER_LENGTH_BYTES + header.getSerializedSize()
        + DataTransfer.checksumCount(dataLength) * DataTransfer.CHECKSUM_SIZE + dataLength;
  }
}
