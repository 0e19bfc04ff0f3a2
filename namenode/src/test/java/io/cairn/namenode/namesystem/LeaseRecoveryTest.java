package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease hard limit on a manual clock: files of writers gone silent are closed at a safe length. */
class LeaseRecoveryTest {
  private static final long BLOCK = 1024;
  private static final long HARD_LIMIT_MS = BlockConfig.defaults().leaseHardLimitMs();
  private static final long STEP_MS = 60_000;
  private static final StorageReport ROOMY = StorageReport.newBuilder()
      .setCapacityBytes(100L << 30).setRemainingBytes(100L << 30).build();
  private static final List<String> NODES = List.of("dn1", "dn2");

  @TempDir
  Path dir;

  private NamespaceFixture fx;
  /** The commands each DataNode got with its heartbeats, in order. */
  private final Map<String, List<DatanodeCommand>> commands = new HashMap<>();

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    registerNodes();
    fx.mkdirs(ROOT, "/d");
    fx.ns().setOwner(ROOT, path("/d"), "alice", "");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private DataPath data() {
    return fx.dataPath();
  }

  private void registerNodes() throws IOException {
    for (int i = 0; i < NODES.size(); i++) {
      data().register(DatanodeInfo.newBuilder().setUuid(NODES.get(i)).setHost("10.0.0." + (i + 1))
          .setDataPort(9866).build(), ROOMY);
    }
  }

  /** Moves time on in steps, the DataNodes heartbeating (so they stay live) and collecting commands. */
  private void advance(long ms) {
    for (long left = ms; left > 0; left -= Math.min(left, STEP_MS)) {
      fx.clock().advance(Math.min(left, STEP_MS));
      heartbeats();
    }
  }

  private void heartbeats() {
    for (String node : NODES) {
      commands.computeIfAbsent(node, k -> new ArrayList<>()).addAll(data().heartbeat(node, ROOMY));
    }
  }

  /** Takes the commands of {@code node} so far. */
  private List<DatanodeCommand> drain(String node) {
    heartbeats();
    List<DatanodeCommand> out = commands.getOrDefault(node, new ArrayList<>());
    commands.remove(node);
    return out;
  }

