package io.cairn.common.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.cairn.proto.PacketHeader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes data-transfer frames to a blocking stream (docs/formats/data-transfer.md). Not
 * thread-safe. Frames stay in the stream's buffer until {@link #flush()}, so a caller can batch a
 * request with what follows it.
 */
public final class FrameWriter {
  private final DataOutputStream out;

  /** {@code out} should be buffered. */
  public FrameWriter(OutputStream out) {
    this.out = out instanceof DataOutputStream d ? d : new DataOutputStream(out);
  }

  /** Writes a frame whose payload is one protobuf message (OP_REQUEST, OP_RESPONSE, PIPELINE_ACK). */
  public void write(FrameType type, MessageLite message) throws IOException {
    int size = message.getSerializedSize();
    writeFrameHeader(type, size);
    message.writeTo(out);
  }

  /**
   * Writes a PACKET frame. Requires: {@code sums} holds one checksum per 512 bytes of
   * {@code data[off, off+len)} and {@code len} equals the header's data length.
   */
  public void writePacket(PacketHeader header, byte[] sums, byte[] data, int off, int len) throws IOException {
    int sumsLength = DataTransfer.checksumCount(len) * DataTransfer.CHECKSUM_SIZE;
    if (header.getDataLengthBytes() != len || sums.length < sumsLength) {
      throw new IllegalArgumentException("packet header says " + header.getDataLengthBytes()
          + " data bytes, got " + len + " with " + sums.length + " checksum bytes");
    }
    int headerSize = header.getSerializedSize();
    writeFrameHeader(FrameType.PACKET, Packet.payloadLength(header, len));
    out.writeInt(headerSize);
    CodedOutputStream coded = CodedOutputStream.newInstance(out, Math.max(headerSize, 1));
    header.writeTo(coded);
    coded.flush();
    out.write(sums, 0, sumsLength);
    out.write(data, off, len);
  }

  public void flush() throws IOException {
    out.flush();
  }

  private void writeFrameHeader(FrameType type, int payloadSize) throws IOException {
    long length = 1L + payloadSize;
    if (length > DataTransfer.MAX_FRAME_BYTES) {
      throw new IllegalArgumentException(type + " frame of " + length + " bytes exceeds "
          + DataTransfer.MAX_FRAME_BYTES);
    }
    out.writeInt((int) length);
    out.writeByte(type.code());
  }
}
