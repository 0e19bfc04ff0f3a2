package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.config.Settings;
import io.cairn.common.testing.Conditions;
import io.cairn.common.time.SystemClock;
import io.cairn.common.wire.Checksums;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.datanode.storage.ReplicaWriter;
import io.cairn.proto.DatanodeReport;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A DataNode whose full block report is larger than the NameNode accepts in one request. */
class BlockReportSplitTest {
  /** The smallest request limit the NameNode allows: room for some 700 replicas per request. */
  static final int MAX_REQUEST_BYTES = 16 << 10;
  static final int REPLICAS = 3_000;

  @TempDir
  Path tmp;

  @Test
  void aReportLargerThanTheRequestLimitArrivesInPartsAndIsActedOnWhole() throws Exception {
    // Replicas of blocks no file owns, put in the DataNode's folder before it ever meets the NameNode.
    try (DataNode offline = DataNode.start(DataNodeConfig.from(tmp.resolve("dn0"),
        Settings.of(Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode", "none"))), SystemClock.INSTANCE)) {
      byte[] data = new byte[10];
      for (long id = 1_000_000; id < 1_000_000 + REPLICAS; id++) {
        ReplicaWriter w = offline.store().create(id, 1);
        w.write(0, ByteBuffer.wrap(data), ByteBuffer.wrap(Checksums.compute(data, 0, data.length)));
        w.finish();
      }
    }
    // Registration includes the full report: in one request it would be refused and the node never registered.
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 1,
        Map.of("cairn.namenode.rpc.max-request-bytes", Integer.toString(MAX_REQUEST_BYTES)));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      DataNode dn = cluster.dataNodes.getFirst();
      assertThat(fs.datanodeReport().getNodesList()).extracting(DatanodeReport::getLive).containsExactly(true);
      // The NameNode read every part: it found every replica to be garbage and had the node delete it.
      Conditions.await("the DataNode deleted all " + REPLICAS + " orphan replicas", Duration.ofSeconds(30),
          () -> dn.store().count() == 0);
    }
  }
}
