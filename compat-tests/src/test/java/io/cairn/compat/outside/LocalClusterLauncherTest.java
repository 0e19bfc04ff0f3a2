package io.cairn.compat.outside;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.testing.Conditions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a new user does first, through the launcher itself (bin/cairn, run as a process on the
 * packaged jars): {@code cairn local up} starts a NameNode and three DataNodes, put/ls/get/fsck
 * work against it, {@code local down} ends every process it started, and a second {@code up} on
 * the same folder serves the same data again (it waits for the restarted NameNode to leave safe
 * mode).
 */
class LocalClusterLauncherTest {
  private static final Path CAIRN = Path.of("..", "bin", "cairn").toAbsolutePath().normalize();
  private static final long COMMAND_TIMEOUT_SEC = 240;

  @TempDir
  Path tmp;

  private Path clusterDir;
  private final List<Long> started = new ArrayList<>();

  private record Run(int exit, String output) {}

  @Test
  void localUpServesPutLsGetFsckThenDownStopsEverythingAndUpAgainServesTheSameData() throws Exception {
    clusterDir = tmp.resolve("cluster");
    String port = null;
    Run up = null;
    // A port found free may be taken by another process before the NameNode binds it: try another.
    for (int attempt = 0; attempt < 3 && (up == null || up.output().contains("Failed to bind")); attempt++) {
      port = Integer.toString(freePort());
      // The extension in the spelling the docs give, which the launcher's own setting must not clash with.
      up = cairn("127.0.0.1:" + port, "local", "up", "--dir", clusterDir.toString(), "--port", port,
          "--conf", "cairn.namenode.safemode.extension=0s");
      rememberDaemons();
    }
    String address = "127.0.0.1:" + port;
    assertThat(up.exit()).as(up.output()).isZero();
    assertThat(up.output()).contains("Cairn is up: NameNode at " + address + " with 3 DataNodes");
    List<Long> daemons = daemonPids();
    assertThat(daemons).as("a NameNode and three DataNodes").hasSize(4);
    for (int i = 1; i <= 3; i++) {
      long pid = Long.parseLong(Files.readString(clusterDir.resolve("datanode-" + i + ".pid")).trim());
      assertThat(ProcessHandle.of(pid).flatMap(h -> h.info().arguments()).map(List::of).orElseThrow())
          .as("DataNode %s runs with the DataNode JVM options", i)
          .containsAll(io.cairn.common.config.DaemonJvmOptions.DATANODE);
    }

    Run status = cairn(address, "local", "status", "--dir", clusterDir.toString());
    assertThat(status.exit()).as(status.output()).isZero();
    assertThat(status.output().lines().filter(l -> l.contains(" running ")).count()).isEqualTo(4);

    // "up" on a running cluster brings back a DataNode that died, and only that one.
    long dead = Long.parseLong(Files.readString(clusterDir.resolve("datanode-2.pid")).strip());
    ProcessHandle.of(dead).orElseThrow().destroyForcibly();
    Conditions.await("datanode-2 gone", Duration.ofSeconds(30), () -> exited(dead));
    Run revive = cairn(address, "local", "up", "--dir", clusterDir.toString(), "--port", port);
    rememberDaemons();
    assertThat(revive.exit()).as(revive.output()).isZero();
    assertThat(revive.output()).contains("datanode-2 was not running: restarted").doesNotContain("datanode-1 was");
    Run revived = cairn(address, "local", "status", "--dir", clusterDir.toString());
    assertThat(revived.output().lines().filter(l -> l.contains(" running ")).count()).as(revived.output()).isEqualTo(4);

    // A NameNode that died leaves its DataNodes running: "up" restarts them with it, and none is left behind.
    long deadNameNode = Long.parseLong(Files.readString(clusterDir.resolve("namenode.pid")).strip());
    List<Long> orphans = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      orphans.add(Long.parseLong(Files.readString(clusterDir.resolve("datanode-" + i + ".pid")).strip()));
    }
    ProcessHandle.of(deadNameNode).orElseThrow().destroyForcibly();
    Conditions.await("the NameNode gone", Duration.ofSeconds(30), () -> exited(deadNameNode));
    // "up" alone: the folder's cluster comes back on its port, with its DataNodes and --conf keys.
    Run restarted = cairn(address, "local", "up", "--dir", clusterDir.toString());
    rememberDaemons();
    assertThat(restarted.exit()).as(restarted.output()).isZero();
    assertThat(restarted.output()).contains("datanode-3 was running without its NameNode: restarted")
        .contains("Cairn is up: NameNode at " + address + " with 3 DataNodes");
    long newNameNode = Long.parseLong(Files.readString(clusterDir.resolve("namenode.pid")).strip());
    assertThat(ProcessHandle.of(newNameNode).flatMap(h -> h.info().arguments()).map(List::of).orElseThrow())
        .as("the first up's --conf").contains("cairn.namenode.safemode.extension=0s");
    for (long orphan : orphans) {
      Conditions.await("old DataNode " + orphan + " stopped", Duration.ofSeconds(30), () -> exited(orphan));
    }
    assertThat(Files.exists(clusterDir.resolve("logs/namenode.log.1"))).as("the dead NameNode's log kept").isTrue();

