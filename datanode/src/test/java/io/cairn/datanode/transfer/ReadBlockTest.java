package io.cairn.datanode.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.wire.Checksums;
import io.cairn.datanode.server.DataNode;
import io.cairn.common.testing.Conditions;
import io.cairn.datanode.testing.TestClient;
import io.cairn.datanode.testing.TestNodes;
import io.cairn.common.wire.FrameType;
import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.Block;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** READ_BLOCK over a real socket against one DataNode. */
class ReadBlockTest {
  private static final int LENGTH = 200_000;

  @TempDir
  Path tmp;

  private DataNode dn;
  private byte[] data;
  private final Block block = Block.newBuilder().setId(31).setGenstamp(3).build();

  @BeforeEach
  void writeABlock() throws Exception {
    dn = TestNodes.start(tmp, "none");
    data = new byte[LENGTH];
    new Random(5).nextBytes(data);
    try (TestClient client = new TestClient(dn.port())) {
      assertThat(client.startWrite(block, List.of()).getStatus()).isEqualTo(TransferStatus.OK);
      client.writePackets(data, 65536);
    }
  }

  @AfterEach
  void stop() {
    dn.close();
  }

  private static void assertChecksumsMatch(TestClient.ReadResult r) {
    for (TestClient.ReceivedPacket p : r.packets()) {
      assertThat(Checksums.firstMismatch(ByteBuffer.wrap(p.data()), ByteBuffer.wrap(p.checksums()))).isEqualTo(-1);
    }
  }

  @Test
  void aReadFromInsideAChunkStartsAtTheChunkAndSpansPackets() throws Exception {
    long offset = 70_000 + 100;
    long before = dn.transferStats().zeroCopyBytesSent();
    TestClient.ReadResult r;
    try (TestClient client = new TestClient(dn.port())) {
      r = client.read(block, offset, 100_000);
    }
    long first = offset / 512 * 512;
    long end = Math.min(LENGTH, (offset + 100_000 + 511) / 512 * 512);
    assertThat(r.response().getStatus()).isEqualTo(TransferStatus.OK);
    assertThat(r.response().getFirstChunkOffsetBytes()).isEqualTo(first);
    assertThat(r.response().getBytesPerChecksum()).isEqualTo(512);
    assertThat(r.response().getReplicaLengthBytes()).isEqualTo(LENGTH);
    assertThat(r.packets()).hasSizeGreaterThan(1);
    long expectOffset = first;
    for (int i = 0; i < r.packets().size(); i++) {
      assertThat(r.packets().get(i).header().getSeqno()).isEqualTo(i);
      assertThat(r.packets().get(i).header().getOffsetInBlockBytes()).isEqualTo(expectOffset);
      expectOffset += r.packets().get(i).data().length;
    }
    assertThat(r.data()).isEqualTo(Arrays.copyOfRange(data, (int) first, (int) end));
    assertChecksumsMatch(r);
    // The count grows when a FileRegion's write completes on the server, which may be after the client has the bytes.
    long expected = before + (end - first);
    Conditions.await("FileRegion bytes reach " + expected, Duration.ofSeconds(20),
        () -> dn.transferStats().zeroCopyBytesSent() >= expected);
  }

  @Test
  void aWholeReadEndsWithThePartialLastChunk() throws Exception {
    try (TestClient client = new TestClient(dn.port())) {
      TestClient.ReadResult r = client.read(block, 0, -1);
      assertThat(r.data()).isEqualTo(data);
      assertChecksumsMatch(r);
      assertThat(r.packets().getLast().header().getLast()).isTrue();
      TestClient.ReadResult again = client.read(block, LENGTH, -1);
      assertThat(again.response().getStatus()).isEqualTo(TransferStatus.OK);
      assertThat(again.data()).isEqualTo(Arrays.copyOfRange(data, LENGTH / 512 * 512, LENGTH));
    }
  }

  /** A read's packets are larger than a write's: fewer of them cost both ends less per MiB. */
  @Test
  void aReadOfMoreBurstsThanMayBeInFlightArrivesWholeAndInOrderInReadSizedPackets() throws Exception {
    int packetBytes = DataTransfer.MAX_READ_PACKET_DATA_BYTES;
    int packets = ReadExchange.PACKETS_PER_BURST * (ReadExchange.MAX_BURSTS_IN_FLIGHT + 1) + 1;
    byte[] big = new byte[packets * packetBytes - 1000];
    new Random(6).nextBytes(big);
    Block bigBlock = Block.newBuilder().setId(32).setGenstamp(1).build();
    long before = dn.transferStats().zeroCopyBytesSent();
    try (TestClient client = new TestClient(dn.port())) {
      assertThat(client.startWrite(bigBlock, List.of()).getStatus()).isEqualTo(TransferStatus.OK);
      client.writePackets(big, DataTransfer.MAX_PACKET_DATA_BYTES);
    }
    try (TestClient client = new TestClient(dn.port())) {
      TestClient.ReadResult r = client.read(bigBlock, 0, -1, packetBytes);
      assertThat(r.data()).isEqualTo(big);
      assertChecksumsMatch(r);
      assertThat(r.packets()).hasSize(packets);
      for (int i = 0; i < packets; i++) {
        assertThat(r.packets().get(i).header().getSeqno()).isEqualTo(i);
        assertThat(r.packets().get(i).header().getOffsetInBlockBytes()).isEqualTo((long) i * packetBytes);
        assertThat(r.packets().get(i).header().getLast()).isEqualTo(i == packets - 1);
      }
    }
    long expected = before + big.length;
    Conditions.await("FileRegion bytes reach " + expected, Duration.ofSeconds(20),
        () -> dn.transferStats().zeroCopyBytesSent() >= expected);
  }

