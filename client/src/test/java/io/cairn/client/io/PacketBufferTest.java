package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.wire.Checksums;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PacketBufferTest {
  @Test
  void capacityStopsAtSixtyFourKibAtTheBlockEndAndAtTheEndOfAStartedChunk() {
    assertThat(PacketBuffer.capacityAt(0, 128L << 20)).isEqualTo(65_536);
    assertThat(PacketBuffer.capacityAt(1_024, 10_000)).isEqualTo(10_000 - 1_024);
    assertThat(PacketBuffer.capacityAt(700, 128L << 20)).isEqualTo(324);
    assertThat(PacketBuffer.capacityAt(9_990, 10_000)).isEqualTo(10);
  }

  @Test
  void sealsWithOneChecksumPerChunkCountedFromThePacketStart() {
    PacketBuffer p = new PacketBuffer(4_096, 2_000);
    byte[] data = new byte[3_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31);
    }
    assertThat(p.write(data, 0, data.length)).isEqualTo(2_000);
    assertThat(p.isFull()).isTrue();
    OutgoingPacket sealed = p.seal(7, true, true);
    assertThat(sealed.header().getSeqno()).isEqualTo(7);
    assertThat(sealed.header().getOffsetInBlockBytes()).isEqualTo(4_096);
    assertThat(sealed.header().getLast()).isTrue();
    assertThat(sealed.header().getSync()).isTrue();
    assertThat(sealed.checksums()).hasSize(4 * 4).isEqualTo(Checksums.compute(data, 0, 2_000));
    assertThat(Checksums.firstMismatch(ByteBuffer.wrap(sealed.data(), 0, 2_000), ByteBuffer.wrap(sealed.checksums())))
        .isEqualTo(-1);
    assertThat(sealed.endOffset()).isEqualTo(6_096);
  }
}
