package io.cairn.client.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.cli.CairnCli;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.testing.Conditions;
import io.cairn.common.testing.LiveFiles;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.FsckSummary;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real DataNode processes with two data folders each; one folder of one DataNode fails for real (it
 * is renamed away while the DataNode runs, which no permission setting would stop as root). The
 * DataNode's periodic volume check finds it.
 */
class DiskFailureProcessTest {
  private static final int BLOCK = 64 << 10;
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final List<String> CHECK_OFTEN = List.of("cairn.datanode.volume-check.interval-ms=200");

  @TempDir
  Path tmp;

  private static Map<String, byte[]> writeFiles(CairnClient fs, String prefix, int count, int replication)
      throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String path = prefix + i;
      byte[] data = ProcessCluster.content(path, 3 * BLOCK + 1000 * i);
      try (CairnOutputStream out = fs.create(path, CreateOptions.defaults().replication(replication)
          .blockSizeBytes(BLOCK))) {
        out.write(data);
      }
      files.put(path, data);
    }
    return files;
  }

  private static void assertReadsBack(CairnClient fs, Map<String, byte[]> files) throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      try (CairnInputStream in = fs.open(e.getKey())) {
        assertThat(in.readAllBytes()).as(e.getKey()).isEqualTo(e.getValue());
      }
    }
  }

  /**
   * Ids of the block files in the replica folders under {@code folder}, which the DataNode renames
   * and deletes files in while this looks (finalizes, the volume check's probe file).
   */
  private static Set<Long> blockIds(Path folder) throws IOException {
    Predicate<Path> blockFile = p -> p.getFileName().toString().matches("blk_-?\\d+");
    return Stream.concat(LiveFiles.under(folder.resolve("current").resolve("finalized"), blockFile).stream(),
            LiveFiles.under(folder.resolve("current").resolve("rbw"), blockFile).stream())
        .map(p -> Long.parseLong(p.getFileName().toString().substring(4))).collect(Collectors.toSet());
  }

  private static boolean healthy(FsckSummary s) {
    return s.getUnderReplicatedBlocks() == 0 && s.getMissingBlocks() == 0 && s.getCorruptBlocks() == 0;
  }

  private static DatanodeReport report(CairnClient fs, String uuid) throws IOException {
    return fs.datanodeReport().getNodesList().stream().filter(n -> n.getNode().getUuid().equals(uuid))
        .findFirst().orElseThrow();
  }

  @Test
  void aDataNodeWhoseVolumeFailsServesOnAndEveryBlockGetsBackToThreeReplicas() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(tmp, 4, 2,
        List.of("cairn.datanode.volume-check.interval-ms=200", "cairn.datanode.failed-volumes.tolerated=1"));
        CairnClient fs = CairnClient.connect(cluster.address())) {
      Conditions.await("4 DataNodes live", LIMIT, () -> cluster.liveDataNodes(fs) == 4);
      Map<String, byte[]> files = writeFiles(fs, "/data/f", 10, 3);
      Conditions.await("fsck healthy before", LIMIT, () -> healthy(cluster.fsck()));
      Path kept = tmp.resolve("dn0").resolve("v0");
      Path failing = tmp.resolve("dn0").resolve("v1");
      String uuid = Files.readString(kept.resolve("datanode.uuid")).trim();
      Set<Long> lost = blockIds(failing);
      assertThat(lost).as("round-robin put replicas on both volumes").isNotEmpty();
      assertThat(blockIds(kept)).isNotEmpty();

      Files.move(failing, tmp.resolve("dn0").resolve("v1-gone"));

      Conditions.await("the NameNode hears of the failed volume", LIMIT,
          () -> report(fs, uuid).getFailedVolumes() == 1);
      Conditions.await("every block on 3 nodes, dn0 listed only where its good volume holds it, fsck healthy",
          LIMIT, () -> {
            Set<Long> onKept = blockIds(kept);
            for (String path : files.keySet()) {
              for (LocatedBlock b : fs.getBlockLocations(path, 0, -1).getBlocksList()) {
                List<String> where = b.getLocationsList().stream().map(DatanodeInfo::getUuid).toList();
                if (where.size() != 3 || (where.contains(uuid) && !onKept.contains(b.getBlock().getId()))) {
                  return false;
                }
              }
            }
            return healthy(cluster.fsck());
          });
      assertThat(cluster.dataNodes.getFirst().awaitExit(Duration.ZERO)).as("dn0 still runs").isNull();
      assertReadsBack(fs, files);

      // dn0 still takes writes, on its good volume only.
      Map<String, byte[]> more = writeFiles(fs, "/data/after", 2, 4);
      assertReadsBack(fs, more);
      for (String path : more.keySet()) {
        for (LocatedBlock b : fs.getBlockLocations(path, 0, -1).getBlocksList()) {
          assertThat(blockIds(kept)).contains(b.getBlock().getId());
        }
      }
      assertThat(Files.exists(failing)).as("the failed folder is not made again").isFalse();

      StringWriter out = new StringWriter();
      assertThat(CairnCli.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "admin", "report",
          "--namenode", cluster.address())).isZero();
      assertThat(out.toString()).contains("Failed volumes: 1").contains("Failed volumes: 0");
    }
  }

  @Test
  void withNoFailureToleratedTheDataNodeStopsWithAClearMessage() throws Exception {
    try (ProcessCluster cluster = ProcessCluster.start(tmp, 3, 2, CHECK_OFTEN);
        CairnClient fs = CairnClient.connect(cluster.address())) {
      Conditions.await("3 DataNodes live", LIMIT, () -> cluster.liveDataNodes(fs) == 3);
      Map<String, byte[]> files = writeFiles(fs, "/data/f", 3, 2);
      Path failing = tmp.resolve("dn0").resolve("v1");
      // A plain file where the folder was: the volume is gone and cannot be made again.
      Files.move(failing, tmp.resolve("dn0").resolve("v1-gone"));
      Files.writeString(failing, "not a folder");

      assertThat(cluster.dataNodes.getFirst().awaitExit(LIMIT)).as("dn0's exit code").isEqualTo(1);
      // The periodic check or a read's I/O error may find the volume first; the latter names its error too.
      assertThat(Files.readString(tmp.resolve("dn0.log")))
          .contains("cairn: datanode: stopped: 1 of 2 volumes failed, more than the 0 tolerated"
              + " (cairn.datanode.failed-volumes.tolerated): " + failing + " (" + failing + " is not a folder");
      Conditions.await("the other DataNodes hold every block twice", LIMIT, () -> healthy(cluster.fsck()));
      assertReadsBack(fs, files);
    }
  }
}
