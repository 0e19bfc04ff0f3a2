package io.cairn.common.config;

import java.util.List;

/** JVM options the daemons are started with, beyond the ones every Cairn JVM gets. */
public final class DaemonJvmOptions {
  private DaemonJvmOptions() {}

  /**
   * Every DataNode's, from bin/cairn (its {@code DATANODE_JAVA_OPTS}, which must say the same) and the
   * benchmarks: the C1 compiler only. A DataNode's CPU goes to the kernel (copies into the page
   * cache, sendfile, sockets); its own Java code is a few per cent of it, so C2's faster code bought
   * nothing measurable once warm, while compiling it cost each DataNode about 8 s of CPU over its first
   * GiB written here: a fresh local cluster wrote its first GiB in 9.4 s with C2 and 5.1 s without
   * (docs/datanode.md). The NameNode keeps C2: its CPU is its own code.
   */
  public static final List<String> DATANODE = List.of("-XX:TieredStopAtLevel=1");
}
