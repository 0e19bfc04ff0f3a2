package io.cairn.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.PacketHeader;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PacketTest {
  @Test
  void anEmptyLastPacketDecodes() throws FrameException {
    PacketHeader header = PacketHeader.newBuilder().setSeqno(9).setLast(true).build();
    Packet packet = Packet.decode(payload(header, new byte[0], new byte[0]));
    assertThat(packet.header().getLast()).isTrue();
    assertThat(packet.data().remaining()).isZero();
    assertThat(packet.checksums().remaining()).isZero();
  }

  @Test
  void refusesAChecksumCountThatDoesNotMatchTheData() {
    PacketHeader header = PacketHeader.newBuilder().setDataLengthBytes(1024).build();
    byte[] data = new byte[1024];
    assertThatThrownBy(() -> Packet.decode(payload(header, new byte[4], data)))
        .isInstanceOf(FrameException.class).hasMessageContaining("expected");
  }

  @Test
  void refusesMoreDataThanAReadsPacketHolds() {
    int tooMuch = DataTransfer.MAX_READ_PACKET_DATA_BYTES + 1;
    PacketHeader header = PacketHeader.newBuilder().setDataLengthBytes(tooMuch).build();
    byte[] data = new byte[tooMuch];
    assertThatThrownBy(() -> Packet.decode(payload(header, Checksums.compute(data, 0, tooMuch), data)))
        .isInstanceOf(FrameException.class).hasMessageContaining("data length 262145");
  }

  @Test
  void refusesAHeaderLengthPastThePayload() {
    byte[] bad = ByteBuffer.allocate(8).putInt(100).array();
    assertThatThrownBy(() -> Packet.decode(bad)).isInstanceOf(FrameException.class)
        .hasMessageContaining("header length 100");
  }

  private static byte[] payload(PacketHeader header, byte[] sums, byte[] data) {
    byte[] h = header.toByteArray();
    return ByteBuffer.allocate(4 + h.length + sums.length + data.length).putInt(h.length).put(h).put(sums)
        .put(data).array();
  }
}
