package io.cairn.bench;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Options of the benchmarks that run whole clusters (data path, repair): the servers' heaps, extra
 * JVM options and Cairn's classpath (a picocli mixin).
 */
final class ClusterOptions {
  @Option(names = "--heap", defaultValue = "1g", description = "Heap of each of Cairn's server JVMs: NameNode, "
      + "each DataNode (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--hdfs-heap", defaultValue = "4g", description = "Heap of HDFS's one server JVM, NameNode and "
      + "all DataNodes (default ${DEFAULT-VALUE}).")
  String hdfsHeap;

  @Option(names = "--server-jvm-arg", description = "An extra JVM option for every server JVM of both systems, e.g. "
      + "to profile them; repeatable.")
  List<String> serverJvmArgs = new ArrayList<>();

  @Option(names = "--cairn-classpath", required = true, description = "Classpath of Cairn's servers (the "
      + "bench/run-*.sh scripts pass it).")
  String cairnClasspath;

  /** How to start both systems' servers, with these configuration keys for Cairn's DataNodes and NameNode and HDFS. */
  DataCluster.Setup setup(List<String> dataNodeConf, List<String> hdfsConf, List<String> nameNodeConf) {
    return new DataCluster.Setup(heap, hdfsHeap, NameNodeProcess.DEFAULT_HANDLERS, serverJvmArgs, cairnClasspath,
        System.getProperty("java.class.path"), dataNodeConf, hdfsConf, nameNodeConf);
  }
}
