package io.cairn.client.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * A NameNode or DataNode in its own JVM, started from this test's classpath; killed with SIGKILL or
 * stopped. Kills only the process it started, by its handle.
 */
public final class DaemonProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private DaemonProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a NameNode on {@code dir} and returns once it serves (at most 60 s). */
  public static DaemonProcess start(Path dir, int port, Path log) throws Exception {
    return startNameNode(dir, port, log, List.of());
  }

  /** A NameNode with {@code conf} as {@code key=value} settings. */
  public static DaemonProcess startNameNode(Path dir, int port, Path log, List<String> conf) throws Exception {
    List<String> args = new ArrayList<>(List.of("--dir", dir.toString(), "--port", Integer.toString(port)));
    conf.forEach(c -> args.addAll(List.of("--conf", c)));
    return launch("io.cairn.namenode.server.NameNodeMain", args, "NameNode listening on", port, log);
  }

  /** A DataNode on any free port, reporting to {@code nameNode}. */
  public static DaemonProcess startDataNode(Path dir, String nameNode, Path log, List<String> conf) throws Exception {
    return startDataNode(List.of(dir), nameNode, log, conf);
  }

  /** A DataNode with one volume in each of {@code dirs} (one {@code --dir} each). */
  public static DaemonProcess startDataNode(List<Path> dirs, String nameNode, Path log, List<String> conf)
      throws Exception {
    List<String> args = new ArrayList<>();
    dirs.forEach(d -> args.addAll(List.of("--dir", d.toString())));
    args.addAll(List.of("--namenode", nameNode, "--port", "0"));
    conf.forEach(c -> args.addAll(List.of("--conf", c)));
    return launch("io.cairn.datanode.server.DataNodeMain", args, "DataNode listening on", 0, log);
  }

  /**
   * This test's classpath without the cairn command's silent logging backend, so that a daemon logs
   * through its own, as it does when started by bin/cairn.
   */
  private static String daemonClassPath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("slf4j-nop"))
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static DaemonProcess launch(String mainClass, List<String> args, String readyLine, int port, Path log)
      throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--enable-native-access=ALL-UNNAMED");
    cmd.add("--sun-misc-unsafe-memory-access=allow");
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(daemonClassPath());
    cmd.add(mainClass);
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    CompletableFuture<String> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
          var out = java.nio.file.Files.newBufferedWriter(log, StandardCharsets.UTF_8,
              java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
        String line;
        while ((line = in.readLine()) != null) {
          out.write(line);
          out.newLine();
          out.flush();
          if (line.startsWith(readyLine)) {
            ready.complete(line);
          }
        }
      } catch (IOException e) {
        ready.completeExceptionally(e);
      }
      ready.complete(null);
    }, "daemon-output-" + p.pid());
    pump.setDaemon(true);
    pump.start();
    String up;
    try {
      up = ready.get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      up = null;
    }
    if (up == null) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(mainClass + " did not start; see " + log);
    }
    // A server on any free port names the one it took at the end of its ready line ("... on HOST:PORT").
    return new DaemonProcess(p, port != 0 ? port : Integer.parseInt(up.substring(up.lastIndexOf(':') + 1).trim()));
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGSTOP (frozen, sockets open, nothing sent) or SIGCONT (goes on): to hold a node still for a while. */
  public void signal(String name) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
    }
  }

  /** Waits up to {@code limit} for the process to end by itself; returns its exit code, or null if it still runs. */
  public Integer awaitExit(java.time.Duration limit) throws InterruptedException {
    return process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("pid " + process.pid() + " survived SIGKILL for 30 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        kill9();
      }
    }
  }
}
