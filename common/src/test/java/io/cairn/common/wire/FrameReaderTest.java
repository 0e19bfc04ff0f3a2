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
