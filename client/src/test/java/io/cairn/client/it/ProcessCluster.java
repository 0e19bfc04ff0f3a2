package io.cairn.client.it;

import io.cairn.client.AdminClient;
import io.cairn.client.CairnClient;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.FsckRequest;
import io.cairn.proto.FsckSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A NameNode and DataNodes, each its own process, with short heartbeats and a short dead interval,
 * for tests where a process is killed with SIGKILL. Stops (or kills) only the processes it started.
 */
final class ProcessCluster implements AutoCloseable {
  static final List<String> NAMENODE_CONF = List.of("cairn.heartbeat.interval-ms=200",
      "cairn.datanode.dead.interval-ms=2000", "cairn.namenode.replication.interval-ms=200",
      "cairn.replication.timeout-ms=10000", "cairn.namenode.safemode.extension-ms=1000",
      "cairn.lease.check-interval-ms=200");
  private static final List<String> DATANODE_CONF = List.of("cairn.datanode.incremental-report.delay-ms=10",
      "cairn.datanode.namenode.retry-max-ms=200");

  private final Path dir;
  private final int port;
  private final List<String> nameNodeConf;
  DaemonProcess nameNode;
  final List<DaemonProcess> dataNodes = new ArrayList<>();

  private ProcessCluster(Path dir, int port, List<String> nameNodeConf) {
    this.dir = dir;
    this.port = port;
    this.nameNodeConf = nameNodeConf;
  }

  static ProcessCluster start(Path dir, int dataNodes) throws Exception {
    return start(dir, dataNodes, 1, List.of());
  }

  /**
   * DataNode {@code i} with {@code volumes} data folders: {@code dir/dn<i>} for one, else
   * {@code dir/dn<i>/v<j>}; {@code conf} is added to every DataNode's settings.
   */
  static ProcessCluster start(Path dir, int dataNodes, int volumes, List<String> conf) throws Exception {
    return start(dir, dataNodes, volumes, conf, List.of());
  }

  /** As above, with {@code nameNodeConf} added to the NameNode's settings. */
  static ProcessCluster start(Path dir, int dataNodes, int volumes, List<String> conf, List<String> nameNodeConf)
      throws Exception {
    List<String> nnConf = new ArrayList<>(NAMENODE_CONF);
    nnConf.addAll(nameNodeConf);
    ProcessCluster c = new ProcessCluster(dir, DaemonProcess.freePort(), List.copyOf(nnConf));
    List<String> dnConf = new ArrayList<>(DATANODE_CONF);
    dnConf.addAll(conf);
    try {
      c.startNameNode();
      for (int i = 0; i < dataNodes; i++) {
        c.dataNodes.add(DaemonProcess.startDataNode(volumeDirs(dir, i, volumes), c.address(),
            dir.resolve("dn" + i + ".log"), dnConf));
      }
    } catch (Exception | Error e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** Starts the NameNode (again) on the cluster's folder and port. */
  void startNameNode() throws Exception {
    nameNode = DaemonProcess.startNameNode(dir.resolve("nn"), port, dir.resolve("namenode.log"), nameNodeConf);
  }

  /** The data folders of DataNode {@code i}. */
  static List<Path> volumeDirs(Path dir, int i, int volumes) {
    if (volumes == 1) {
      return List.of(dir.resolve("dn" + i));
    }
    List<Path> out = new ArrayList<>();
    for (int j = 0; j < volumes; j++) {
      out.add(dir.resolve("dn" + i).resolve("v" + j));
    }
    return out;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  long liveDataNodes(CairnClient fs) throws Exception {
    return fs.datanodeReport().getNodesList().stream().filter(DatanodeReport::getLive).count();
  }

  FsckSummary fsck() throws Exception {
    try (AdminClient admin = AdminClient.connect(address(), CallerIdentity.currentUser())) {
      return admin.fsck(FsckRequest.newBuilder().setPath("/").build(), files -> { });
    }
  }

  @Override
  public void close() throws Exception {
    for (DaemonProcess dn : dataNodes) {
      dn.close();
    }
    if (nameNode != null) {
      nameNode.close();
    }
  }

  /** Test bytes for {@code path}: the same for the same path, so a reader can check what a writer wrote. */
  static byte[] content(String path, int length) {
    byte[] data = new byte[length];
    new java.util.Random(path.hashCode()).nextBytes(data);
    return data;
  }
}