  /** A reader that does not say what it takes gets a write's packets; one that asks for less gets whole chunks. */
  @Test
  void aReadsPacketsAreAsLargeAsTheReaderTakes() throws Exception {
    byte[] data = new byte[3 * DataTransfer.MAX_PACKET_DATA_BYTES];
    new Random(8).nextBytes(data);
    Block block = Block.newBuilder().setId(33).setGenstamp(1).build();
    try (TestClient client = new TestClient(dn.port())) {
      assertThat(client.startWrite(block, List.of()).getStatus()).isEqualTo(TransferStatus.OK);
      client.writePackets(data, DataTransfer.MAX_PACKET_DATA_BYTES);
    }
    try (TestClient client = new TestClient(dn.port())) {
      assertPacketSizes(client.read(block, 0, -1), data, DataTransfer.MAX_PACKET_DATA_BYTES);
      assertPacketSizes(client.read(block, 0, -1, 1000), data, 512);
      assertPacketSizes(client.read(block, 0, -1, 100), data, 512);
      assertPacketSizes(client.read(block, 0, -1, Integer.MAX_VALUE), data, data.length);
    }
  }

  private static void assertPacketSizes(TestClient.ReadResult r, byte[] data, int packetBytes) {
    assertThat(r.data()).isEqualTo(data);
    assertThat(r.packets()).hasSize(data.length / packetBytes);
    assertThat(r.packets()).allSatisfy(p -> assertThat(p.header().getDataLengthBytes()).isEqualTo(packetBytes));
  }

  /**
   * Reads run on the event loop and a connection moves to a disk thread at its first write: the
   * write's packets, sent right behind its request before any answer, must all reach the moved
   * dispatcher in order, and the connection must go on serving reads after it.
   */
  @Test
  void aConnectionThatReadsThenWritesThenReadsServesAllThree() throws Exception {
    Block second = Block.newBuilder().setId(33).setGenstamp(1).build();
    byte[] more = new byte[3 * 65536 + 123];
    new Random(7).nextBytes(more);
    try (TestClient client = new TestClient(dn.port())) {
      assertThat(client.read(block, 0, -1).data()).isEqualTo(data);
      client.send(FrameType.OP_REQUEST, OpRequest.newBuilder().setWriteBlock(WriteBlockOp.newBuilder()
          .setBlock(second).setClientName("test")).build());
      int packets = (more.length + 65535) / 65536;
      for (int i = 0; i < packets; i++) {
        int off = i * 65536;
        client.sendPacket(i, off, more, off, Math.min(65536, more.length - off), i == packets - 1, false);
      }
      assertThat(((OpResponse) client.readFrame()).getStatus()).isEqualTo(TransferStatus.OK);
      for (int i = 0; i < packets; i++) {
        PipelineAck ack = (PipelineAck) client.readFrame();
        assertThat(ack.getSeqno()).isEqualTo(i);
        assertThat(ack.getRepliesList()).containsOnly(TransferStatus.OK);
      }
      TestClient.ReadResult r = client.read(second, 0, -1);
      assertThat(r.data()).isEqualTo(more);
      assertChecksumsMatch(r);
      assertThat(client.read(block, 0, -1).data()).isEqualTo(data);
    }
  }

  @Test
  void unknownBlocksStaleStampsAndBadOffsetsAreRefused() throws Exception {
    try (TestClient client = new TestClient(dn.port())) {
      TestClient.ReadResult r = client.read(Block.newBuilder().setId(999).setGenstamp(1).build(), 0, -1);
      assertThat(r.response().getStatus()).isEqualTo(TransferStatus.REPLICA_NOT_FOUND);
      assertThat(client.readFrame()).isNull();
    }
    try (TestClient client = new TestClient(dn.port())) {
      TestClient.ReadResult r = client.read(block.toBuilder().setGenstamp(4).build(), 0, -1);
      assertThat(r.response().getStatus()).isEqualTo(TransferStatus.REPLICA_NOT_FOUND);
    }
    try (TestClient client = new TestClient(dn.port())) {
      TestClient.ReadResult r = client.read(block, LENGTH + 1, -1);
      assertThat(r.response().getStatus()).isEqualTo(TransferStatus.BAD_REQUEST);
      assertThat(r.response().getMessage()).contains("past the end");
    }
  }
}
