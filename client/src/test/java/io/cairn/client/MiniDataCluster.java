package io.cairn.client;

import io.cairn.common.config.Settings;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.time.SystemClock;
import io.cairn.datanode.server.DataNode;
import io.cairn.datanode.server.DataNodeConfig;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.server.NameNode;
import io.cairn.proto.DatanodeReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A NameNode and DataNodes in this JVM on 127.0.0.1, with short heartbeats, for data-path tests. */
public final class MiniDataCluster implements AutoCloseable {
  private static final long START_TIMEOUT_MS = 30_000;
  /** NameNode settings under which every file's bytes go to blocks, for tests of what DataNodes hold. */
  public static final Map<String, String> BLOCKS_ONLY = Map.of("cairn.namenode.inline-data.max-bytes", "0");

  public final NameNode nameNode;
  public final List<DataNode> dataNodes = new ArrayList<>();

  private MiniDataCluster(NameNode nameNode) {
    this.nameNode = nameNode;
  }

  public static MiniDataCluster start(Path dir, int dataNodeCount) throws IOException {
    return start(dir, dataNodeCount, Map.of());
  }

  /**
   * A cluster whose NameNode also takes {@code nameNodeSettings}. DataNode {@code i} keeps its data in
   * {@code dir/dn<i>}, so a test may put replicas there before it starts.
   */
  public static MiniDataCluster start(Path dir, int dataNodeCount, Map<String, String> nameNodeSettings)
      throws IOException {
    return start(dir, dataNodeCount, nameNodeSettings, Map.of());
  }

  /** A cluster whose NameNode takes {@code nameNodeSettings} and every DataNode {@code dataNodeSettings}. */
  public static MiniDataCluster start(Path dir, int dataNodeCount, Map<String, String> nameNodeSettings,
      Map<String, String> dataNodeSettings) throws IOException {
    Map<String, String> nn = new HashMap<>(Map.of("cairn.namenode.port", "0", "cairn.heartbeat.interval-ms", "50"));
    nn.putAll(nameNodeSettings);
    NameNodeConfig nnConfig = NameNodeConfig.from(dir.resolve("nn"), Settings.of(nn));
    MiniDataCluster cluster = new MiniDataCluster(
        NameNode.start(nnConfig, SystemClock.INSTANCE, CallerIdentity.currentUser(), user -> Set.of()));
    try {
      for (int i = 0; i < dataNodeCount; i++) {
        Map<String, String> s = new HashMap<>(Map.of("cairn.datanode.port", "0", "cairn.datanode.namenode",
            cluster.address(), "cairn.heartbeat.interval-ms", "50", "cairn.datanode.incremental-report.delay-ms", "10",
            "cairn.datanode.namenode.retry-max-ms", "200"));
        s.putAll(dataNodeSettings);
        cluster.dataNodes.add(DataNode.start(DataNodeConfig.from(dir.resolve("dn" + i), Settings.of(s)),
            SystemClock.INSTANCE));
      }
      cluster.awaitLiveDataNodes(dataNodeCount);
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  public String address() {
    return "127.0.0.1:" + nameNode.port();
  }

  /** A bounded wait for the DataNodes' registration, which happens on their own threads. */
  private void awaitLiveDataNodes(int count) throws IOException {
    try (CairnClient fs = CairnClient.connect(address())) {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
      while (fs.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive).count() < count) {
        if (System.nanoTime() > deadline) {
          throw new IOException(count + " DataNodes did not register within " + START_TIMEOUT_MS + " ms");
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  @Override
  public void close() {
    for (DataNode dn : dataNodes) {
      dn.close();
    }
    nameNode.close();
  }
}
