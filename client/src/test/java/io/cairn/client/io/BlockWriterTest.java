package io.cairn.client.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proto.Block;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.TransferStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WRITE_BLOCK exchange against a DataNode double over a real socket. */
class BlockWriterTest {
  final FakeDataNode dn;
  final LocatedBlock located;

  BlockWriterTest() throws IOException {
    dn = new FakeDataNode("dn-w");
    located = LocatedBlock.newBuilder().setBlock(Block.newBuilder().setId(5).setGenstamp(3)).addLocations(dn.info())
        .build();
  }

  @AfterEach
  void stop() throws IOException {
    dn.close();
  }

  @Test
  void streamsPacketsThroughASmallWindowAndWaitsForEveryAck() throws IOException {
    DataPathOptions options = DataPathOptions.defaults().withWriteWindowPackets(2);
    byte[] data = CairnOutputStreamTest.bytes(10 * 65_536 + 5);
    try (BlockWriter writer = BlockWriter.open(located, false, "c", options)) {
      long offset = 0;
      for (int seqno = 0; offset < data.length; seqno++) {
        int n = (int) Math.min(65_536, data.length - offset);
        PacketBuffer p = new PacketBuffer(offset, n);
        p.write(data, (int) offset, n);
        offset += n;
        writer.send(p.seal(seqno, offset == data.length, false));
      }
      writer.awaitAcked();
    }
    assertThat(dn.blocks.get(5L)).isEqualTo(data);
    assertThat(dn.received).hasSize(11);
  }

  @Test
  void aBadAckFailsTheWriteNamingTheDataNode() throws IOException {
    dn.badAckSeqno = 1;
    dn.badAckStatus = TransferStatus.IO_ERROR;
    try (BlockWriter writer = BlockWriter.open(located, false, "c", DataPathOptions.defaults())) {
      writer.send(packet(0, 0));
      writer.send(packet(1, 512));
      assertThatThrownBy(writer::awaitAcked).isInstanceOf(DataNodeException.class)
          .hasMessageContaining("DataNode dn-w (127.0.0.1:" + dn.info().getDataPort() + ")")
          .hasMessageContaining("IO_ERROR for packet 1").hasMessageContaining("blk_5_3")
          .satisfies(e -> assertThat(((DataNodeException) e).datanode()).isEqualTo(dn.info()));
      assertThatThrownBy(() -> writer.send(packet(2, 1_024))).isInstanceOf(DataNodeException.class);
    }
  }

  @Test
  void aRefusedSetupNamesTheFailedNode() {
    dn.setupStatus = TransferStatus.DOWNSTREAM_FAILED;
    assertThatThrownBy(() -> BlockWriter.open(located, false, "c", DataPathOptions.defaults()))
        .isInstanceOf(DataNodeException.class).hasMessageContaining("dn-w")
        .hasMessageContaining("DOWNSTREAM_FAILED");
  }

  @Test
  void noAckWithinTheReadTimeoutFailsInsteadOfHanging() throws IOException {
    dn.silentFromSeqno = 0;
    DataPathOptions options = DataPathOptions.defaults().withReadTimeoutMs(200);
    try (BlockWriter writer = BlockWriter.open(located, false, "c", options)) {
      writer.send(packet(0, 0));
      assertThatThrownBy(writer::awaitAcked).isInstanceOf(DataNodeException.class)
          .hasMessageContaining("dn-w").hasMessageContaining("timed out");
    }
  }

  @Test
  void aFullWindowBlocksTheSenderUntilThePipelineFails() throws IOException {
    dn.silentFromSeqno = 0;
    DataPathOptions options = DataPathOptions.defaults().withWriteWindowPackets(2).withReadTimeoutMs(200);
    try (BlockWriter writer = BlockWriter.open(located, false, "c", options)) {
      writer.send(packet(0, 0));
      writer.send(packet(1, 512));
      // The third packet does not fit the window: send waits for an ack that never comes, then fails.
      assertThatThrownBy(() -> writer.send(packet(2, 1_024))).isInstanceOf(DataNodeException.class)
          .hasMessageContaining("timed out");
    }
    assertThat(dn.received).extracting(h -> h.getSeqno()).doesNotContain(2L);
  }

  @Test
  void anUnreachableDataNodeIsNamed() throws IOException {
    // A bound socket that does not listen holds its port, so a connection to it is refused (a
    // closed listener's port could be taken by another process meanwhile).
    try (Socket holder = new Socket()) {
      holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      LocatedBlock nowhere = located.toBuilder().setLocations(0, dn.info().toBuilder()
          .setDataPort(holder.getLocalPort())).build();
      assertThatThrownBy(() -> BlockWriter.open(nowhere, false, "c", DataPathOptions.defaults()))
          .isInstanceOf(DataNodeException.class).hasMessageContaining("cannot connect to DataNode dn-w");
    }
  }

  private static OutgoingPacket packet(long seqno, long offset) {
    PacketBuffer p = new PacketBuffer(offset, 512);
    p.write(new byte[512], 0, 512);
    return p.seal(seqno, false, false);
  }
}
