package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespaceLimits;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Blocks through the namesystem: allocation, reports, completion, locations, appends, deletion, replication. */
class DataPathTest {
  private static final long BLOCK = 1024;
  private static final StorageReport ROOMY = StorageReport.newBuilder()
      .setCapacityBytes(100L << 30).setRemainingBytes(100L << 30).build();

  @TempDir
  Path dir;

  private NamespaceFixture fx;
  private DataPath data;

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    data = fx.dataPath();
  }

  @AfterEach
  void tearDown() throws Exception {
    fx.close();
  }

  private List<String> startNodes(int count) throws IOException {
    List<String> uuids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      DatanodeInfo node = DatanodeInfo.newBuilder().setUuid("dn" + i).setHost("10.0.0." + i).setDataPort(9866).build();
      data.register(node, ROOMY);
      uuids.add(node.getUuid());
    }
    return uuids;
  }

  private void create(String file, int replication) throws IOException {
    fx.mkdirs(ROOT, "/d");
    fx.ns().setOwner(ROOT, path("/d"), "alice", "");
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, false, true, replication, BLOCK, clientOf(ALICE)));
  }

  private static ReplicaReport finalized(Block b, long length) {
    return ReplicaReport.newBuilder().setBlockId(b.getId()).setGenstamp(b.getGenstamp()).setLengthBytes(length)
        .setFinalized(true).build();
  }

  private void received(String uuid, Block b, long length) throws IOException {
    data.incrementalReport(uuid, List.of(finalized(b, length)), List.of());
  }

  private static List<Block> deletions(List<DatanodeCommand> commands) {
    List<Block> out = new ArrayList<>();
    commands.stream().filter(DatanodeCommand::hasDelete).forEach(c -> out.addAll(c.getDelete().getBlocksList()));
    return out;
  }

  @Test
  void addBlockNeedsALiveDataNode() throws IOException {
    create("/d/f", 3);
    CairnException e = catchThrowableOfType(CairnException.class,
        () -> data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), ""));
    assertThat(e.code()).isEqualTo(ErrorCode.IO);
    assertThat(e.getMessage()).contains("no live DataNode");
  }

  @Test
  void aFileGetsNoBlockBeyondTheLimitAndKeepsThoseItHas() throws IOException {
    fx.close();
    NamespaceLimits d = NamespaceLimits.defaults();
    fx = NamespaceFixture.open(dir.resolve("limited"), new NamespaceLimits(d.defaultReplication(), d.maxReplication(),
        d.defaultBlockSizeBytes(), d.listingPageSize(), d.superGroup(), 2, d.inlineDataMaxBytes()));
    data = fx.dataPath();
    startNodes(3);
    create("/d/f", 3);
    LocatedBlock first = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    Block full = first.getBlock().toBuilder().setLengthBytes(BLOCK).build();
    LocatedBlock second = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), full, Set.of(), "");
    Block secondFull = second.getBlock().toBuilder().setLengthBytes(BLOCK).build();

    CairnException e = catchThrowableOfType(CairnException.class,
        () -> data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), secondFull, Set.of(), ""));

    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    assertThat(e.getMessage()).contains("at most 2 blocks").contains("cairn.namenode.fs-limits.max-blocks-per-file");
    assertThat(data.blockLocations(ALICE, path("/d/f"), 0, -1, "").getBlocksList()).hasSize(2);
  }

  @Test
  void aCloseWaitsOnTheNameNodeForItsLastBlocksReportAndThenCloses() throws Exception {
    startNodes(3);
    create("/d/f", 3);
    LocatedBlock only = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    Block last = only.getBlock().toBuilder().setLengthBytes(100).build();
    CompletableFuture<Boolean> closing = fx.ns().completeAsync(ALICE, path("/d/f"), clientOf(ALICE), 0, last, null);
    assertThat(closing).as("no replica reported yet: the answer waits").isNotDone();
    assertThat(fx.status("/d/f").getUnderConstruction()).isTrue();
    received(only.getLocations(0).getUuid(), only.getBlock(), 100);
    assertThat(closing.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(fx.status("/d/f").getUnderConstruction()).isFalse();
    assertThat(fx.status("/d/f").getLengthBytes()).isEqualTo(100);
  }

  @Test
  void writeTwoBlocksThenCompleteOnceReplicasAreReported() throws IOException {
    startNodes(4);
    create("/d/f", 3);
    LocatedBlock first = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    assertThat(first.getLocationsList()).hasSize(3).extracting(DatanodeInfo::getUuid).doesNotHaveDuplicates();
    assertThat(first.getOffsetBytes()).isZero();
    Block full = first.getBlock().toBuilder().setLengthBytes(BLOCK).build();
    LocatedBlock second = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), full, Set.of(), "");
    assertThat(second.getOffsetBytes()).isEqualTo(BLOCK);
    assertThat(second.getBlock().getId()).isGreaterThan(first.getBlock().getId());
    Block last = second.getBlock().toBuilder().setLengthBytes(100).build();

    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, last)).isFalse();
    for (DatanodeInfo n : first.getLocationsList()) {
      received(n.getUuid(), first.getBlock(), BLOCK);
    }
    received(second.getLocations(0).getUuid(), second.getBlock(), 100);
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, last)).isTrue();

    GetBlockLocationsResponse locations = data.blockLocations(ALICE, path("/d/f"), 0, -1, "");
    assertThat(locations.getStatus().getLengthBytes()).isEqualTo(BLOCK + 100);
    assertThat(locations.getStatus().getUnderConstruction()).isFalse();
    assertThat(locations.getBlocksList()).hasSize(2);
    assertThat(locations.getBlocks(0).getLocationsList()).hasSize(3);
    assertThat(locations.getBlocks(1).getLocationsList()).extracting(DatanodeInfo::getUuid)
        .containsExactly(second.getLocations(0).getUuid());
    assertThat(data.blockLocations(ALICE, path("/d/f"), BLOCK + 10, 5, "").getBlocksList())
        .extracting(b -> b.getBlock().getId()).containsExactly(second.getBlock().getId());
  }

  @Test
  void readsOfAFilesBlocksStartAtAllTheirNodesAndTheReadersOwnNodeFirst() throws IOException {
    startNodes(3);
    create("/d/f", 3);
    Block previous = null;
    for (int i = 0; i < 12; i++) {
      LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), previous, Set.of(), "");
      previous = b.getBlock().toBuilder().setLengthBytes(BLOCK).build();
      for (DatanodeInfo n : b.getLocationsList()) {
        received(n.getUuid(), b.getBlock(), BLOCK);
      }
    }
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, previous)).isTrue();

    Set<String> firsts = new java.util.HashSet<>();
    GetBlockLocationsResponse once = data.blockLocations(ALICE, path("/d/f"), 0, -1, "");
    for (LocatedBlock b : once.getBlocksList()) {
      firsts.add(b.getLocations(0).getUuid());
    }
    assertThat(firsts).as("first replica of each of 12 blocks").containsExactlyInAnyOrder("dn1", "dn2", "dn3");
    assertThat(data.blockLocations(ALICE, path("/d/f"), 0, -1, "")).as("the same order every time").isEqualTo(once);
    for (LocatedBlock b : data.blockLocations(ALICE, path("/d/f"), 0, -1, "10.0.0.2").getBlocksList()) {
      assertThat(b.getLocations(0).getUuid()).isEqualTo("dn2");
    }
  }

  @Test
  void readsStartAtTheReplicaKeptInThePageCacheUnlessTheReaderHoldsOne() throws IOException {
    startNodes(3);
    create("/d/f", 3);
    Block previous = null;
    List<String> cachedOn = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), previous, Set.of(), "");
      previous = b.getBlock().toBuilder().setLengthBytes(BLOCK).build();
      List<DatanodeInfo> pipeline = b.getLocationsList();
      DatanodeInfo last = pipeline.getLast();
      cachedOn.add(last.getUuid());
      data.incrementalReport(last.getUuid(), List.of(finalized(b.getBlock(), BLOCK).toBuilder().setPageCached(true)
          .build()), List.of());
      for (DatanodeInfo n : pipeline.subList(0, pipeline.size() - 1)) {
        received(n.getUuid(), b.getBlock(), BLOCK);
      }
    }
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, previous)).isTrue();
    // A full report does not say what is cached: what the incremental one said stays.
    for (String node : List.of("dn1", "dn2", "dn3")) {
      List<ReplicaReport> held = new ArrayList<>();
      for (LocatedBlock b : data.blockLocations(ALICE, path("/d/f"), 0, -1, "").getBlocksList()) {
        held.add(finalized(b.getBlock(), BLOCK));
      }
      data.blockReport(node, new BlockManager.ReportPart(7, 0, 1, held));
    }

    List<LocatedBlock> blocks = data.blockLocations(ALICE, path("/d/f"), 0, -1, "").getBlocksList();
    assertThat(blocks).extracting(b -> b.getLocations(0).getUuid()).containsExactlyElementsOf(cachedOn);
    for (LocatedBlock b : data.blockLocations(ALICE, path("/d/f"), 0, -1, "10.0.0.1").getBlocksList()) {
      assertThat(b.getLocations(0).getUuid()).isEqualTo("dn1");
    }
  }

  @Test
  void addBlockRefusesAWrongPreviousBlockAndAnotherWriter() throws IOException {
    startNodes(1);
    create("/d/f", 1);
    LocatedBlock first = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    CairnException wrong = catchThrowableOfType(CairnException.class,
        () -> data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), ""));
    assertThat(wrong.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    CairnException other = catchThrowableOfType(CairnException.class,
        () -> data.addBlock(ALICE, path("/d/f"), "someone-else", first.getBlock(), Set.of(), ""));
    assertThat(other.code()).isEqualTo(ErrorCode.LEASE_CONFLICT);
  }

  @Test
  void readersSeeWhatAWriterFlushed() throws IOException {
    startNodes(1);
    create("/d/f", 1);
    data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    assertThat(data.blockLocations(ALICE, path("/d/f"), 0, -1, "").getStatus().getLengthBytes()).isZero();
    data.fsync(ALICE, path("/d/f"), clientOf(ALICE), 300);
    GetBlockLocationsResponse r = data.blockLocations(ALICE, path("/d/f"), 0, -1, "");
    assertThat(r.getStatus().getLengthBytes()).isEqualTo(300);
    assertThat(r.getBlocks(0).getUnderConstruction()).isTrue();
    assertThat(r.getBlocks(0).getLocationsList()).hasSize(1);
  }

  @Test
  void unknownAndStaleReplicasAreDeleted() throws IOException {
    List<String> nodes = startNodes(1);
    create("/d/f", 1);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    ReplicaReport unknown = ReplicaReport.newBuilder().setBlockId(999_999).setGenstamp(1).setLengthBytes(5)
        .setFinalized(true).build();
    ReplicaReport stale = finalized(b.getBlock().toBuilder().setGenstamp(b.getBlock().getGenstamp() - 1).build(), 5);
    data.blockReport(nodes.getFirst(), new BlockManager.ReportPart(1, 0, 1, List.of(unknown, stale)));
    assertThat(deletions(data.heartbeat(nodes.getFirst(), ROOMY))).extracting(Block::getId)
        .containsExactlyInAnyOrder(999_999L, b.getBlock().getId());
  }

  /** A replica left unfinished (a copy cut off by a crash) of a complete block: no location, and deleted. */
  @Test
  void anUnfinishedReplicaOfACompleteBlockIsNoLocationAndIsDeleted() throws IOException {
    List<String> nodes = startNodes(3);
    create("/d/f", 2);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    Block done = b.getBlock().toBuilder().setLengthBytes(BLOCK).build();
    List<String> holders = b.getLocationsList().stream().map(DatanodeInfo::getUuid).toList();
    for (String holder : holders) {
      received(holder, b.getBlock(), BLOCK);
    }
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, done)).isTrue();
    String other = nodes.stream().filter(n -> !holders.contains(n)).findFirst().orElseThrow();
    ReplicaReport unfinished = ReplicaReport.newBuilder().setBlockId(done.getId()).setGenstamp(done.getGenstamp())
        .setLengthBytes(0).setFinalized(false).build();
    data.blockReport(other, new BlockManager.ReportPart(7, 0, 1, List.of(unfinished)));
    assertThat(data.blockLocations(ALICE, path("/d/f"), 0, -1, "").getBlocks(0).getLocationsList())
        .extracting(DatanodeInfo::getUuid).containsExactlyInAnyOrderElementsOf(holders);
    assertThat(deletions(data.heartbeat(other, ROOMY))).extracting(Block::getId).containsExactly(done.getId());
  }

  /** Three blocks of one file, written and reported to {@code node}. */
  private List<Block> threeBlocksOn(String node) throws IOException {
    create("/d/f", 1);
    List<Block> out = new ArrayList<>();
    Block previous = null;
    for (int i = 0; i < 3; i++) {
      Block b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), previous, Set.of(), "").getBlock();
      previous = b.toBuilder().setLengthBytes(BLOCK).build();
      received(node, b, BLOCK);
      out.add(b);
    }
    return out;
  }

  private long replicasKnownOn(String node) {
    return data.datanodeReport().getNodesList().stream().filter(n -> n.getNode().getUuid().equals(node))
        .findFirst().orElseThrow().getReplicaCount();
  }

  private void reportPart(String node, long reportId, int index, int count, Block... blocks) throws IOException {
    List<ReplicaReport> replicas = new ArrayList<>();
    for (Block b : blocks) {
      replicas.add(finalized(b, BLOCK));
    }
    data.blockReport(node, new BlockManager.ReportPart(reportId, index, count, replicas));
  }

  @Test
  void aReportInPartsForgetsWhatNoPartNamedOnlyOnceEveryPartArrived() throws IOException {
    String node = startNodes(1).getFirst();
    List<Block> b = threeBlocksOn(node);
    assertThat(replicasKnownOn(node)).isEqualTo(3);

    // The node lost b2; its report comes in two parts, in either order.
    reportPart(node, 7, 1, 2, b.get(1));
    assertThat(replicasKnownOn(node)).as("b0 may still be in the part to come").isEqualTo(3);
    reportPart(node, 7, 1, 2, b.get(1));
    assertThat(replicasKnownOn(node)).as("a part sent again does not complete the report").isEqualTo(3);
    reportPart(node, 7, 0, 2, b.get(0));
    assertThat(replicasKnownOn(node)).isEqualTo(2);
  }

  @Test
  void aPartOfANewReportAbandonsTheUnfinishedOne() throws IOException {
    String node = startNodes(1).getFirst();
    List<Block> b = threeBlocksOn(node);
    reportPart(node, 1, 0, 2, b.get(0));
    // The node gave up on report 1 (a part failed) and starts report 2: report 1's last part must
    // not complete report 2, nor report 1's parts count for report 2.
    reportPart(node, 2, 0, 2, b.get(1));
    assertThat(replicasKnownOn(node)).isEqualTo(3);
    reportPart(node, 2, 1, 2, b.get(2));
    assertThat(replicasKnownOn(node)).as("b0 was named only by the abandoned report").isEqualTo(2);
  }

  @Test
  void reRegisteringAbandonsAnUnfinishedReport() throws IOException {
    String node = startNodes(1).getFirst();
    List<Block> b = threeBlocksOn(node);
    reportPart(node, 1, 0, 2, b.get(0), b.get(1));
    data.register(DatanodeInfo.newBuilder().setUuid(node).setHost("10.0.0.1").setDataPort(9866).build(), ROOMY);
    reportPart(node, 1, 1, 2, b.get(2));
    assertThat(replicasKnownOn(node)).as("only what was reported since registering").isEqualTo(1);
  }

  @Test
  void deletingAFileDeletesItsReplicas() throws IOException {
    startNodes(2);
    create("/d/f", 2);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    Block last = b.getBlock().toBuilder().setLengthBytes(10).build();
    for (DatanodeInfo n : b.getLocationsList()) {
      received(n.getUuid(), b.getBlock(), 10);
    }
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, last)).isTrue();
    assertThat(fx.ns().delete(ROOT, path("/d"), true)).isTrue();
    for (DatanodeInfo n : b.getLocationsList()) {
      assertThat(deletions(data.heartbeat(n.getUuid(), ROOMY))).extracting(Block::getId)
          .containsExactly(b.getBlock().getId());
    }
  }

  @Test
  void replicationFollowsSetReplication() throws IOException {
    startNodes(3);
    create("/d/f", 1);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    String holder = b.getLocations(0).getUuid();
    received(holder, b.getBlock(), 10);
    assertThat(fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0,
        b.getBlock().toBuilder().setLengthBytes(10).build())).isTrue();

    assertThat(fx.ns().setReplication(ALICE, path("/d/f"), 3)).isTrue();
    fx.replicationMonitor().tick();
    List<DatanodeCommand> commands = data.heartbeat(holder, ROOMY);
    assertThat(commands).hasSize(1);
    assertThat(commands.getFirst().getReplicate().getTargetsList()).hasSize(2)
        .extracting(DatanodeInfo::getUuid).doesNotContain(holder);
    for (DatanodeInfo t : commands.getFirst().getReplicate().getTargetsList()) {
      received(t.getUuid(), b.getBlock(), 10);
    }
    assertThat(fx.ns().setReplication(ALICE, path("/d/f"), 1)).isTrue();
    int deleted = 0;
    for (String uuid : List.of("dn1", "dn2", "dn3")) {
      deleted += deletions(data.heartbeat(uuid, ROOMY)).size();
    }
    assertThat(deleted).isEqualTo(2);
  }

  @Test
  void appendContinuesAPartialLastBlockWithANewStamp() throws IOException {
    startNodes(1);
    create("/d/f", 1);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    received(b.getLocations(0).getUuid(), b.getBlock(), 10);
    fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, b.getBlock().toBuilder().setLengthBytes(10).build());

    AppendResponse r = data.append(ALICE, path("/d/f"), "appender");
    assertThat(r.getStatus().getUnderConstruction()).isTrue();
    assertThat(r.getLastBlock().getBlock().getId()).isEqualTo(b.getBlock().getId());
    assertThat(r.getLastBlock().getBlock().getGenstamp()).isGreaterThan(b.getBlock().getGenstamp());
    assertThat(r.getLastBlock().getBlock().getLengthBytes()).isEqualTo(10);
    assertThat(r.getLastBlock().getLocationsList()).extracting(DatanodeInfo::getUuid).containsExactly("dn1");
    CairnException busy = catchThrowableOfType(CairnException.class,
        () -> data.append(ALICE, path("/d/f"), "second-appender"));
    assertThat(busy.code()).isEqualTo(ErrorCode.LEASE_CONFLICT);
  }

  @Test
  void unknownDataNodesMustRegisterAndDeadOnesAreNotLocations() throws IOException {
    assertThat(data.heartbeat("stranger", ROOMY)).isNull();
    List<String> nodes = startNodes(2);
    create("/d/f", 2);
    LocatedBlock b = data.addBlock(ALICE, path("/d/f"), clientOf(ALICE), null, Set.of(), "");
    for (String n : nodes) {
      received(n, b.getBlock(), 10);
    }
    fx.ns().complete(ALICE, path("/d/f"), clientOf(ALICE), 0, b.getBlock().toBuilder().setLengthBytes(10).build());
    fx.clock().advance(BlockConfig.defaults().deadIntervalMs() / 2);
    data.heartbeat("dn1", ROOMY);
    fx.clock().advance(BlockConfig.defaults().deadIntervalMs() / 2 + 1);
    assertThat(data.blockLocations(ROOT, path("/d/f"), 0, -1, "").getBlocks(0).getLocationsList())
        .extracting(DatanodeInfo::getUuid).containsExactly("dn1");
    assertThat(data.datanodeReport().getNodesList()).hasSize(2);
  }
}
