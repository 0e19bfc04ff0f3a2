package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.config.Settings;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A volume fails under a write in progress: the write goes on through pipeline recovery. */
class VolumeFailureClusterTest {
  private static final int BLOCK = 256 << 10;
  private static final Duration LIMIT = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  /** {DataNode index, volume index} of a replica being written of {@code blockId}, or null. */
  private int[] holderOf(long blockId) {
    for (int i = 0; i < 4; i++) {
      for (int v = 0; v < 2; v++) {
        Path rbw = tmp.resolve("dn" + i).resolve("v" + v).resolve("current").resolve("rbw");
        if (Files.exists(rbw.resolve("blk_" + blockId))) {
          return new int[] {i, v};
        }
      }
    }
    return null;
  }

  @Test
  void aWriteInProgressOnAVolumeThatFailsRecoversAndTheFileReadsBack() throws Exception {
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 0, Map.of("cairn.namenode.replication.interval-ms",
        "100", "cairn.datanode.dead.interval-ms", "3000"));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      for (int i = 0; i < 4; i++) {
        Path dir = tmp.resolve("dn" + i);
        // The periodic check is off: the failure must be found by the write itself.
        Map<String, String> s = Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode", cluster.address(),
            "cairn.heartbeat.interval-ms", "50", "cairn.datanode.incremental-report.delay-ms", "10",
            "cairn.datanode.failed-volumes.tolerated", "1", "cairn.datanode.volume-check.interval-ms", "0");
        cluster.dataNodes.add(DataNode.start(DataNodeConfig.from(List.of(dir.resolve("v0"), dir.resolve("v1")),
            Settings.of(s)), SystemClock.INSTANCE));
      }
      Conditions.await("4 DataNodes live", LIMIT, () -> fs.datanodeReport().getNodesList().stream()
          .filter(DatanodeReport::getLive).count() == 4);
      byte[] data = new byte[3 * BLOCK + 777];
      new Random(5).nextBytes(data);

      DataNode victim;
      try (CairnOutputStream out = fs.create("/w", CreateOptions.defaults().blockSizeBytes(BLOCK).replication(3))) {
        out.write(data, 0, BLOCK + BLOCK / 2);
        out.hflush();
        LocatedBlock writing = fs.getBlockLocations("/w", BLOCK, 1).getBlocks(0);
        int[] where = holderOf(writing.getBlock().getId());
        assertThat(where).as("a replica being written of the second block").isNotNull();
        victim = cluster.dataNodes.get(where[0]);
        Path volume = tmp.resolve("dn" + where[0]).resolve("v" + where[1]);
        Files.move(volume, volume.resolveSibling("v" + where[1] + "-gone"));

        out.write(data, BLOCK + BLOCK / 2, data.length - (BLOCK + BLOCK / 2));
      }
      assertThat(victim.store().failedVolumes()).as("the write found the failed volume").hasSize(1);

      try (CairnInputStream in = fs.open("/w")) {
        assertThat(in.readAllBytes()).isEqualTo(data);
      }
      Conditions.await("every block back to 3 replicas", LIMIT, () -> fs.getBlockLocations("/w", 0, -1)
          .getBlocksList().stream().allMatch(b -> b.getLocationsCount() == 3));
      assertThat(victim.fatalError()).isNull();
      assertThat(victim.store().volumes()).hasSize(1);
    }
  }
}
