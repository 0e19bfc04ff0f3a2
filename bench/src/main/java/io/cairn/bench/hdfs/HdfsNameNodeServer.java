package io.cairn.bench.hdfs;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.apache.hadoop.hdfs.MiniDFSCluster;

/**
 * Runs Apache HDFS's NameNode (through {@link MiniDFSCluster}), with no DataNodes for the metadata
 * benchmark (metadata calls need none) or with some for the data benchmark, in its own JVM until
 * the process is stopped, so the benchmark measures it over the network exactly as it measures
 * Cairn's servers.
 *
 * <p>Two of MiniDFSCluster's testing shortcuts are turned off so the NameNode behaves as a
 * deployed one: the edit log is fsynced ({@code skipFsyncForTesting(false)}, otherwise
 * {@code EditLogFileOutputStream} never forces its file) and edits are flushed to the channel
 * ({@code dfs.namenode.edits.noeditlogchannelflush=false}). Each DataNode has one data folder
 * (MiniDFSCluster's default is two), as each of Cairn's has one volume; the DataNodes otherwise
 * keep HDFS's defaults (among them: no fsync of block files on close, {@code dfs.datanode.synconclose=false}).
 *
 * <p>Usage: {@code HdfsNameNodeServer DIR PORT HANDLERS [DATANODES [KEY=VALUE...]]}, where each
 * KEY=VALUE is a configuration setting applied last (to try one). Prints
 * {@code HDFS NameNode listening on 127.0.0.1:PORT http=127.0.0.1:HTTPPORT} once it serves (and,
 * with DataNodes, once all of them have registered). A line {@code stop-datanode} on standard input
 * stops the last running DataNode without telling the NameNode (a DataNode that dies, as far as the
 * NameNode can tell: its heartbeats stop); it prints {@code stopped DataNode ADDRESS}.
 */
public final class HdfsNameNodeServer {
  private HdfsNameNodeServer() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: HdfsNameNodeServer DIR PORT HANDLERS [DATANODES [KEY=VALUE...]]");
      System.exit(2);
    }
    File dir = new File(args[0]);
    int port = Integer.parseInt(args[1]);
    int handlers = Integer.parseInt(args[2]);
    int dataNodes = args.length >= 4 ? Integer.parseInt(args[3]) : 0;

    Configuration conf = new HdfsConfiguration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dir.getAbsolutePath());
    conf.setBoolean("dfs.namenode.edits.noeditlogchannelflush", false);
    conf.setInt("dfs.namenode.handler.count", handlers);
    conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-bind-host", "127.0.0.1");
    conf.set("dfs.namenode.http-address", "127.0.0.1:0");
    // Empty files need no DataNode; without any the NameNode must still leave safe mode at once.
    conf.setInt("dfs.namenode.safemode.min.datanodes", 0);
    conf.setFloat("dfs.namenode.safemode.threshold-pct", 0f);
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 1) {
        System.err.println("not KEY=VALUE: " + args[i]);
        System.exit(2);
      }
      conf.set(args[i].substring(0, eq), args[i].substring(eq + 1));
    }

    MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
        .numDataNodes(dataNodes)
        .storagesPerDatanode(1)
        .nameNodePort(port)
        .format(true)
        .enableManagedDfsDirsRedundancy(false)
        .skipFsyncForTesting(false)
        .checkExitOnShutdown(false)
        .build();
    cluster.waitActive();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.shutdown();
      stopped.countDown();
    }, "shutdown"));
    int rpcPort = cluster.getNameNodePort();
    int httpPort = cluster.getNameNode().getHttpAddress().getPort();
    System.out.println("HDFS NameNode listening on 127.0.0.1:" + rpcPort + " http=127.0.0.1:" + httpPort);
    System.out.flush();
    Thread commands = new Thread(() -> readCommands(cluster), "commands");
    commands.setDaemon(true);
    commands.start();
    stopped.await();
  }

  private static void readCommands(MiniDFSCluster cluster) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (!line.strip().equals("stop-datanode")) {
          System.out.println("unknown command: " + line);
        } else if (cluster.getDataNodes().isEmpty()) {
          System.out.println("no DataNode left to stop");
        } else {
          int last = cluster.getDataNodes().size() - 1;
          String address = cluster.getDataNodes().get(last).getXferAddress().toString();
          cluster.stopDataNode(last);
          System.out.println("stopped DataNode " + address);
        }
        System.out.flush();
      }
    } catch (IOException e) {
      System.out.println("reading commands failed: " + e);
    }
  }
}
