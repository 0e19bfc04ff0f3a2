package io.cairn.datanode.server;

import io.cairn.common.config.ConfigOptions;
import io.cairn.common.error.CairnException;
import io.cairn.common.time.SystemClock;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn datanode}: runs a DataNode in the foreground until it is stopped. */
@Command(name = "cairn datanode", mixinStandardHelpOptions = true,
    description = "Run a DataNode in the foreground.")
public final class DataNodeMain implements Callable<Integer> {
  @Option(names = "--dir", split = ",", paramLabel = "DIR",
      description = "Data folder (created when new), one volume each; repeat it or give a comma separated list"
          + " (default: configuration cairn.datanode.data.dirs).")
  List<Path> dirs = new ArrayList<>();

  @Option(names = "--namenode", description = "The NameNode, HOST:PORT (default 127.0.0.1:9500; none = run alone).")
  String nameNode;

  @Option(names = "--port", description = "Data-transfer port (default 9866; 0 = any free port).", defaultValue = "-1")
  int port;

  @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
  String bindHost;

  @Mixin
  ConfigOptions configOptions;

  @Override
  public Integer call() throws Exception {
    Map<String, String> merged = new HashMap<>();
    if (port >= 0) {
      merged.put("cairn.datanode.port", Integer.toString(port));
    }
    if (bindHost != null) {
      merged.put("cairn.datanode.bind-host", bindHost);
    }
    if (nameNode != null) {
      merged.put("cairn.datanode.namenode", nameNode);
    }
    DataNodeConfig config;
    try {
      config = DataNodeConfig.from(dirs, configOptions.load(merged));
    } catch (CairnException e) {
      System.err.println("cairn: datanode: " + e.getMessage());
      return 2;
    }
    DataNode dataNode;
    try {
      dataNode = DataNode.start(config, SystemClock.INSTANCE);
    } catch (IOException e) {
      System.err.println("cairn: datanode: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(dataNode::close, "shutdown"));
    System.out.println("DataNode listening on " + config.advertisedHost() + ":" + dataNode.port());
    System.out.flush();
    dataNode.awaitTermination();
    if (dataNode.fatalError() != null) {
      System.err.println("cairn: datanode: stopped: " + dataNode.fatalError());
      return 1;
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DataNodeMain()).execute(args));
  }
}
