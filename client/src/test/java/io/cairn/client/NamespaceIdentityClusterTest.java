package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.config.Settings;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NameNode started on an empty or wrong folder makes a new namespace; a DataNode holding another
 * namespace's replicas must be refused by it rather than have every replica deleted as unknown.
 */
class NamespaceIdentityClusterTest {
  @TempDir
  Path tmp;

  @Test
  void aDataNodeOfAnotherNamespaceKeepsItsReplicasAndIsRefused() throws Exception {
    Path dnDir;
    try (MiniDataCluster first = MiniDataCluster.start(tmp.resolve("first"), 1, MiniDataCluster.BLOCKS_ONLY);
        CairnClient fs = CairnClient.connect(first.address())) {
      try (OutputStream out = fs.create("/kept", CreateOptions.defaults().replication(1))) {
        out.write(new byte[200_000]);
      }
      dnDir = tmp.resolve("first").resolve("dn0");
    }
    long replicas = blockFiles(dnDir);
    assertThat(replicas).isPositive();

    try (MiniDataCluster other = MiniDataCluster.start(tmp.resolve("other"), 0);
        DataNode stray = DataNode.start(DataNodeConfig.from(dnDir, Settings.of(Map.of("cairn.datanode.port", "0",
            "cairn.datanode.namenode", other.address(), "cairn.heartbeat.interval-ms", "50",
            "cairn.datanode.namenode.retry-max-ms", "200"))), SystemClock.INSTANCE)) {
      Conditions.await("the stray DataNode is refused", Duration.ofSeconds(20),
          () -> stray.heartbeat().linkFailure() != null);
      assertThat(stray.heartbeat().linkFailure()).contains("belong to namespace");
      assertThat(stray.heartbeat().registered()).isFalse();
      try (CairnClient fs = CairnClient.connect(other.address())) {
        assertThat(fs.datanodeReport().getNodesCount()).isZero();
      }
    }
    assertThat(blockFiles(dnDir)).isEqualTo(replicas);
  }

  private static long blockFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("blk_[0-9]+")).count();
    }
  }
}
