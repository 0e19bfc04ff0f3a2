package io.cairn.client.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.client.cli.CairnCli;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.testing.Conditions;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.FsckSummary;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.SafeModeAction;
import io.cairn.proto.SafeModeResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real processes killed with SIGKILL: a DataNode (its blocks get back to three live replicas and
 * fsck turns HEALTHY) and the NameNode under load (it restarts in safe mode, leaves it once the
 * DataNodes report, and every acknowledged file reads back).
 */
class FaultToleranceProcessTest {
  private static final int BLOCK = 64 << 10;
  private static final Duration LIMIT = Duration.ofSeconds(45);

  @TempDir
  Path tmp;

  private static void write(CairnClient fs, String path, byte[] data, int replication) throws IOException {
    try (CairnOutputStream out = fs.create(path, CreateOptions.defaults().replication(replication)
        .blockSizeBytes(BLOCK))) {
      out.write(data);
    }
  }

  private static void assertReadsBack(CairnClient fs, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      try (CairnInputStream in = fs.open(e.getKey())) {
        assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  private static boolean healthy(FsckSummary s) {
    return s.getUnderReplicatedBlocks() == 0 && s.getMissingBlocks() == 0 && s.getCorruptBlocks() == 0;
  }

  private static int cli(String... args) {
    return CairnCli.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
  }

  @Test
  void killOneOfFourDataNodesAndEveryBlockGetsBackToThreeReplicas() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(tmp, 4);
        CairnClient fs = CairnClient.connect(cluster.address())) {
      Conditions.await("4 DataNodes live", LIMIT, () -> cluster.liveDataNodes(fs) == 4);
      Map<String, byte[]> files = new ConcurrentHashMap<>();
      for (int i = 0; i < 12; i++) {
        String path = "/data/f" + i;
        byte[] data = ProcessCluster.content(path, 2 * BLOCK + 1000 * i);
        write(fs, path, data, 3);
        files.put(path, data);
      }
      Conditions.await("fsck healthy before", LIMIT, () -> healthy(cluster.fsck()));

      DaemonProcess victim = cluster.dataNodes.getFirst();
      String victimUuid = Files.readString(tmp.resolve("dn0").resolve("datanode.uuid")).trim();
      victim.kill9();

      Conditions.await("the killed DataNode declared dead", LIMIT, () -> fs.datanodeReport().getNodesList().stream()
          .anyMatch(n -> n.getNode().getUuid().equals(victimUuid) && !n.getLive()));
      Conditions.await("every block on 3 live nodes, none the dead one, and fsck healthy", LIMIT, () -> {
        for (String path : files.keySet()) {
          for (LocatedBlock b : fs.getBlockLocations(path, 0, -1).getBlocksList()) {
            List<String> where = b.getLocationsList().stream().map(DatanodeInfo::getUuid).toList();
            if (where.size() != 3 || where.contains(victimUuid)) {
              return false;
            }
          }
        }
        return healthy(cluster.fsck());
      });
      assertThat(cli("fsck", "--namenode", cluster.address(), "/")).isZero();
      assertReadsBack(fs, files);
    }
  }

  @Test
  void killTheNameNodeUnderLoadThenItRestartsInSafeModeAndEverythingAcknowledgedReads() throws Exception {
    Map<String, byte[]> acked = new ConcurrentHashMap<>();
    try (ProcessCluster cluster = ProcessCluster.start(tmp, 3)) {
      try (CairnClient fs = CairnClient.connect(cluster.address())) {
        Conditions.await("3 DataNodes live", LIMIT, () -> cluster.liveDataNodes(fs) == 3);
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger written = new AtomicInteger();
      List<Thread> writers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int id = w;
        Thread t = new Thread(() -> {
          try (CairnClient fs = CairnClient.connect(cluster.address())) {
            for (int i = 0; !stop.get(); i++) {
              String path = "/load/w" + id + "/f" + i;
              byte[] data = ProcessCluster.content(path, BLOCK + 517 * i % BLOCK);
              write(fs, path, data, 2);
              acked.put(path, data);
              written.incrementAndGet();
            }
          } catch (IOException | RuntimeException expectedOnceKilled) {
            // The NameNode died under this writer: what it acknowledged is recorded.
          }
        }, "writer-" + w);
        writers.add(t);
        t.start();
      }
      Conditions.await("writers made progress", LIMIT, () -> written.get() >= 40);
      cluster.nameNode.kill9();
      stop.set(true);
      for (Thread t : writers) {
        t.join(Duration.ofSeconds(60));
        assertThat(t.isAlive()).as(t.getName()).isFalse();
      }

      // Hold the DataNodes still while the NameNode starts, to see it wait for their reports.
      for (DaemonProcess dn : cluster.dataNodes) {
        dn.signal("STOP");
      }
      try {
        cluster.startNameNode();
        try (AdminClient admin = AdminClient.connect(cluster.address(), CallerIdentity.currentUser());
            CairnClient fs = CairnClient.connect(cluster.address())) {
          SafeModeResponse mode = admin.safeMode(SafeModeAction.SAFE_MODE_GET);
          assertThat(mode.getOn()).isTrue();
          assertThat(mode.getStatus()).contains("The reported blocks 0 needs additional");
          assertThat(catchThrowableOfType(CairnException.class, () -> fs.mkdirs("/refused", true)).code())
              .isEqualTo(ErrorCode.SAFE_MODE);
        }
      } finally {
        for (DaemonProcess dn : cluster.dataNodes) {
          dn.signal("CONT");
        }
      }
      try (AdminClient admin = AdminClient.connect(cluster.address(), CallerIdentity.currentUser());
          CairnClient fs = CairnClient.connect(cluster.address())) {
        Conditions.await("safe mode left by itself", LIMIT,
            () -> !admin.safeMode(SafeModeAction.SAFE_MODE_GET).getOn());
        // Safe mode may end on the reports of two nodes (every file has 2 replicas); the third, held
        // stopped across the NameNode's start, registers again on its own time.
        Conditions.await("all three DataNodes live again", LIMIT,
            () -> fs.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive).count() == 3);
        assertThat(acked).hasSizeGreaterThanOrEqualTo(40);
        assertReadsBack(fs, acked);
        assertThat(fs.mkdirs("/after-restart", true)).isTrue();
      }
      assertThat(cli("fsck", "--namenode", cluster.address(), "/")).isZero();
    }
  }
}
