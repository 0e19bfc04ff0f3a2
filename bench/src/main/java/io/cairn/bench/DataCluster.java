package io.cairn.bench;

import io.cairn.client.CairnClient;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.GetDatanodeReportResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * A whole file system for the data benchmark, apart from the benchmark's JVM: Cairn's NameNode and
 * each of its DataNodes in a JVM of its own (as deployed), or HDFS's NameNode and DataNodes in one
 * MiniDFSCluster JVM. Everything listens on 127.0.0.1 only.
 */
final class DataCluster implements AutoCloseable {
  private static final long READY_TIMEOUT_SEC = 180;
  private static final long REGISTER_TIMEOUT_MS = 60_000;
  private static final long POLL_MS = 100;
  /** A few of Cairn's heartbeats (3 s), which carry the DataNodes' transfer counts. */
  private static final long ZERO_COPY_WAIT_MS = 10_000;

  private final NameNodeProcess nameNode;
  private final List<ChildJvm> dataNodes;

  private DataCluster(NameNodeProcess nameNode, List<ChildJvm> dataNodes) {
    this.nameNode = nameNode;
    this.dataNodes = dataNodes;
  }

  /**
   * JVM options and classpaths of the servers.
   *
   * @param heap heap of each of Cairn's JVMs (NameNode, every DataNode)
   * @param hdfsHeap heap of HDFS's one JVM, which holds its NameNode and all its DataNodes
   * @param extraJvmArgs added to every server JVM, e.g. to profile them
   * @param cairnClasspath Cairn's NameNode and DataNode, without any Hadoop jar
   * @param benchClasspath this benchmark's own, which runs HDFS's MiniDFSCluster
   * @param dataNodeConf {@code key=value} settings for Cairn's DataNodes (none: their defaults)
   * @param hdfsConf {@code key=value} settings for HDFS's cluster (none: its defaults)
   * @param nameNodeConf {@code key=value} settings for Cairn's NameNode (none: its defaults)
   */
  record Setup(String heap, String hdfsHeap, int handlers, List<String> extraJvmArgs, String cairnClasspath,
      String benchClasspath, List<String> dataNodeConf, List<String> hdfsConf, List<String> nameNodeConf) {}

