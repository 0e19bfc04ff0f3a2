package io.cairn.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server in a JVM of its own: started with {@code java}, its output copied to a log file, ready
 * once it prints a line matching a pattern. {@link #close} stops it (SIGTERM, then SIGKILL), and
 * so does a shutdown hook, so a failed or interrupted benchmark leaves no server behind.
 */
final class ChildJvm implements AutoCloseable {
  private static final int TAIL_LINES = 30;

  private final String name;
  private final Process process;
  private final Path log;
  private final CompletableFuture<Matcher> ready = new CompletableFuture<>();
  private final Deque<String> tail = new ArrayDeque<>();
  private final Thread hook;

  private ChildJvm(String name, Process process, Path log, Pattern readyLine) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.hook = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(hook);
    Thread pump = new Thread(() -> pump(readyLine), name + "-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code java jvmArgs... -cp classpath mainClass args...}.
   *
   * @param log where the child's stdout and stderr go
   */
  static ChildJvm start(String name, List<String> jvmArgs, String classpath, String mainClass, List<String> args,
      Path log, Pattern readyLine) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classpath);
    cmd.add(mainClass);
    cmd.addAll(args);
    Files.createDirectories(log.getParent());
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    return new ChildJvm(name, pb.start(), log, readyLine);
  }

  /** Waits for the ready line and returns its match; fails with the child's last lines if it never comes. */
  Matcher awaitReady(long timeoutSec) throws IOException {
    try {
      return ready.get(timeoutSec, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw failure("did not become ready within " + timeoutSec + " s");
    } catch (ExecutionException e) {
      throw failure(e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  /** CPU time the process has used so far (user + system), in nanoseconds; 0 when the OS does not say. */
  long cpuNanos() {
    return process.toHandle().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  /**
   * The most resident memory the process has had (Linux {@code VmHWM}): heap and everything off it,
   * such as RocksDB's caches and memtables. 0 where {@code /proc} does not say.
   */
  long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or the process is gone
    }
    return 0;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  private IOException failure(String why) {
    String lines;
    synchronized (tail) {
      lines = String.join("\n  ", tail);
    }
    return new IOException(name + " " + why + "; its log is " + log + ", ending:\n  " + lines);
  }

  private void pump(Pattern readyLine) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8)); PrintWriter out = new PrintWriter(Files.newBufferedWriter(log))) {
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        out.flush();
        synchronized (tail) {
          tail.addLast(line);
          if (tail.size() > TAIL_LINES) {
            tail.removeFirst();
          }
        }
        if (!ready.isDone()) {
          Matcher m = readyLine.matcher(line);
          if (m.find()) {
            ready.complete(m);
          }
        }
      }
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
    ready.completeExceptionally(new IOException("exited before it was ready"));
  }

  private void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process at once (SIGKILL), as a crash would: no shutdown hook of its runs. */
  void kill() throws IOException {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IOException(name + " (pid " + process.pid() + ") still runs 30 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while killing " + name, e);
    }
  }

  /** Writes one line to the process's standard input (a command, for a child that reads them). */
  void sendLine(String line) throws IOException {
    var in = process.getOutputStream();
    in.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    in.flush();
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down: the hook is running or ran
    }
  }
}
