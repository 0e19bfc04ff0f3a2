package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.config.Settings;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Full DataNodes. A node is made "full" with {@code cairn.datanode.reserved-bytes} larger than its
 * disk (remaining = usable less the reserve, so it reports 0 bytes free and refuses every write), not
 * with a real small file system: that takes a mount, which a test cannot always make or be sure to
 * undo. Each DataNode has two data folders.
 */
class FullDiskClusterTest {
  private static final int BLOCK = 64 << 10;
  private static final String FULL = Long.toString(Long.MAX_VALUE / 4);

  @TempDir
  Path tmp;

  private static DataNode startDataNode(MiniDataCluster cluster, Path dir, String reservedBytes) throws IOException {
    Map<String, String> s = new HashMap<>(Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode",
        cluster.address(), "cairn.heartbeat.interval-ms", "50", "cairn.datanode.incremental-report.delay-ms", "10",
        "cairn.datanode.reserved-bytes", reservedBytes));
    DataNode dn = DataNode.start(DataNodeConfig.from(List.of(dir.resolve("v0"), dir.resolve("v1")), Settings.of(s)),
        SystemClock.INSTANCE);
    cluster.dataNodes.add(dn);
    return dn;
  }

  private static MiniDataCluster cluster(Path tmp, String... reserved) throws Exception {
    // Small files would not need a DataNode's disk at all.
    MiniDataCluster cluster = MiniDataCluster.start(tmp, 0, MiniDataCluster.BLOCKS_ONLY);
    try (CairnClient fs = CairnClient.connect(cluster.address())) {
      for (int i = 0; i < reserved.length; i++) {
        startDataNode(cluster, tmp.resolve("dn" + i), reserved[i]);
      }
      Conditions.await("the DataNodes live", Duration.ofSeconds(30), () -> fs.datanodeReport().getNodesList()
          .stream().filter(DatanodeReport::getLive).count() == reserved.length);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  @Test
  void aFullDataNodeIsNotChosenAndTheFileGoesToTheNodesWithRoom() throws Exception {
    try (MiniDataCluster cluster = cluster(tmp, FULL, "0", "0");
        CairnClient fs = CairnClient.connect(cluster.address())) {
      String full = cluster.dataNodes.getFirst().info().getUuid();
      byte[] data = bytes(3 * BLOCK + 100);
      try (CairnOutputStream out = fs.create("/f", CreateOptions.defaults().blockSizeBytes(BLOCK).replication(2))) {
        out.write(data);
      }

      // A file closes once each block has one replica reported; the second comes in its own report.
      Conditions.await("every block reported by 2 DataNodes", Duration.ofSeconds(30), () -> fs
          .getBlockLocations("/f", 0, -1).getBlocksList().stream().allMatch(b -> b.getLocationsCount() == 2));
      List<LocatedBlock> blocks = fs.getBlockLocations("/f", 0, -1).getBlocksList();
      assertThat(blocks).hasSize(4);
      for (LocatedBlock b : blocks) {
        assertThat(b.getLocationsList()).extracting(DatanodeInfo::getUuid).hasSize(2).doesNotContain(full);
      }
      assertThat(cluster.dataNodes.getFirst().store().count()).isZero();
      try (CairnInputStream in = fs.open("/f")) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
    }
  }

  @Test
  void withEveryDataNodeFullTheWriterGetsAClearErrorAndNoBlockIsKept() throws Exception {
    try (MiniDataCluster cluster = cluster(tmp, FULL, FULL);
        CairnClient fs = CairnClient.connect(cluster.address())) {
      CairnOutputStream out = fs.create("/f", CreateOptions.defaults().blockSizeBytes(BLOCK).replication(2));
      assertThatThrownBy(() -> {
        out.write(bytes(BLOCK));
        out.close();
      }).isInstanceOf(IOException.class)
          .hasMessageContaining("no live DataNode can take a new block")
          .hasMessageContaining(BLOCK + " bytes free");
      assertThatThrownBy(out::close).isInstanceOf(IOException.class);

      assertThat(fs.getBlockLocations("/f", 0, -1).getBlocksList()).as("no block was ever allocated").isEmpty();
      for (DataNode dn : cluster.dataNodes) {
        assertThat(dn.store().count()).isZero();
      }
    }
  }
}