  /** Starts Cairn's NameNode, then {@code count} DataNodes, and waits until the NameNode has them all live. */
  static DataCluster startCairn(Path dir, int count, Setup setup) throws IOException {
    NameNodeProcess nn = NameNodeProcess.startCairn(dir.resolve("namenode"), setup.heap(), setup.handlers(),
        setup.extraJvmArgs(), setup.cairnClasspath(), setup.nameNodeConf());
    List<ChildJvm> dns = new ArrayList<>();
    DataCluster cluster = new DataCluster(nn, dns);
    try {
      for (int i = 1; i <= count; i++) {
        Path dnDir = dir.resolve("datanode-" + i);
        List<String> args = new ArrayList<>(List.of("--dir", dnDir.resolve("data").toString(), "--namenode",
            nn.address(), "--port", "0", "--bind", "127.0.0.1"));
        setup.dataNodeConf().forEach(kv -> args.addAll(List.of("--conf", kv)));
        // As bin/cairn starts them; --server-jvm-arg options come after, so they win.
        List<String> jvm = new ArrayList<>(io.cairn.common.config.DaemonJvmOptions.DATANODE);
        jvm.addAll(setup.extraJvmArgs());
        dns.add(ChildJvm.start("cairn-datanode-" + i,
            NameNodeProcess.commonJvmArgs(setup.heap(), dnDir.resolve("gc.log"), jvm),
            setup.cairnClasspath(), "io.cairn.datanode.server.DataNodeMain", args,
            dnDir.resolve("datanode.log"), Pattern.compile("DataNode listening on (\\S+)")));
      }
      for (ChildJvm dn : dns) {
        dn.awaitReady(READY_TIMEOUT_SEC);
      }
      cluster.awaitLiveDataNodes(count);
      return cluster;
    } catch (IOException | RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** Starts a MiniDFSCluster of HDFS's NameNode and {@code count} DataNodes in one JVM; it is ready when all have registered. */
  static DataCluster startHdfs(Path dir, int count, Setup setup) throws IOException {
    List<String> args = new ArrayList<>(List.of(Integer.toString(setup.handlers()), Integer.toString(count)));
    args.addAll(setup.hdfsConf());
    NameNodeProcess nn = NameNodeProcess.startHdfs(dir, setup.hdfsHeap(), setup.extraJvmArgs(), setup.benchClasspath(),
        args);
    return new DataCluster(nn, List.of());
  }

  /**
   * Bytes Cairn's DataNodes have sent with zero copy (FileRegion) so far, as their heartbeats tell
   * the NameNode: waits a few heartbeats for the count to reach {@code expectedBytes}. -1 for HDFS,
   * which does not say.
   */
  long zeroCopyBytesSent(long expectedBytes) throws IOException {
    if (dataNodes.isEmpty()) {
      return -1;
    }
    long deadline = System.currentTimeMillis() + ZERO_COPY_WAIT_MS;
    try (CairnClient client = CairnClient.connect(nameNode.address())) {
      while (true) {
        long sent = client.datanodeReport().getNodesList().stream().mapToLong(DatanodeReport::getZeroCopyBytesSent)
            .sum();
        if (sent >= expectedBytes || System.currentTimeMillis() > deadline) {
          return sent;
        }
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void awaitLiveDataNodes(int count) throws IOException {
    long deadline = System.currentTimeMillis() + REGISTER_TIMEOUT_MS;
    try (CairnClient client = CairnClient.connect(nameNode.address())) {
      while (true) {
        GetDatanodeReportResponse r = client.datanodeReport();
        long live = r.getNodesList().stream().filter(DatanodeReport::getLive).count();
        if (live >= count) {
          return;
        }
        if (System.currentTimeMillis() > deadline) {
          throw new IOException("only " + live + " of " + count + " DataNodes registered with the NameNode within "
              + REGISTER_TIMEOUT_MS + " ms; logs in " + nameNode.jvm.log().getParent().getParent());
        }
        Thread.sleep(POLL_MS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for DataNodes", e);
    }
  }

  /**
   * Ends the last running DataNode as a crash would: Cairn's with SIGKILL; HDFS's (which share
   * one JVM with their NameNode) stopped inside MiniDFSCluster, which tells the NameNode nothing,
   * so to both NameNodes the node just falls silent.
   */
  void stopDataNode() throws IOException {
    if (dataNodes.isEmpty()) {
      nameNode.jvm.sendLine("stop-datanode");
    } else {
      dataNodes.removeLast().kill();
    }
  }

  String system() {
    return nameNode.system();
  }

  Workload openWorkload() throws IOException {
    return nameNode.openWorkload();
  }

  /** CPU time each server process has used so far (user + system), in nanoseconds, by {@link #byProcess} name. */
  Map<String, Long> cpuNanosByProcess() {
    return byProcess(ChildJvm::cpuNanos);
  }

  /**
   * A figure of each server process, by name: "NN" and "DN1".. for Cairn, "NN+DNs" for HDFS,
   * whose servers share one process.
   */
  Map<String, Long> byProcess(ToLongFunction<ChildJvm> figure) {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(dataNodes.isEmpty() ? "NN+DNs" : "NN", figure.applyAsLong(nameNode.jvm));
    for (int i = 0; i < dataNodes.size(); i++) {
      out.put("DN" + (i + 1), figure.applyAsLong(dataNodes.get(i)));
    }
    return out;
  }

  @Override
  public void close() {
    for (ChildJvm dn : dataNodes) {
      dn.close();
    }
    nameNode.close();
  }
}