  private LocatedBlock openWithOneBlock(String file) throws IOException {
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, false, true, 2, BLOCK, clientOf(ALICE)));
    return data().addBlock(ALICE, path(file), clientOf(ALICE), null, Set.of(), "");
  }

  private static ReplicaReport beingWritten(Block b, long length) {
    return ReplicaReport.newBuilder().setBlockId(b.getId()).setGenstamp(b.getGenstamp()).setLengthBytes(length)
        .setFinalized(false).build();
  }

  private void reportBeingWritten(String node, Block b, long length) throws IOException {
    data().incrementalReport(node, List.of(beingWritten(b, length)), List.of());
  }

  private FileStatus status(String file) throws IOException {
    return fx.status(file);
  }

  @Test
  void aSilentWritersFileIsClosedAfterTheHardLimitAtTheShortestReportedLength() throws IOException {
    Block block = openWithOneBlock("/d/f").getBlock();
    data().fsync(ALICE, path("/d/f"), clientOf(ALICE), 250);
    reportBeingWritten("dn1", block, 300);
    reportBeingWritten("dn2", block, 280);

    advance(HARD_LIMIT_MS);
    assertThat(fx.leaseMonitor().check()).isZero();
    assertThat(status("/d/f").getUnderConstruction()).as("at the hard limit, not past it").isTrue();
    assertThat(drain("dn1")).isEmpty();

    advance(1);
    assertThat(fx.leaseMonitor().check()).isZero();
    for (String node : NODES) {
      // Reports may be old: each node is asked for its replica as it stands now.
      assertThat(drain(node)).singleElement().satisfies(c -> assertThat(c.getReportReplica().getBlockId())
          .isEqualTo(block.getId()));
    }
    assertThat(fx.leaseMonitor().check()).as("no answer yet").isZero();
    reportBeingWritten("dn1", block, 320);
    assertThat(fx.leaseMonitor().check()).as("dn2 has not answered").isZero();
    reportBeingWritten("dn2", block, 290);
    assertThat(fx.leaseMonitor().check()).isEqualTo(1);

    FileStatus closed = status("/d/f");
    assertThat(closed.getUnderConstruction()).isFalse();
    assertThat(closed.getLengthBytes()).isEqualTo(290);
    Block recovered = data().blockLocations(ROOT, path("/d/f"), 0, -1, "").getBlocks(0).getBlock();
    assertThat(recovered.getLengthBytes()).isEqualTo(290);
    assertThat(recovered.getGenstamp()).as("a new stamp fences replicas not recovered").isGreaterThan(
        block.getGenstamp());
    for (String node : NODES) {
      assertThat(drain(node)).singleElement().satisfies(c -> {
        assertThat(c.getRecoverReplica().getBlock()).isEqualTo(block.toBuilder().setLengthBytes(290).build());
        assertThat(c.getRecoverReplica().getNewGenstamp()).isEqualTo(recovered.getGenstamp());
      });
    }
    // The nodes finalize their replicas at the new stamp; a replica left at the old one is stale.
    data().incrementalReport("dn1", List.of(beingWritten(recovered, 290).toBuilder().setFinalized(true).build()),
        List.of());
    data().incrementalReport("dn2", List.of(beingWritten(block, 320)), List.of());
    GetBlockLocationsResponse located = data().blockLocations(ROOT, path("/d/f"), 0, -1, "");
    assertThat(located.getBlocks(0).getLocationsList()).extracting(DatanodeInfo::getUuid).containsExactly("dn1");
    assertThat(drain("dn2")).singleElement().satisfies(c -> assertThat(c.getDelete().getBlocksList())
        .extracting(Block::getGenstamp).containsExactly(block.getGenstamp()));
    // A writer coming back finds its lease gone.
    assertThat(data().blockLocations(ROOT, path("/d/f"), 0, -1, "").getStatus().getUnderConstruction()).isFalse();
  }

  @Test
  void aRenewingWriterKeepsItsFile() throws IOException {
    Block block = openWithOneBlock("/d/f").getBlock();
    reportBeingWritten("dn1", block, 100);
    for (int i = 0; i < 6; i++) {
      advance(HARD_LIMIT_MS / 2);
      data().renewLease(clientOf(ALICE));
      assertThat(fx.leaseMonitor().check()).isZero();
    }
    assertThat(status("/d/f").getUnderConstruction()).isTrue();
    assertThat(drain("dn1")).isEmpty();
  }

  @Test
  void aLastBlockNoNodeHasIsDroppedAndAFileWithoutBlocksClosesAtOnce() throws IOException {
    fx.ns().create(ALICE, new CreateArgs(path("/d/empty"), 0644, false, true, 2, BLOCK, clientOf(ALICE)));
    Block first = openWithOneBlock("/d/f").getBlock();
    for (String node : NODES) {
      data().incrementalReport(node, List.of(beingWritten(first, BLOCK).toBuilder().setFinalized(true).build()),
          List.of());
    }
    Block second = data().addBlock(ALICE, path("/d/f"), clientOf(ALICE), first.toBuilder().setLengthBytes(BLOCK)
        .build(), Set.of(), "").getBlock();

    advance(HARD_LIMIT_MS + 1);
    assertThat(fx.leaseMonitor().check()).as("the empty file").isEqualTo(1);
    assertThat(status("/d/empty").getUnderConstruction()).isFalse();
    assertThat(status("/d/empty").getLengthBytes()).isZero();
    for (String node : NODES) {
      assertThat(drain(node)).singleElement().satisfies(c -> assertThat(c.getReportReplica().getBlockId())
          .isEqualTo(second.getId()));
      data().incrementalReport(node, List.of(), List.of(second.getId()));
    }
    assertThat(fx.leaseMonitor().check()).isEqualTo(1);

    FileStatus closed = status("/d/f");
    assertThat(closed.getUnderConstruction()).isFalse();
    assertThat(closed.getLengthBytes()).isEqualTo(BLOCK);
    assertThat(data().blockLocations(ROOT, path("/d/f"), 0, -1, "").getBlocksList())
        .extracting(b -> b.getBlock().getId()).containsExactly(first.getId());
  }

  @Test
  void aRestartKeepsTheOpenFileAndItsHolderAndTheHardLimitCountsFromTheStart() throws IOException {
    Block block = openWithOneBlock("/d/f").getBlock();
    advance(HARD_LIMIT_MS - STEP_MS);
    fx.restart();
    commands.clear();
    registerNodes();
    // The DataNodes' first full reports after the restart name the replica being written.
    for (String node : NODES) {
      data().blockReport(node, new BlockManager.ReportPart(1, 0, 1, List.of(beingWritten(block, 77))));
    }
    FileStatus open = status("/d/f");
    assertThat(open.getUnderConstruction()).isTrue();

    advance(HARD_LIMIT_MS);
    assertThat(fx.leaseMonitor().check()).as("the holder is unknown since the start: it counts from there")
        .isZero();
    assertThat(drain("dn1")).isEmpty();

    advance(1);
    fx.leaseMonitor().check();
    for (String node : NODES) {
      assertThat(drain(node)).singleElement().satisfies(c -> assertThat(c.hasReportReplica()).isTrue());
      reportBeingWritten(node, block, 77);
    }
    assertThat(fx.leaseMonitor().check()).isEqualTo(1);
    assertThat(status("/d/f").getLengthBytes()).isEqualTo(77);

    fx.restart();
    assertThat(status("/d/f").getUnderConstruction()).as("the recovery is durable").isFalse();
    assertThat(status("/d/f").getLengthBytes()).isEqualTo(77);
    assertThat(fx.leaseMonitor().check()).as("no file is open any more").isZero();
  }

  /** A closed file whose bytes the namespace keeps, reopened by an appender that started a block of {@code written} bytes. */
  private Block appendedIntoABlock(String file, byte[] kept, long written) throws IOException {
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, false, true, 2, BLOCK, clientOf(ALICE)));
    assertThat(fx.ns().completeInline(ALICE, path(file), clientOf(ALICE), ByteString.copyFrom(kept))).isTrue();
    assertThat(data().append(ALICE, path(file), clientOf(ALICE)).getInlineData().toByteArray()).isEqualTo(kept);
    Block block = data().addBlock(ALICE, path(file), clientOf(ALICE), null, Set.of(), "").getBlock();
    for (String node : NODES) {
      reportBeingWritten(node, block, written);
    }
    return block;
  }

  /** Passes the hard limit and answers the nodes' replica questions with {@code length}; the file is closed. */
  private void recoverAt(Block block, long length) throws IOException {
    advance(HARD_LIMIT_MS + 1);
    assertThat(fx.leaseMonitor().check()).isZero();
    for (String node : NODES) {
      assertThat(drain(node)).singleElement().satisfies(c -> assertThat(c.getReportReplica().getBlockId())
          .isEqualTo(block.getId()));
      reportBeingWritten(node, block, length);
    }
    assertThat(fx.leaseMonitor().check()).isEqualTo(1);
  }

  @Test
  void anAppenderWhoseBlockHeldLessThanTheKeptBytesLeavesTheFileAsItWas() throws IOException {
    byte[] kept = "eleven byte".getBytes(StandardCharsets.UTF_8);
    Block block = appendedIntoABlock("/d/small", kept, 4);
    recoverAt(block, 4);

    FileStatus closed = status("/d/small");
    assertThat(closed.getUnderConstruction()).isFalse();
    assertThat(closed.getLengthBytes()).isEqualTo(kept.length);
    GetBlockLocationsResponse located = data().blockLocations(ROOT, path("/d/small"), 0, -1, "");
    assertThat(located.getBlocksList()).as("the short block is dropped").isEmpty();
    assertThat(located.getInlineData().toByteArray()).isEqualTo(kept);
    assertThat(fx.view().fileOfBlock(block.getId())).isNull();
  }

  @Test
  void anAppenderWhoseBlockHeldTheKeptBytesAndMoreLeavesTheBlockOnly() throws IOException {
    byte[] kept = "eleven byte".getBytes(StandardCharsets.UTF_8);
    Block block = appendedIntoABlock("/d/small", kept, 30);
    recoverAt(block, 30);

    FileStatus closed = status("/d/small");
    assertThat(closed.getLengthBytes()).isEqualTo(30);
    GetBlockLocationsResponse located = data().blockLocations(ROOT, path("/d/small"), 0, -1, "");
    assertThat(located.hasInlineData()).isFalse();
    assertThat(located.getBlocksList()).extracting(b -> b.getBlock().getId()).containsExactly(block.getId());
    assertThat(fx.view().inlineData(closed.getInodeId())).as("the kept copy is gone").isNull();
  }

  @Test
  void anAppenderThatStartedNoBlockLeavesTheKeptBytesAtOnce() throws IOException {
    byte[] kept = "eleven byte".getBytes(StandardCharsets.UTF_8);
    fx.ns().create(ALICE, new CreateArgs(path("/d/small"), 0644, false, true, 2, BLOCK, clientOf(ALICE)));
    fx.ns().completeInline(ALICE, path("/d/small"), clientOf(ALICE), ByteString.copyFrom(kept));
    data().append(ALICE, path("/d/small"), clientOf(ALICE));

    advance(HARD_LIMIT_MS + 1);
    assertThat(fx.leaseMonitor().check()).isEqualTo(1);
    assertThat(status("/d/small").getUnderConstruction()).isFalse();
    assertThat(data().blockLocations(ROOT, path("/d/small"), 0, -1, "").getInlineData().toByteArray())
        .isEqualTo(kept);
  }
}
