package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.testing.Conditions;
import io.cairn.common.testing.LiveFiles;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.storage.Replica;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replica failover, corrupt-replica repair and pipeline recovery, with the DataNodes in this JVM. */
class FaultToleranceClusterTest {
  static final int BLOCK = 256 * 1024;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  MiniDataCluster cluster;
  CairnClient fs;

  void start(int dataNodes) throws IOException {
    start(dataNodes, java.util.Map.of());
  }

  void start(int dataNodes, java.util.Map<String, String> dataNodeSettings) throws IOException {
    // A closed node is declared dead, and a copy that went nowhere ordered again, within seconds, so a
    // repair the test waits for comes in time on a loaded machine too.
    cluster = MiniDataCluster.start(tmp, dataNodes, java.util.Map.of("cairn.datanode.dead.interval-ms", "1500",
        "cairn.namenode.replication.interval-ms", "200", "cairn.replication.timeout-ms", "3000"), dataNodeSettings);
    fs = CairnClient.connect(cluster.address());
  }

  @AfterEach
  void stop() {
    if (fs != null) {
      fs.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aReadGoesOnFromAnotherReplicaWhenADataNodeIsGone() throws Exception {
    start(3);
    byte[] data = bytes(2 * BLOCK + 1000, 1);
    write("/f", data);
    try (CairnInputStream in = fs.open("/f")) {
      byte[] head = in.readNBytes(1000);
      LocatedBlock first = fs.getBlockLocations("/f", 0, 1).getBlocks(0);
      for (var loc : first.getLocationsList().subList(0, 2)) {
        node(loc.getUuid()).close();
      }
      byte[] rest = in.readAllBytes();
      assertThat(concat(head, rest)).isEqualTo(data);
    }
  }

  @Test
  void aCorruptReplicaIsReadAroundReportedAndRepaired() throws Exception {
    // The DataNodes' file check is a second finder: a loaded machine may have the victim declared
    // dead for a moment (the dead interval here is short), and the read then never touches it.
    start(3, java.util.Map.of("cairn.datanode.scan.file-check.period-ms", "100"));
    byte[] data = bytes(BLOCK, 2);
    Victim victim = writeAndFlipAByteOfTheFirstReplica("/c", data, 1234);

    try (CairnInputStream in = fs.open("/c")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    // Reported, deleted on the corrupt node (a good copy exists), then copied back to it.
    Conditions.await("the corrupt replica is replaced by a good copy", WAIT,
        () -> java.util.Arrays.equals(finalizedBytes(victim.node(), victim.blockId()), data));
  }

  @Test
  void aReplicaOverwrittenOnDiskIsFoundWithoutAnyReadAndRepaired() throws Exception {
    start(3, java.util.Map.of("cairn.datanode.scan.file-check.period-ms", "100"));
    byte[] data = bytes(BLOCK, 4);
    Victim victim = writeAndFlipAByteOfTheFirstReplica("/o", data, 4321);

    // No client reads it: the DataNode's file check finds it, the NameNode has it replaced.
    Conditions.await("the overwritten replica is replaced by a good copy", WAIT,
        () -> java.util.Arrays.equals(finalizedBytes(victim.node(), victim.blockId()), data));
    try (CairnInputStream in = fs.open("/o")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
  }

  @Test
  void aWriteGoesOnWhenAPipelineNodeDiesAndTheStaleReplicaIsDiscarded() throws Exception {
    start(4);
    byte[] data = bytes(3 * BLOCK + 777, 3);
    int cut = BLOCK + BLOCK / 2;
    LocatedBlock during;
    DataNode killed;
    try (CairnOutputStream out = fs.create("/w", CreateOptions.defaults().blockSizeBytes(BLOCK).replication(3))) {
      out.write(data, 0, cut);
      out.hflush();
      during = fs.getBlockLocations("/w", BLOCK, 1).getBlocks(0);
      killed = node(during.getLocations(1).getUuid());
      killed.close();
      out.write(data, cut, data.length - cut);
    }
    try (CairnInputStream in = fs.open("/w")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    LocatedBlock after = fs.getBlockLocations("/w", BLOCK, 1).getBlocks(0);
    assertThat(after.getBlock().getId()).isEqualTo(during.getBlock().getId());
    assertThat(after.getBlock().getGenstamp()).isGreaterThan(during.getBlock().getGenstamp());
    // Two survivors and the replacement, which a survivor brought up to date before the write went on.
    Conditions.await("three replicas at the new stamp", WAIT,
        () -> fs.getBlockLocations("/w", BLOCK, 1).getBlocks(0).getLocationsCount() == 3);
    assertThat(fs.getBlockLocations("/w", BLOCK, 1).getBlocks(0).getLocationsList()).extracting(l -> l.getUuid())
        .doesNotContain(killed.info().getUuid());

    // The dead node comes back with its replica at the old stamp: the NameNode has it deleted.
    int index = cluster.dataNodes.indexOf(killed);
    DataNode back = restart(index);
    long id = during.getBlock().getId();
    Conditions.await("the stale replica is deleted", WAIT, () -> back.store().get(id).isEmpty());
  }

  private DataNode restart(int index) throws IOException {
    var s = java.util.Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode", cluster.address(),
        "cairn.heartbeat.interval-ms", "50", "cairn.datanode.incremental-report.delay-ms", "10",
        "cairn.datanode.namenode.retry-max-ms", "200");
    DataNode dn = DataNode.start(io.cairn.datanode.server.DataNodeConfig.from(tmp.resolve("dn" + index),
        io.cairn.common.config.Settings.of(s)), io.cairn.common.time.SystemClock.INSTANCE);
    cluster.dataNodes.set(index, dn);
    return dn;
  }

  /** The node whose replica of block {@code blockId} a test corrupted. */
  private record Victim(DataNode node, long blockId) {}

  /**
   * Writes {@code path} (one block), then flips the byte at {@code offset} of the replica readers
   * are sent to first, as something other than the DataNode would, after dating the replica's files
   * an hour back as if it had been finalized then.
   */
  private Victim writeAndFlipAByteOfTheFirstReplica(String path, byte[] data, long offset) throws IOException {
    write(path, data);
    LocatedBlock located = fs.getBlockLocations(path, 0, 1).getBlocks(0);
    Victim victim = new Victim(node(located.getLocations(0).getUuid()), located.getBlock().getId());
    Path file = blockFile(victim.node(), victim.blockId());
    writtenAnHourAgo(file, victim.blockId());
    flipByte(file, offset);
    return victim;
  }

  private void write(String path, byte[] data) throws IOException {
    try (CairnOutputStream out = fs.create(path, CreateOptions.defaults().blockSizeBytes(BLOCK).replication(3))) {
      out.write(data);
    }
  }

  private DataNode node(String uuid) {
    return cluster.dataNodes.stream().filter(d -> d.info().getUuid().equals(uuid)).findFirst().orElseThrow();
  }

  static Path blockFile(DataNode dn, long blockId) throws IOException {
    Replica r = dn.store().get(blockId).orElseThrow();
    List<Path> found = LiveFiles.under(dn.store().volume().layout().root().resolve("current"),
        p -> p.getFileName().toString().equals("blk_" + blockId) && !p.toString().contains("corrupt"));
    assertThat(found).as("block file of %s", r).hasSize(1);
    return found.getFirst();
  }

  /** The bytes of the finalized replica, or null while there is none. */
  static byte[] finalizedBytes(DataNode dn, long blockId) throws IOException {
    var r = dn.store().get(blockId);
    if (r.isEmpty() || !r.get().finalized()) {
      return null;
    }
    try {
      return Files.readAllBytes(dn.store().volume().layout().blockFile(r.get()));
    } catch (java.nio.file.NoSuchFileException e) {
      return null;
    }
  }

  /** Dates the block's files (block and meta, beside each other) an hour back, as for a replica finalized then. */
  static void writtenAnHourAgo(Path blockFile, long blockId) throws IOException {
    var then = java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
    try (Stream<Path> files = Files.list(blockFile.getParent())) {
      for (Path p : files.filter(p -> p.getFileName().toString().equals("blk_" + blockId)
          || p.getFileName().toString().startsWith("blk_" + blockId + "_")).toList()) {
        Files.setLastModifiedTime(p, then);
      }
    }
  }

  static void flipByte(Path file, long offset) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(offset);
      int b = f.read();
      f.seek(offset);
      f.write(b ^ 0xff);
    }
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
