package io.cairn.namenode.server;

import io.cairn.common.config.ConfigOptions;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.LocalErrors;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.common.time.SystemClock;
import io.cairn.namenode.namesystem.NameNodeConfig;
import io.cairn.namenode.rpc.ShellGroupResolver;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn namenode}: runs a NameNode in the foreground until it is stopped. */
@Command(name = "cairn namenode", mixinStandardHelpOptions = true,
    description = "Run a NameNode in the foreground.")
public final class NameNodeMain implements Callable<Integer> {
  @Option(names = "--dir", required = true, description = "Folder of the namespace store (created when new).")
  Path dir;

  @Option(names = "--port", description = "Port to listen on (default 9500, or cairn.namenode.port; 0 = any free port).")
  Integer port;

  @Option(names = "--bind", description = "Address to listen on (default 127.0.0.1).")
  String bindHost;

  @Mixin
  ConfigOptions configOptions;

  @Override
  public Integer call() throws Exception {
    Map<String, String> merged = new HashMap<>();
    if (port != null) {
      merged.put("cairn.namenode.port", Integer.toString(port));
    }
    if (bindHost != null) {
      merged.put("cairn.namenode.bind-host", bindHost);
    }
    NameNodeConfig config;
    try {
      config = NameNodeConfig.from(dir, configOptions.load(merged));
    } catch (CairnException e) {
      System.err.println("cairn: namenode: " + e.getMessage());
      return 2;
    }
    NameNode nameNode;
    try {
      nameNode = NameNode.start(config, SystemClock.INSTANCE, CallerIdentity.currentUser(), new ShellGroupResolver());
    } catch (java.io.IOException e) {
      System.err.println("cairn: namenode: " + describe(e, config));
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(nameNode::close, "shutdown"));
    System.out.println("NameNode listening on " + config.bindHost() + ":" + nameNode.port());
    System.out.flush();
    nameNode.awaitTermination();
    return 0;
  }

  /** One line for a NameNode that cannot start, naming its folder. */
  static String describe(java.io.IOException e, NameNodeConfig config) {
    String message = String.valueOf(e.getMessage());
    if (message.contains("While lock file")) {
      return "the namespace in " + config.dir() + " is in use by another NameNode (" + message + ")";
    }
    return LocalErrors.describe(e);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new NameNodeMain()).execute(args));
  }
}
