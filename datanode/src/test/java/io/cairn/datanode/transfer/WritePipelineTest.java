package io.cairn.datanode.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.testing.PageResidency;
import io.cairn.common.wire.Checksums;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaState;
import io.cairn.datanode.testing.RecordingNameNode;
import io.cairn.datanode.testing.TestClient;
import io.cairn.datanode.testing.TestNodes;
import io.cairn.proto.Block;
import io.cairn.proto.BlockReportRequest;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.IncrementalBlockReportRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.TransferStatus;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes through a real three-DataNode pipeline on 127.0.0.1 and checks every node's disk and reports. */
class WritePipelineTest {
  @TempDir
  Path tmp;

  private RecordingNameNode nameNode;
  private final List<DataNode> nodes = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    nameNode = new RecordingNameNode(0);
    for (int i = 0; i < 3; i++) {
      nodes.add(TestNodes.start(tmp.resolve("dn" + i), nameNode.address()));
    }
  }

  @AfterEach
  void stop() throws Exception {
    nodes.forEach(DataNode::close);
    nameNode.close();
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private List<DatanodeInfo> downstreamOf(int first) {
    return nodes.subList(first + 1, nodes.size()).stream().map(DataNode::info).toList();
  }

  @Test
  void aMultiPacketBlockReachesEveryNodeFinalizedWithItsChecksums() throws Exception {
    byte[] data = bytes(3 * 65536 + 1000, 1);
    Block block = Block.newBuilder().setId(4242).setGenstamp(7).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      List<PipelineAck> acks = client.writePackets(data, 65536);
      assertThat(acks).extracting(PipelineAck::getSeqno).containsExactly(0L, 1L, 2L, 3L);
      assertThat(acks).allSatisfy(a -> assertThat(a.getRepliesList())
          .containsExactly(TransferStatus.OK, TransferStatus.OK, TransferStatus.OK));
    }
    byte[] meta = new byte[7 + Checksums.compute(data, 0, data.length).length];
    System.arraycopy(new byte[] {0, 1, 2, 0, 0, 2, 0}, 0, meta, 0, 7);
    System.arraycopy(Checksums.compute(data, 0, data.length), 0, meta, 7, meta.length - 7);
    for (DataNode dn : nodes) {
      assertThat(dn.store().get(4242)).contains(new Replica(4242, 7, data.length, ReplicaState.FINALIZED));
      Path sub = dn.store().volume().layout().finalizedDir(4242);
      assertThat(Files.readAllBytes(sub.resolve("blk_4242"))).isEqualTo(data);
      assertThat(Files.readAllBytes(sub.resolve("blk_4242_7.meta"))).isEqualTo(meta);
      assertThat(Files.list(dn.store().volume().layout().rbwDir())).isEmpty();
    }
    Set<String> expected = new HashSet<>(nodes.stream().map(dn -> dn.info().getUuid()).toList());
    ReplicaReport finalized = ReplicaReport.newBuilder().setBlockId(4242).setGenstamp(7)
        .setLengthBytes(data.length).setFinalized(true).build();
    // Incremental when the node was registered by then, else in the full report that follows registering.
    nameNode.await(calls -> {
      Set<String> reported = new HashSet<>();
      for (RecordingNameNode.Call c : calls) {
        if (c.request() instanceof IncrementalBlockReportRequest r && r.getReceivedList().stream()
            .map(x -> x.toBuilder().clearPageCached().build()).toList().contains(finalized)) {
          reported.add(r.getUuid());
        } else if (c.request() instanceof BlockReportRequest r && r.getReplicasList().contains(finalized)) {
          reported.add(r.getUuid());
        }
      }
      return reported.equals(expected) ? reported : null;
    });
  }

  @Test
  void onlyTheLastNodeKeepsTheReplicaInThePageCacheAndSaysSo() throws Exception {
    assumeTrue(System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux"), "page cache advice is Linux's");
    assumeFalse(Files.getFileStore(tmp).type().equals("tmpfs"), "tmpfs keeps its pages in memory");
    Set<String> uuids = new HashSet<>(nodes.stream().map(dn -> dn.info().getUuid()).toList());
    // Registered and past the first full report, so the replicas go in incremental reports.
    nameNode.await(calls -> calls.stream().filter(c -> c.request() instanceof BlockReportRequest)
        .map(c -> ((BlockReportRequest) c.request()).getUuid()).collect(Collectors.toSet()).equals(uuids) ? 1 : null);
    // Past the first background force, so both the write-behind's drop and the finish's are used.
    byte[] data = bytes(10 * 1024 * 1024 + 1000, 5);
    Block block = Block.newBuilder().setId(5151).setGenstamp(3).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      assertThat(client.writePackets(data, 65536)).allSatisfy(a -> assertThat(a.getRepliesList())
          .containsOnly(TransferStatus.OK));
    }
    Replica done = new Replica(5151, 3, data.length, ReplicaState.FINALIZED);
    for (int i = 0; i < nodes.size(); i++) {
      DataNode dn = nodes.get(i);
      Path blockFile = dn.store().volume().layout().blockFile(done);
      Path metaFile = dn.store().volume().layout().metaFile(done);
      boolean last = i == nodes.size() - 1;
      // Before the files are read back below, which brings them into the page cache. The kernel may
      // reclaim a kept page, so the last node's files need only be mostly there.
      long blockPages = PageResidency.residentPages(blockFile);
      long metaPages = PageResidency.residentPages(metaFile);
      if (last) {
        assertThat(blockPages).as("node %d", i).isGreaterThan(PageResidency.pages(data.length) / 2);
        assertThat(metaPages).as("node %d", i).isGreaterThan(PageResidency.pages(Files.size(metaFile)) / 2);
      } else {
        assertThat(blockPages).as("node %d", i).isZero();
        assertThat(metaPages).as("node %d", i).isZero();
      }
      assertThat(Files.readAllBytes(blockFile)).isEqualTo(data);
    }
    ReplicaReport reported = ReplicaReport.newBuilder().setBlockId(5151).setGenstamp(3)
        .setLengthBytes(data.length).setFinalized(true).build();
    Map<String, ReplicaReport> byNode = nameNode.await(calls -> {
      Map<String, ReplicaReport> seen = new HashMap<>();
      for (RecordingNameNode.Call c : calls) {
        if (c.request() instanceof IncrementalBlockReportRequest r) {
          r.getReceivedList().stream().filter(x -> x.getBlockId() == 5151).forEach(x -> seen.put(r.getUuid(), x));
        }
      }
      return seen.size() == nodes.size() ? seen : null;
    });
    for (int i = 0; i < nodes.size(); i++) {
      boolean last = i == nodes.size() - 1;
      assertThat(byNode.get(nodes.get(i).info().getUuid())).as("node %d", i)
          .isEqualTo(reported.toBuilder().setPageCached(last).build());
    }
  }

  @Test
  void aCorruptLastPacketIsRefusedByTheFirstNodeAndNothingIsFinalized() throws Exception {
    byte[] data = bytes(2 * 65536, 2);
    Block block = Block.newBuilder().setId(77).setGenstamp(1).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      client.sendPacket(0, 0, data, 0, 65536, false, false);
      assertThat(((PipelineAck) client.readFrame()).getRepliesList()).containsOnly(TransferStatus.OK);
      client.sendPacket(1, 65536, data, 65536, 65536, true, true);
      PipelineAck ack = (PipelineAck) client.readFrame();
      assertThat(ack.getSeqno()).isEqualTo(1);
      // Every earlier packet was acknowledged, so the first node verifies this last one itself (it
      // would finalize at once) and refuses it.
      assertThat(ack.getRepliesList()).containsExactly(TransferStatus.CHECKSUM_MISMATCH);
      assertThat(client.readFrame()).isNull();
    }
    for (DataNode dn : nodes) {
      Replica r = dn.store().get(77).orElseThrow();
      assertThat(r.finalized()).isFalse();
      assertThat(r.lengthBytes()).isLessThanOrEqualTo(65536);
      assertThat(Files.exists(dn.store().volume().layout().finalizedDir(77).resolve("blk_77"))).isFalse();
    }
  }

  @Test
  void aCorruptPacketIsForwardedUncheckedAndRefusedByTheTail() throws Exception {
    byte[] data = bytes(3 * 65536, 5);
    Block block = Block.newBuilder().setId(79).setGenstamp(1).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      // The first two nodes forward and store packet 0 without checking it; the tail refuses it.
      sendThreePacketsAndExpectTheTailToRefuseTheFirst(client, data, true);
    }
    assertNothingFinalized(79);
  }

  @Test
  void aByteFlippedBetweenTwoDataNodesIsCaughtByTheTailAndNothingIsFinalized() throws Exception {
    byte[] data = bytes(3 * 65536, 3);
    Block block = Block.newBuilder().setId(78).setGenstamp(1).build();
    // dn0 forwards to dn1 through a proxy that flips one bit inside the first packet's data.
    try (CorruptingProxy proxy = new CorruptingProxy(nodes.get(1).port(), 10_000);
        TestClient client = new TestClient(nodes.get(0).port())) {
      DatanodeInfo viaProxy = nodes.get(1).info().toBuilder().setDataPort(proxy.port()).build();
      assertThat(client.startWrite(block, List.of(viaProxy, nodes.get(2).info())).getStatus())
          .isEqualTo(TransferStatus.OK);
      sendThreePacketsAndExpectTheTailToRefuseTheFirst(client, data, false);
    }
    // dn0 holds good bytes and dn1 the bad ones, but no node finalized: the tail refused a packet.
    assertNothingFinalized(78);
  }

  /**
   * Sends the three 64 KiB packets of {@code data} (the first corrupted when {@code corruptFirst}),
   * then expects the first packet's ack to say the first two nodes took it and the tail refused it,
   * and the connection to end there.
   */
  private static void sendThreePacketsAndExpectTheTailToRefuseTheFirst(TestClient client, byte[] data,
      boolean corruptFirst) throws Exception {
    client.sendPacket(0, 0, data, 0, 65536, false, corruptFirst);
    client.sendPacket(1, 65536, data, 65536, 65536, false, false);
    client.sendPacket(2, 2 * 65536, data, 2 * 65536, 65536, true, false);
    PipelineAck ack = (PipelineAck) client.readFrame();
    assertThat(ack.getSeqno()).isZero();
    assertThat(ack.getRepliesList())
        .containsExactly(TransferStatus.OK, TransferStatus.OK, TransferStatus.CHECKSUM_MISMATCH);
    assertThat(client.readFrame()).isNull();
  }

  private void assertNothingFinalized(long blockId) throws Exception {
    for (DataNode dn : nodes) {
      dn.store().get(blockId).ifPresent(r -> assertThat(r.finalized()).isFalse());
      assertThat(Files.exists(dn.store().volume().layout().finalizedDir(blockId).resolve("blk_" + blockId)))
          .isFalse();
    }
  }

  @Test
  void aBlockOfManyPacketsStreamsThroughThePipelineAndBackOut() throws Exception {
    byte[] data = bytes(6 << 20, 4);
    Block block = Block.newBuilder().setId(600).setGenstamp(2).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      assertThat(client.writePackets(data, 65536)).hasSize(96).allSatisfy(a -> assertThat(a.getRepliesList())
          .containsExactly(TransferStatus.OK, TransferStatus.OK, TransferStatus.OK));
    }
    try (TestClient client = new TestClient(nodes.get(2).port())) {
      assertThat(client.read(block, 0, -1).data()).isEqualTo(data);
    }
  }

  @Test
  void aFullDiskRefusesTheWriteWithAnIoError() throws Exception {
    try (DataNode full = TestNodes.start(tmp.resolve("full"), "none",
        java.util.Map.of("cairn.datanode.reserved-bytes", Long.toString(Long.MAX_VALUE / 4)));
        TestClient client = new TestClient(full.port())) {
      OpResponse r = client.startWrite(Block.newBuilder().setId(1).setGenstamp(1).build(), List.of());
      assertThat(r.getStatus()).isEqualTo(TransferStatus.IO_ERROR);
      assertThat(r.getMessage()).contains("no space left");
      assertThat(full.store().get(1)).isEmpty();
    }
  }

  @Test
  void aNodeThatDiesMidWriteIsNamedByItsPlaceInTheAck() throws Exception {
    byte[] data = bytes(4 * 65536, 5);
    Block block = Block.newBuilder().setId(88).setGenstamp(1).build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      assertThat(client.startWrite(block, downstreamOf(0)).getStatus()).isEqualTo(TransferStatus.OK);
      client.sendPacket(0, 0, data, 0, 65536, false, false);
      assertThat(((PipelineAck) client.readFrame()).getRepliesList()).containsOnly(TransferStatus.OK);
      nodes.get(2).close();
      PipelineAck ack = (PipelineAck) client.readFrame();
      assertThat(ack.getRepliesList())
          .containsExactly(TransferStatus.OK, TransferStatus.OK, TransferStatus.DOWNSTREAM_FAILED);
      assertThat(client.readFrame()).isNull();
    }
    for (DataNode dn : nodes.subList(0, 2)) {
      assertThat(dn.store().get(88)).contains(new Replica(88, 1, 65536, ReplicaState.RBW));
    }
  }

  @Test
  void anUnreachableDownstreamIsNamedInTheAnswer() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DatanodeInfo ghost = DatanodeInfo.newBuilder().setUuid("ghost").setHost("127.0.0.1").setDataPort(closedPort)
        .build();
    try (TestClient client = new TestClient(nodes.get(0).port())) {
      OpResponse r = client.startWrite(Block.newBuilder().setId(5).setGenstamp(1).build(),
          List.of(nodes.get(1).info(), ghost));
      assertThat(r.getStatus()).isEqualTo(TransferStatus.DOWNSTREAM_FAILED);
      assertThat(r.getFailedNode()).isEqualTo("ghost");
      assertThat(client.readFrame()).isNull();
    }
  }

  @Test
  void oneConnectionCarriesAWriteThenAReadThenAnAppend() throws Exception {
    byte[] data = bytes(5000, 3);
    Block block = Block.newBuilder().setId(9).setGenstamp(1).build();
    try (TestClient client = new TestClient(nodes.get(2).port())) {
      assertThat(client.startWrite(block, List.of()).getStatus()).isEqualTo(TransferStatus.OK);
      assertThat(client.writePackets(Arrays.copyOf(data, 3000), 1024)).hasSize(3);
      assertThat(client.read(block, 0, -1).data()).isEqualTo(Arrays.copyOf(data, 3000));

      Block appended = Block.newBuilder().setId(9).setGenstamp(2).setLengthBytes(3000).build();
      client.send(io.cairn.common.wire.FrameType.OP_REQUEST, io.cairn.proto.OpRequest.newBuilder()
          .setWriteBlock(io.cairn.proto.WriteBlockOp.newBuilder().setBlock(appended).setAppend(true)).build());
      assertThat(((OpResponse) client.readFrame()).getStatus()).isEqualTo(TransferStatus.OK);
      client.sendPacket(0, 3000, data, 3000, 2000, true, false);
      assertThat(((PipelineAck) client.readFrame()).getRepliesList()).containsExactly(TransferStatus.OK);
      assertThat(client.read(appended, 0, -1).data()).isEqualTo(data);
    }
    assertThat(nodes.get(2).store().get(9)).contains(new Replica(9, 2, 5000, ReplicaState.FINALIZED));
  }
}
