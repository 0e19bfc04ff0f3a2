package io.cairn.fuse;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.common.testing.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The FUSE bridge in its own JVM (as {@code cairn mount --foreground} runs it), mounted on a folder,
 * started from this test's classpath. Closing unmounts with fusermount3 and waits for the process.
 */
final class BridgeProcess implements AutoCloseable {
  static final Path LIBFUSE = Path.of("/usr/lib/x86_64-linux-gnu/libfuse3.so.3");

  private final Process process;
  private final Path mountPoint;
  private final Path log;

  private BridgeProcess(Process process, Path mountPoint, Path log) {
    this.process = process;
    this.mountPoint = mountPoint;
    this.log = log;
  }

  /** Skips the calling test, saying why, when this machine cannot mount FUSE file systems. */
  static void assumeFuseAvailable() {
    assumeTrue(Files.exists(Path.of("/dev/fuse")), "no /dev/fuse on this machine: FUSE tests skipped");
    assumeTrue(Shell.onPath("fusermount3"), "fusermount3 not installed (apt-get install fuse3): FUSE tests skipped");
    assumeTrue(Files.exists(LIBFUSE), LIBFUSE + " missing (apt-get install libfuse3-3): FUSE tests skipped");
  }

  /** Mounts the NameNode at {@code nameNode} on {@code mountPoint}; {@code conf} are cairn.fuse.* keys. */
  static BridgeProcess mount(String nameNode, Path mountPoint, Path log, String... conf) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m",
        "-cp", System.getProperty("java.class.path"), MountCommand.class.getName(),
        mountPoint.toString(), "--namenode", nameNode));
    for (String c : conf) {
      cmd.add("--conf");
      cmd.add(c);
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    BridgeProcess bridge = new BridgeProcess(p, mountPoint, log);
    try {
      Conditions.await("the bridge to print Mounted (log " + log + ")", Duration.ofSeconds(60), () -> {
        if (!p.isAlive()) {
          throw new AssertionError("the bridge exited with " + p.exitValue() + ": " + Files.readString(log));
        }
        return Files.readString(log).contains("Mounted cairn://");
      });
    } catch (Exception | AssertionError e) {
      bridge.close();
      throw e;
    }
    return bridge;
  }

  Path mountPoint() {
    return mountPoint;
  }

  Path log() {
    return log;
  }

  long pid() {
    return process.pid();
  }

  boolean mounted() throws IOException {
    return MountTable.isMounted(mountPoint);
  }

  /** Unmounts with fusermount3 -u and waits for the bridge to exit; its exit code. */
  int unmount() throws Exception {
    if (mounted()) {
      Shell.run("fusermount3", "-u", mountPoint.toString());
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      throw new AssertionError("the bridge (pid " + process.pid() + ") did not exit within 60 s of the unmount");
    }
    return process.exitValue();
  }

  @Override
  public void close() throws Exception {
    try {
      if (process.isAlive()) {
        unmount();
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      if (mounted()) {
        Shell.run("fusermount3", "-uz", mountPoint.toString());
      }
    }
  }
}
