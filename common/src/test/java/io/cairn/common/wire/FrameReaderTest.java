package io.cairn.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameReaderTest {
  @Test
  void messagesAndPacketsRoundTrip() throws IOException {
    byte[] data = new byte[1300];
    Arrays.fill(data, (byte) 7);
    PacketHeader header = PacketHeader.newBuilder().setSeqno(3).setOffsetInBlockBytes(1024)
        .setDataLengthBytes(data.length).setLast(true).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(bytes);
    writer.write(FrameType.OP_RESPONSE, OpResponse.newBuilder().setStatus(TransferStatus.OK).build());
    writer.writePacket(header, Checksums.compute(data, 0, data.length), data, 0, data.length);
    writer.write(FrameType.PIPELINE_ACK, PipelineAck.newBuilder().setSeqno(3).build());
    writer.flush();

    FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
    assertThat(reader.read().parse(OpResponse.parser()).getStatus()).isEqualTo(TransferStatus.OK);
    Frame frame = reader.read();
    assertThat(frame.type()).isEqualTo(FrameType.PACKET);
    Packet packet = frame.packet();
    assertThat(packet.header()).isEqualTo(header);
    assertThat(packet.data().remaining()).isEqualTo(1300);
    assertThat(packet.checksums().remaining()).isEqualTo(3 * 4);
    assertThat(Checksums.firstMismatch(packet.data(), packet.checksums())).isEqualTo(-1);
    assertThat(reader.read().parse(PipelineAck.parser()).getSeqno()).isEqualTo(3);
    assertThatThrownBy(reader::read).isExactlyInstanceOf(EOFException.class);
  }

  @Test
  void aPacketIsReadInPartsIntoTheCallersArray() throws IOException {
    byte[] data = new byte[1300];
    Arrays.fill(data, (byte) 9);
    PacketHeader header = PacketHeader.newBuilder().setSeqno(1).setOffsetInBlockBytes(512)
        .setDataLengthBytes(data.length).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(bytes);
    writer.writePacket(header, Checksums.compute(data, 0, data.length), data, 0, data.length);
    writer.write(FrameType.PIPELINE_ACK, PipelineAck.newBuilder().setSeqno(1).build());
    writer.flush();

    FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes.toByteArray()));
    PacketHead head = new PacketHead();
    assertThat(reader.readOrPacketHead(head)).isNull();
    assertThat(head.header()).isEqualTo(header);
    assertThat(head.checksumBytes()).isEqualTo(3 * 4);
    byte[] into = new byte[1310];
    reader.readData(into, 10, head.dataLength());
    assertThat(Checksums.firstMismatch(into, 10, 1300, head.checksums(), 0)).isEqualTo(-1);
    into[10 + 1024] ^= 1;
    assertThat(Checksums.firstMismatch(into, 10, 1300, head.checksums(), 0)).isEqualTo(2);
    Frame ack = reader.readOrPacketHead(head);
    assertThat(ack.parse(PipelineAck.parser()).getSeqno()).isEqualTo(1);
  }

  @Test
  void aPacketHeadWhoseLengthsDisagreeIsRefused() throws IOException {
    PacketHeader header = PacketHeader.newBuilder().setDataLengthBytes(600).build();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(bytes);
    byte[] data = new byte[500];
    writer.writePacket(header.toBuilder().setDataLengthBytes(500).build(), Checksums.compute(data, 0, 500),
        data, 0, 500);
    writer.flush();
    byte[] wire = bytes.toByteArray();
    // Claim 600 data bytes in a frame that holds 500.
    byte[] headerBytes = header.toByteArray();
    System.arraycopy(headerBytes, 0, wire, 9, headerBytes.length);
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire)).readOrPacketHead(new PacketHead()))
        .isInstanceOf(FrameException.class).hasMessageContaining("expected");
  }

  @Test
  void refusesAFrameAboveTheLimit() {
    byte[] wire = frameHeader(DataTransfer.MAX_FRAME_BYTES + 1, FrameType.PACKET.code());
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire)).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("frame length 1048577");
  }

  @Test
  void refusesANegativeOrEmptyLength() {
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frameHeader(0, 1))).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("frame length 0");
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frameHeader(-1, 1))).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("frame length 4294967295");
  }

  @Test
  void refusesAnUnknownType() {
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(frameHeader(1, 9))).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("unknown frame type 9");
  }

  @Test
  void refusesATruncatedFrame() {
    byte[] header = frameHeader(100, FrameType.OP_REQUEST.code());
    byte[] wire = Arrays.copyOf(header, header.length + 10);
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire)).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("truncated");
    byte[] halfLength = {0, 0};
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(halfLength)).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("truncated");
  }

  @Test
  void aPayloadThatDoesNotParseIsAFrameError() throws IOException {
    byte[] header = frameHeader(3, FrameType.OP_RESPONSE.code());
    byte[] wire = Arrays.copyOf(header, header.length + 2);
    wire[header.length] = (byte) 0xff;
    wire[header.length + 1] = (byte) 0xff;
    Frame frame = new FrameReader(new ByteArrayInputStream(wire)).read();
    assertThatThrownBy(() -> frame.parse(OpResponse.parser()))
        .isInstanceOf(FrameException.class).hasMessageContaining("OP_RESPONSE");
  }

  @Test
  void aSmallerAgreedLimitIsEnforced() {
    byte[] wire = frameHeader(65, FrameType.OP_REQUEST.code());
    assertThatThrownBy(() -> new FrameReader(new ByteArrayInputStream(wire), 64).read())
        .isInstanceOf(FrameException.class).hasMessageContaining("outside [1, 64]");
  }

  private static byte[] frameHeader(int length, int type) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(length);
      out.writeByte(type);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return ByteBuffer.wrap(bytes.toByteArray()).array();
  }
}
