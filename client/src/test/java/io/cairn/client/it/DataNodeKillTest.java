package io.cairn.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.MiniDataCluster;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.testing.Conditions;
import io.cairn.common.testing.LiveFiles;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.LocatedBlock;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * DataNodes in their own processes, killed with SIGKILL while a client writes or reads, or with a
 * replica's bytes flipped on disk: nothing acknowledged is lost while a replica survives. The
 * NameNode runs in this JVM.
 */
@Timeout(120)
class DataNodeKillTest {
  static final int BLOCK = 1 << 20;
  static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  MiniDataCluster nameNode;
  CairnClient fs;
  final List<DaemonProcess> dataNodes = new ArrayList<>();
  /** The data folder of each DataNode process, in start order. */
  final List<Path> dirs = new ArrayList<>();

  void start(int count) throws Exception {
    // Repair passes often, so a repair under a loaded machine still comes well within the wait.
    nameNode = MiniDataCluster.start(tmp, 0, Map.of("cairn.namenode.replication.interval-ms", "200"));
    fs = CairnClient.connect(nameNode.address());
    for (int i = 0; i < count; i++) {
      Path dir = tmp.resolve("dnp" + i);
      dirs.add(dir);
      dataNodes.add(startDataNode(dir, i));
    }
    Conditions.await(count + " live DataNodes", WAIT,
        () -> fs.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive).count() == count);
  }

  DaemonProcess startDataNode(Path dir, int i) throws Exception {
    return DaemonProcess.startDataNode(dir, nameNode.address(), tmp.resolve("dn" + i + ".log"),
        List.of("cairn.heartbeat.interval-ms=100", "cairn.datanode.incremental-report.delay-ms=10",
            "cairn.datanode.namenode.retry-max-ms=200",
            // The block scanner finds a flipped replica too, should a reader happen to read only good ones.
            "cairn.datanode.scan.period-ms=1000", "cairn.datanode.scan.bytes-per-second=1073741824"));
  }

  @AfterEach
  void stop() throws Exception {
    if (fs != null) {
      fs.close();
    }
    for (DaemonProcess dn : dataNodes) {
      dn.close();
    }
    if (nameNode != null) {
      nameNode.close();
    }
  }

  @Test
  void aDataNodeKilledDuringALargeWriteLosesNothing() throws Exception {
    start(4);
    byte[] data = bytes(3 * BLOCK + 4321, 7);
    int cut = BLOCK + BLOCK / 3;
    long blockId;
    long oldStamp;
    int victim;
    try (CairnOutputStream out = fs.create("/big", CreateOptions.defaults().blockSizeBytes(BLOCK).replication(3))) {
      out.write(data, 0, cut);
      out.hflush();
      LocatedBlock open = fs.getBlockLocations("/big", BLOCK, 1).getBlocks(0);
      blockId = open.getBlock().getId();
      oldStamp = open.getBlock().getGenstamp();
      victim = indexOfPort(open.getLocations(1).getDataPort());
      dataNodes.get(victim).kill9();
      out.write(data, cut, data.length - cut);
    }
    try (CairnInputStream in = fs.open("/big")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    assertThat(fs.getBlockLocations("/big", BLOCK, 1).getBlocks(0).getBlock().getGenstamp()).isGreaterThan(oldStamp);

    // The killed node comes back with its replica at the old stamp, which the NameNode has deleted.
    dataNodes.set(victim, startDataNode(dirs.get(victim), victim));
    Path dir = dirs.get(victim);
    Conditions.await("the stale replica is deleted", WAIT, () -> replicaFiles(dir, blockId).isEmpty());
  }

  @Test
  void aDataNodeKilledDuringAReadIsReadAround() throws Exception {
    start(3);
    byte[] data = bytes(2 * BLOCK + 99, 8);
    write("/r", data);
    try (CairnInputStream in = fs.open("/r")) {
      byte[] head = in.readNBytes(BLOCK / 2);
      LocatedBlock first = fs.getBlockLocations("/r", 0, 1).getBlocks(0);
      dataNodes.get(indexOfPort(first.getLocations(0).getDataPort())).kill9();
      byte[] rest = in.readAllBytes();
      byte[] all = Arrays.copyOf(head, data.length);
      System.arraycopy(rest, 0, all, head.length, rest.length);
      assertThat(head.length + rest.length).isEqualTo(data.length);
      assertThat(all).isEqualTo(data);
    }
  }

  @Test
  void aReplicaWithFlippedBytesIsReadAroundAndRepaired() throws Exception {
    start(3);
    byte[] data = bytes(BLOCK, 9);
    write("/flip", data);
    LocatedBlock located = fs.getBlockLocations("/flip", 0, 1).getBlocks(0);
    long id = located.getBlock().getId();
    Path dir = dirs.get(indexOfPort(located.getLocations(0).getDataPort()));
    Path file = finalizedBlockFile(dir, id);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(4242);
      int b = f.read();
      f.seek(4242);
      f.write(b ^ 0x5a);
    }
    try (CairnInputStream in = fs.open("/flip")) {
      assertThat(in.readAllBytes()).isEqualTo(data);
    }
    // Reported by the reader (or found by that node's block scanner), deleted there, copied back
    // from a good replica.
    Conditions.await("the flipped replica is repaired", WAIT.multipliedBy(2), () -> {
      Path now = finalizedBlockFileOrNull(dir, id);
      // The node may move the replica to corrupt/ between finding it and reading it.
      try {
        return now != null && Arrays.equals(Files.readAllBytes(now), data);
      } catch (java.nio.file.NoSuchFileException movedAway) {
        return false;
      }
    });
  }

  private void write(String path, byte[] data) throws Exception {
    try (CairnOutputStream out = fs.create(path, CreateOptions.defaults().blockSizeBytes(BLOCK).replication(3))) {
      out.write(data);
    }
  }

  private int indexOfPort(int port) {
    for (int i = 0; i < dataNodes.size(); i++) {
      if (dataNodes.get(i).address().endsWith(":" + port)) {
        return i;
      }
    }
    throw new AssertionError("no DataNode process listens on " + port);
  }

  static List<Path> replicaFiles(Path dir, long blockId) throws Exception {
    return LiveFiles.under(dir.resolve("current"), p -> p.getFileName().toString().startsWith("blk_" + blockId)
        && !p.toString().contains("/corrupt/"));
  }

  static Path finalizedBlockFileOrNull(Path dir, long blockId) throws Exception {
    return LiveFiles.named(dir.resolve("current").resolve("finalized"), "blk_" + blockId).stream().findFirst()
        .orElse(null);
  }

  static Path finalizedBlockFile(Path dir, long blockId) throws Exception {
    Path p = finalizedBlockFileOrNull(dir, blockId);
    assertThat(p).as("finalized replica of blk_%s in %s", blockId, dir).isNotNull();
    return p;
  }

  static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
