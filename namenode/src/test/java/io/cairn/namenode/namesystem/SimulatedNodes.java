package io.cairn.namenode.namesystem;

import static io.cairn.namenode.NamespaceFixture.ALICE;
import static io.cairn.namenode.NamespaceFixture.ROOT;
import static io.cairn.namenode.NamespaceFixture.clientOf;
import static io.cairn.namenode.NamespaceFixture.path;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.namenode.NamespaceFixture;
import io.cairn.namenode.namespace.NamespacePlanner.CreateArgs;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DataNodes played by the test against a {@link NamespaceFixture}: they register, heartbeat, report
 * replicas and collect the commands they are sent, on the fixture's manual clock.
 */
final class SimulatedNodes {
  static final long BLOCK = 1024;

  private final NamespaceFixture fx;
  private final DataPath data;
  private final Map<String, DatanodeInfo> nodes = new HashMap<>();
  private final Map<String, Long> remaining = new HashMap<>();

  SimulatedNodes(NamespaceFixture fx) {
    this.fx = fx;
    this.data = fx.dataPath();
  }

  /** Registers dn1..dnN, dn1 with the least free space, each with its (empty) first full report. */
  List<String> start(int count) throws IOException {
    return start(count, true);
  }

  /** Registers dn1..dnN, dn1 with the least free space; with {@code fullReports}, each sends an empty one. */
  List<String> start(int count, boolean fullReports) throws IOException {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      DatanodeInfo node = DatanodeInfo.newBuilder().setUuid("dn" + i).setHost("10.0.0." + i).setDataPort(9866).build();
      nodes.put(node.getUuid(), node);
      remaining.put(node.getUuid(), (long) i << 30);
      data.register(node, storage(node.getUuid()));
      if (fullReports) {
        fullReport(node.getUuid());
      }
      out.add(node.getUuid());
    }
    return out;
  }

  StorageReport storage(String uuid) {
    long free = remaining.get(uuid);
    return StorageReport.newBuilder().setCapacityBytes(100L << 30).setRemainingBytes(free).build();
  }

  void register(String uuid) throws IOException {
    data.register(nodes.get(uuid), storage(uuid));
  }

  /** The commands the node gets with its next heartbeat (null: it must register again). */
  List<DatanodeCommand> heartbeat(String uuid) {
    return data.heartbeat(uuid, storage(uuid));
  }

  /** Advances the clock by {@code ms}, the nodes named heartbeating all along (their commands are dropped). */
  void advance(long ms, String... alive) {
    fx.clock().advance(ms);
    for (String n : alive) {
      heartbeat(n);
    }
  }

  void tick() throws IOException {
    fx.replicationMonitor().tick();
  }

  /** A closed one-block file of {@code replication} with finalized replicas on {@code holders}. */
  Block file(String file, int replication, String... holders) throws IOException {
    fx.mkdirs(ROOT, "/d");
    fx.ns().setOwner(ROOT, path("/d"), "alice", "");
    fx.ns().create(ALICE, new CreateArgs(path(file), 0644, false, true, replication, BLOCK, clientOf(ALICE)));
    Block b = data.addBlock(ALICE, path(file), clientOf(ALICE), null, Set.of(), "").getBlock().toBuilder()
        .setLengthBytes(BLOCK).build();
    for (String h : holders) {
      received(h, b);
    }
    assertThat(fx.ns().complete(ALICE, path(file), clientOf(ALICE), 0, b)).isTrue();
    return b;
  }

  static ReplicaReport finalized(Block b) {
    return ReplicaReport.newBuilder().setBlockId(b.getId()).setGenstamp(b.getGenstamp())
        .setLengthBytes(b.getLengthBytes()).setFinalized(true).build();
  }

  void received(String uuid, Block b) throws IOException {
    data.incrementalReport(uuid, List.of(finalized(b)), List.of());
  }

  void deleted(String uuid, Block b) throws IOException {
    data.incrementalReport(uuid, List.of(), List.of(b.getId()));
  }

  void fullReport(String uuid, Block... blocks) throws IOException {
    List<ReplicaReport> replicas = new ArrayList<>();
    for (Block b : blocks) {
      replicas.add(finalized(b));
    }
    data.blockReport(uuid, new BlockManager.ReportPart(System.nanoTime(), 0, 1, replicas));
  }

  /** Live, usable holders of the block as readers are told. */
  List<String> locations(String file) throws IOException {
    return data.blockLocations(ROOT, path(file), 0, -1, "").getBlocks(0).getLocationsList().stream()
        .map(DatanodeInfo::getUuid).toList();
  }

  static List<DatanodeCommand> copies(List<DatanodeCommand> commands) {
    return commands.stream().filter(DatanodeCommand::hasReplicate).toList();
  }

  static List<Long> deletions(List<DatanodeCommand> commands) {
    List<Long> out = new ArrayList<>();
    commands.stream().filter(DatanodeCommand::hasDelete)
        .forEach(c -> c.getDelete().getBlocksList().forEach(b -> out.add(b.getId())));
    return out;
  }
}
