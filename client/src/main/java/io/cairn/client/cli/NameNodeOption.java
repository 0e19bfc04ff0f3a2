package io.cairn.client.cli;

import picocli.CommandLine.Option;

/** {@code --namenode HOST:PORT}, accepted on every command. */
public final class NameNodeOption {
  public static final String ENV = "CAIRN_NAMENODE";
  public static final String DEFAULT = "127.0.0.1:9500";

  @Option(names = "--namenode", paramLabel = "HOST:PORT",
      description = "NameNode address (default: $CAIRN_NAMENODE, else " + DEFAULT + ").")
  String address;

  String resolve() {
    if (address != null) {
      return address;
    }
    String env = System.getenv(ENV);
    return env != null && !env.isBlank() ? env.trim() : DEFAULT;
  }
}
