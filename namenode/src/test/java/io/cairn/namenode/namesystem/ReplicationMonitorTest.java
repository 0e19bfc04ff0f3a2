package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static io.cairn.namenode.namesystem.SimulatedNodes.copies;
import static io.cairn.namenode.namesystem.SimulatedNodes.deletions;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.ReplicateCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dead DataNodes, copies, their bound and timeouts, surplus and corrupt replicas, decommissioning: on a manual clock. */
class ReplicationMonitorTest {
  private static final BlockConfig CONFIG = BlockConfig.defaults();

  @TempDir
  Path dir;

  private NamespaceFixture fx;
  private SimulatedNodes dns;

  @BeforeEach
  void setUp() throws IOException {
    fx = NamespaceFixture.open(dir);
    dns = new SimulatedNodes(fx);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private static List<Long> copiedBlocks(List<DatanodeCommand> commands) {
    return copies(commands).stream().map(c -> c.getReplicate().getBlock().getId()).toList();
  }

  /** dn1 goes silent past the dead interval while the others heartbeat, then the monitor runs. */
  private void killDn1() throws IOException {
    dns.advance(CONFIG.deadIntervalMs() + 1, "dn2", "dn3", "dn4");
    dns.tick();
  }

  @Test
  void aDeadNodesBlocksAreCopiedOneReplicaLeftFirstWithinTheStreamBound() throws IOException {
    dns.start(4);
    Block a0 = dns.file("/d/a0", 2, "dn1", "dn2");
    Block a1 = dns.file("/d/a1", 2, "dn1", "dn2");
    Block a2 = dns.file("/d/a2", 2, "dn1", "dn2");
    Block b0 = dns.file("/d/b0", 3, "dn1", "dn2", "dn3");
    Block b1 = dns.file("/d/b1", 3, "dn1", "dn2", "dn3");
    Block b2 = dns.file("/d/b2", 3, "dn1", "dn2", "dn3");
    dns.tick();
    assertThat(copies(dns.heartbeat("dn2"))).as("nothing to do while every block is whole").isEmpty();

    killDn1();
    assertThat(fx.dataPath().datanodeReport().getNodesList()).filteredOn(n -> n.getNode().getUuid().equals("dn1"))
        .singleElement().satisfies(n -> assertThat(n.getLive()).isFalse());
    assertThat(dns.locations("/d/a0")).containsExactly("dn2");
    // The a-blocks have one replica left and come first; dn2 may serve only max-streams (2) copies.
    List<Long> aBlocks = List.of(a0.getId(), a1.getId(), a2.getId());
    List<DatanodeCommand> fromDn2 = dns.heartbeat("dn2");
    assertThat(copiedBlocks(fromDn2)).hasSize(2).isSubsetOf(aBlocks);
    ReplicateCommand first = copies(fromDn2).getFirst().getReplicate();
    assertThat(first.getTargetsList()).extracting(DatanodeInfo::getUuid).singleElement().isIn("dn3", "dn4");
    assertThat(copiedBlocks(dns.heartbeat("dn3"))).as("two-replica blocks go to the other source")
        .hasSize(2).isSubsetOf(b0.getId(), b1.getId(), b2.getId());

    dns.received(first.getTargets(0).getUuid(), first.getBlock());
    dns.tick();
    List<Long> left = aBlocks.stream().filter(id -> !copiedBlocks(fromDn2).contains(id)).toList();
    assertThat(copiedBlocks(dns.heartbeat("dn2"))).as("a stream freed up: the last one-replica block")
        .isEqualTo(left);
  }

  /** A file of one block written through the pipeline the NameNode chose, closed once its last node reported. */
  private io.cairn.proto.LocatedBlock closedOnItsTailsReport(String file) throws IOException {
    fx.mkdirs(ROOT, "/d");
    fx.ns().setOwner(ROOT, path("/d"), "alice", "");
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, false, true, 3, SimulatedNodes.BLOCK, clientOf(ALICE)));
    io.cairn.proto.LocatedBlock located = fx.dataPath().addBlock(ALICE, path(file), clientOf(ALICE), null, Set.of(), "");
    Block b = located.getBlock().toBuilder().setLengthBytes(SimulatedNodes.BLOCK).build();
    dns.received(located.getLocations(2).getUuid(), b);
    assertThat(fx.ns().complete(ALICE, path(file), clientOf(ALICE), 0, b)).isTrue();
    return located.toBuilder().setBlock(b).build();
  }

  private List<Long> copiesOrdered(List<String> nodes) {
    return nodes.stream().flatMap(n -> copiedBlocks(dns.heartbeat(n)).stream()).toList();
  }

  @Test
  void aClosedBlockIsNotCopiedWhileItsPipelinesOtherNodesAreStillToReportIt() throws IOException {
    List<String> nodes = dns.start(4);
    io.cairn.proto.LocatedBlock a = closedOnItsTailsReport("/d/a");
    dns.tick();
    assertThat(copiesOrdered(nodes)).as("two replicas are on their way from the pipeline").isEmpty();

    dns.received(a.getLocations(0).getUuid(), a.getBlock());
    dns.received(a.getLocations(1).getUuid(), a.getBlock());
    dns.advance(2 * CONFIG.heartbeatIntervalMs() + 1, nodes.toArray(String[]::new));
    dns.tick();
    assertThat(copiesOrdered(nodes)).isEmpty();
    assertThat(dns.locations("/d/a")).hasSize(3);
  }

  @Test
  void aPipelineNodeThatDoesNotReportWithinTwoHeartbeatsHasTheBlockCopied() throws IOException {
    List<String> nodes = dns.start(4);
    io.cairn.proto.LocatedBlock a = closedOnItsTailsReport("/d/a");
    dns.received(a.getLocations(0).getUuid(), a.getBlock());
    dns.tick();
    assertThat(copiesOrdered(nodes)).isEmpty();

    dns.advance(2 * CONFIG.heartbeatIntervalMs() + 1, nodes.toArray(String[]::new));
    dns.tick();
    assertThat(copiesOrdered(nodes)).as("the second node never reported").containsExactly(a.getBlock().getId());
  }

  @Test
  void aCopyNotReportedInTimeIsOrderedAgain() throws IOException {
    dns.start(3);
    Block a = dns.file("/d/a", 2, "dn1", "dn2");
    dns.advance(CONFIG.deadIntervalMs() + 1, "dn2", "dn3");
    dns.tick();
    assertThat(copiedBlocks(dns.heartbeat("dn2"))).containsExactly(a.getId());
    dns.tick();
    assertThat(copiedBlocks(dns.heartbeat("dn2"))).as("the copy is on its way").isEmpty();

    dns.advance(CONFIG.replicationTimeoutMs() + 1, "dn2", "dn3");
    dns.tick();
    assertThat(copiedBlocks(dns.heartbeat("dn2"))).containsExactly(a.getId());
  }

  @Test
  void aNodeThatComesBackMustReRegisterAndItsSurplusReplicaGoes() throws IOException {
    dns.start(4);
    Block a = dns.file("/d/a", 2, "dn1", "dn2");
    killDn1();
    ReplicateCommand copy = copies(dns.heartbeat("dn2")).getFirst().getReplicate();
    dns.received(copy.getTargets(0).getUuid(), a);
    dns.tick();

    assertThat(dns.heartbeat("dn1")).as("a dead node must register again").isNull();
    dns.register("dn1");
    dns.fullReport("dn1", a);
    // Three replicas of a two-replica block: the one on the fullest node (dn1) goes, and only that one.
    assertThat(deletions(dns.heartbeat("dn1"))).containsExactly(a.getId());
    assertThat(deletions(dns.heartbeat("dn2"))).isEmpty();
    assertThat(deletions(dns.heartbeat(copy.getTargets(0).getUuid()))).isEmpty();
    assertThat(dns.locations("/d/a")).hasSize(2).doesNotContain("dn1");
  }

  @Test
  void surplusRemovalNeverTakesTheLastReplica() throws IOException {
    dns.start(2);
    dns.file("/d/a", 2, "dn1", "dn2");
    fx.ns().setReplication(ROOT, path("/d/a"), 1);
    int deleted = deletions(dns.heartbeat("dn1")).size() + deletions(dns.heartbeat("dn2")).size();
    assertThat(deleted).isEqualTo(1);
    dns.tick();
    assertThat(dns.locations("/d/a")).hasSize(1);
    assertThat(deletions(dns.heartbeat("dn1")).size() + deletions(dns.heartbeat("dn2")).size()).isZero();
  }

  @Test
  void aCorruptReplicaIsNotOfferedNorCopiedFromAndGoesOnceTheBlockIsWholeAgain() throws IOException {
    dns.start(4);
    Block a = dns.file("/d/a", 2, "dn1", "dn2");
    fx.dataPath().reportCorruptReplica("dn1", a, "checksum mismatch at offset 512");
    assertThat(dns.locations("/d/a")).containsExactly("dn2");
    dns.tick();
    assertThat(copies(dns.heartbeat("dn1"))).isEmpty();
    ReplicateCommand copy = copies(dns.heartbeat("dn2")).getFirst().getReplicate();
    assertThat(copy.getTargetsList()).extracting(DatanodeInfo::getUuid).doesNotContain("dn1", "dn2");
    assertThat(deletions(dns.heartbeat("dn1"))).as("not before a good copy replaces it").isEmpty();

    dns.received(copy.getTargets(0).getUuid(), a);
    assertThat(deletions(dns.heartbeat("dn1"))).containsExactly(a.getId());
    assertThat(dns.locations("/d/a")).containsExactlyInAnyOrder("dn2", copy.getTargets(0).getUuid());
  }

  @Test
  void aReplicaReportedWithTheWrongLengthCountsAsCorrupt() throws IOException {
    dns.start(3);
    Block a = dns.file("/d/a", 2, "dn1", "dn2");
    fx.dataPath().incrementalReport("dn3", List.of(SimulatedNodes.finalized(a.toBuilder()
        .setLengthBytes(a.getLengthBytes() - 100).build())), List.of());
    assertThat(dns.locations("/d/a")).containsExactlyInAnyOrder("dn1", "dn2");
    assertThat(deletions(dns.heartbeat("dn3"))).as("the block has its two good replicas").containsExactly(a.getId());
  }

  @Test
  void aDecommissionedNodeIsDrainedFirstThenMarked() throws IOException {
    dns.start(4);
    Block a = dns.file("/d/a", 2, "dn3", "dn4");
    assertThat(fx.blocks().decommission("dn4")).isEqualTo(DatanodeAdminState.DECOMMISSIONING);
    dns.tick();
    ReplicateCommand copy = copies(dns.heartbeat("dn4")).getFirst().getReplicate();
    assertThat(copy.getTargetsList()).extracting(DatanodeInfo::getUuid).singleElement().isIn("dn1", "dn2");
    assertThat(dns.locations("/d/a")).as("it still serves reads, after the others").containsExactly("dn3", "dn4");

    fx.ns().create(ALICE, new CreateArgs(path("/d/new"), 0644, false, true, 3, SimulatedNodes.BLOCK,
        clientOf(ALICE)));
    for (int i = 0; i < 5; i++) {
      assertThat(fx.blocks().chooseTargets(3, "", Set.of(), 0)).extracting(DatanodeInfo::getUuid).doesNotContain("dn4");
    }
    dns.tick();
    assertThat(fx.blocks().registry().state("dn4").adminState()).isEqualTo(DatanodeAdminState.DECOMMISSIONING);
    dns.received(copy.getTargets(0).getUuid(), a);
    dns.tick();
    assertThat(fx.blocks().registry().state("dn4").adminState()).isEqualTo(DatanodeAdminState.DECOMMISSIONED);
    assertThat(deletions(dns.heartbeat("dn4"))).as("its replicas stay: they do not count").isEmpty();

    fx.blocks().recommission("dn4");
    dns.tick();
    assertThat(fx.blocks().registry().state("dn4").adminState()).isEqualTo(DatanodeAdminState.NORMAL);
    int deleted = 0;
    for (String n : List.of("dn1", "dn2", "dn3", "dn4")) {
      deleted += deletions(dns.heartbeat(n)).size();
    }
    assertThat(deleted).as("back in service, one of three replicas is surplus").isEqualTo(1);
  }

  @Test
  void aDecommissionSurvivesARestartAndWaitsForTheNodesFullReport() throws IOException {
    dns.start(4);
    Block a = dns.file("/d/a", 3, "dn2", "dn3", "dn4");
    assertThat(fx.stack().decommissions().decommission("dn4")).isEqualTo(DatanodeAdminState.DECOMMISSIONING);

    fx.restart();
    dns = new SimulatedNodes(fx);
    dns.start(4, false);
    assertThat(fx.blocks().registry().state("dn4").adminState()).as("decommissioned before the restart")
        .isEqualTo(DatanodeAdminState.DECOMMISSIONING);
    dns.tick();
    assertThat(fx.blocks().registry().state("dn4").adminState())
        .as("its replicas are unknown, not absent, until its full report").isEqualTo(DatanodeAdminState.DECOMMISSIONING);
    dns.fullReport("dn1");
    for (String n : List.of("dn2", "dn3", "dn4")) {
      dns.fullReport(n, a);
    }
    dns.tick();
    ReplicateCommand copy = copies(dns.heartbeat("dn4")).getFirst().getReplicate();
    assertThat(copy.getTargetsList()).extracting(DatanodeInfo::getUuid).containsExactly("dn1");
    dns.received("dn1", a);
    dns.tick();
    assertThat(fx.blocks().registry().state("dn4").adminState()).isEqualTo(DatanodeAdminState.DECOMMISSIONED);

    fx.stack().decommissions().recommission("dn4");
    fx.restart();
    dns = new SimulatedNodes(fx);
    dns.start(4);
    assertThat(fx.blocks().registry().state("dn4").adminState()).as("back in service for good")
        .isEqualTo(DatanodeAdminState.NORMAL);
  }
}
