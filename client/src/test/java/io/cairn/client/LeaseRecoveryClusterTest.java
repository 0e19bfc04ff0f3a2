package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.testing.Conditions;
import io.cairn.proto.LocatedBlock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer abandoned without closing its file, against a real NameNode and three DataNodes. */
class LeaseRecoveryClusterTest {
  static final int BLOCK = 256 * 1024;

  @TempDir
  Path tmp;

  @Test
  void anAbandonedWritersFileIsClosedWithWhatItHflushed() throws Exception {
    // The shortest limits the NameNode allows, so the recovery comes within seconds.
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 3, Map.of("cairn.lease.soft-limit-ms", "1000",
        "cairn.lease.hard-limit-ms", "1000", "cairn.lease.check-interval-ms", "50"));
        CairnClient reader = CairnClient.connect(cluster.address())) {
      byte[] data = DataPathClusterTest.bytes(BLOCK + 70_000);
      CairnClient writer = CairnClient.connect(cluster.address());
      CairnOutputStream out = writer.create("/abandoned", CreateOptions.defaults().blockSizeBytes(BLOCK)
          .replication(3));
      out.write(data);
      out.hflush();
      // Written, never flushed: not promised to anyone, though a packet of it may reach the DataNodes.
      out.write(new byte[1000]);
      // The writer goes away without closing: no more lease renewals, its pipeline connections drop.
      writer.close();

      Conditions.await("the NameNode closed /abandoned", Duration.ofSeconds(30),
          () -> !reader.stat("/abandoned").getUnderConstruction());
      long length = reader.stat("/abandoned").getLengthBytes();
      assertThat(length).as("at least what was hflushed, at most what was written")
          .isBetween((long) data.length, (long) data.length + 1000);
      // The DataNodes finalize the last block at its recovered length and new stamp (no replica is
      // readable until then); then it counts as replicated.
      Conditions.await("the recovered last block on 3 DataNodes", Duration.ofSeconds(30), () -> {
        LocatedBlock last = reader.getBlockLocations("/abandoned", 0, -1).getBlocksList().getLast();
        return !last.getUnderConstruction() && last.getLocationsCount() == 3;
      });
      try (CairnInputStream in = reader.open("/abandoned")) {
        // Past the hflushed bytes come the zeros written after them.
        assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOf(data, (int) length));
      }
    }
  }
}