    byte[] data = new byte[3 * 1024 * 1024 + 17];
    new Random(7).nextBytes(data);
    Path local = Files.write(tmp.resolve("local.bin"), data);
    assertOk(cairn(address, "mkdir", "-p", "/data"));
    assertOk(cairn(address, "put", "--block-size", "1m", local.toString(), "/data/f"));
    Run ls = assertOk(cairn(address, "ls", "-l", "/data"));
    assertThat(ls.output()).containsPattern(" " + data.length + " .*/data/f");
    Path back = tmp.resolve("back.bin");
    assertOk(cairn(address, "get", "/data/f", back.toString()));
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    assertThat(assertOk(cairn(address, "fsck", "/")).output()).contains("Status: HEALTHY");

    Run down = cairn(address, "local", "down", "--dir", clusterDir.toString());
    assertThat(down.exit()).as(down.output()).isZero();
    for (long pid : daemons) {
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
    }
    Run stopped = cairn(address, "local", "status", "--dir", clusterDir.toString());
    assertThat(stopped.exit()).isNotZero();
    assertThat(stopped.output()).contains("namenode    stopped");
    assertThat(stopped.output().lines().filter(l -> l.startsWith("datanode-") && l.contains(" stopped")).count())
        .as(stopped.output()).isEqualTo(3);

    // A restart with data: the NameNode comes back in safe mode until the blocks are reported.
    Run again = cairn(address, "local", "up", "--dir", clusterDir.toString(), "--port", port);
    rememberDaemons();
    assertThat(again.exit()).as(again.output()).isZero();
    assertOk(cairn(address, "mkdir", "/after-restart"));
    assertOk(cairn(address, "get", "-f", "/data/f", back.toString()));
    assertThat(Files.readAllBytes(back)).isEqualTo(data);
    // As hdfs dfs -get: with no local destination the copy lands in the current directory.
    Path here = Files.createDirectories(tmp.resolve("here"));
    assertOk(cairnIn(here, address, "get", "/data/f"));
    assertThat(Files.readAllBytes(here.resolve("f"))).isEqualTo(data);
  }

  @Test
  void badOptionsAreRefusedWithAClearLineAndNothingStarts() throws Exception {
    clusterDir = tmp.resolve("cluster");
    Run bad = cairn("127.0.0.1:1", "local", "up", "--dir", clusterDir.toString(), "--datanodes", "three");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.output()).contains("cairn: local: --datanodes takes a number");
    Run unknown = cairn("127.0.0.1:1", "local", "sideways", "--dir", clusterDir.toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.output()).contains("unknown action 'sideways'");
    Run help = cairn("127.0.0.1:1", "local", "--help");
    assertThat(help.exit()).isZero();
    assertThat(help.output()).contains("Usage: cairn local up");
    assertThat(clusterDir).doesNotExist();
  }

  /** Ends what this test started: first as a user would, then any process left, by its pid. */
  @AfterEach
  void stopCluster() throws Exception {
    if (clusterDir == null || !Files.isDirectory(clusterDir)) {
      return;
    }
    rememberDaemons();
    cairn("127.0.0.1:1", "local", "down", "--dir", clusterDir.toString());
    for (long pid : started) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /** Adds the pids the launcher wrote for its daemons to those this test ends when it is over. */
  private void rememberDaemons() throws IOException {
    for (long pid : daemonPids()) {
      if (!started.contains(pid)) {
        started.add(pid);
      }
    }
  }

  /** The pids in the launcher's pid files now. */
  private List<Long> daemonPids() throws IOException {
    List<Long> pids = new ArrayList<>();
    if (!Files.isDirectory(clusterDir)) {
      return pids;
    }
    try (Stream<Path> files = Files.list(clusterDir)) {
      for (Path pidFile : files.filter(p -> p.getFileName().toString().endsWith(".pid")).toList()) {
        pids.add(Long.parseLong(Files.readString(pidFile).trim()));
      }
    }
    return pids;
  }

  private static Run assertOk(Run run) {
    assertThat(run.exit()).as(run.output()).isZero();
    return run;
  }

  /** Whether {@code pid} has ended: gone, or a zombie its adoptive parent has not reaped yet. */
  private static boolean exited(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      String s = Files.readString(stat);
      return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.nio.file.NoSuchFileException e) {
      return true;
    }
  }

  /** Runs {@code bin/cairn args...} on the packaged jars, with {@code namenode} as CAIRN_NAMENODE. */
  private Run cairn(String namenode, String... args) throws Exception {
    return cairnIn(null, namenode, args);
  }

  /** As {@link #cairn}, in {@code workingDir} (null: this JVM's). */
  private Run cairnIn(Path workingDir, String namenode, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(CAIRN.toString()));
    command.addAll(List.of(args));
    Path output = Files.createTempFile(tmp, "cairn", ".out");
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
        .directory(workingDir == null ? null : workingDir.toFile());
    // The reactor packaged every module before this one: no build from the launcher.
    pb.environment().put("CAIRN_SKIP_BUILD", "1");
    pb.environment().put("CAIRN_NAMENODE", namenode);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process process = pb.start();
    boolean finished = process.waitFor(COMMAND_TIMEOUT_SEC, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(finished).as("bin/cairn %s finished within %d s; it printed:%n%s", String.join(" ", args),
        COMMAND_TIMEOUT_SEC, Files.readString(output)).isTrue();
    return new Run(process.exitValue(), Files.readString(output));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
