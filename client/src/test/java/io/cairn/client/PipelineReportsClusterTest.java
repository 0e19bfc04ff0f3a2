package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.testing.Conditions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reports of a block's replicas written through a pipeline: the last node's goes at once and lets
 * the writer's close through; the other nodes' may wait (cairn.datanode.incremental-report.pipeline-delay-ms).
 */
class PipelineReportsClusterTest {
  @TempDir
  Path tmp;

  private static void writeSmallFile(CairnClient fs, String path) throws Exception {
    try (CairnOutputStream out = fs.create(path, CreateOptions.defaults().replication(3))) {
      out.write(new byte[4096]);
    }
  }

  @Test
  void aFileClosesOnItsLastNodesReportWhileTheOtherNodesHoldTheirs() throws Exception {
    // Heartbeats (which would carry held reports; the NameNode sets their interval) and the delay both
    // outlast the test.
    Map<String, String> slowHeartbeats = Map.of("cairn.heartbeat.interval-ms", "3600000",
        "cairn.datanode.dead.interval-ms", "7200000", "cairn.namenode.inline-data.max-bytes", "0");
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 3, slowHeartbeats,
        Map.of("cairn.datanode.incremental-report.pipeline-delay-ms", "3600000"));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      writeSmallFile(fs, "/small");
      assertThat(fs.getBlockLocations("/small", 0, -1).getBlocks(0).getLocationsList())
          .as("only the pipeline's last node has reported").hasSize(1);
    }
  }

  @Test
  void theHeldReportsFollowWithinTheirDelay() throws Exception {
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 3, Map.of("cairn.heartbeat.interval-ms", "3600000",
        "cairn.datanode.dead.interval-ms", "7200000", "cairn.namenode.inline-data.max-bytes", "0"));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      writeSmallFile(fs, "/small");
      Conditions.await("all three replicas reported", Duration.ofSeconds(30),
          () -> fs.getBlockLocations("/small", 0, -1).getBlocks(0).getLocationsCount() == 3);
    }
  }
}
