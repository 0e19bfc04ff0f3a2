package io.cairn.client.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** A NameNode in its own JVM, started from this test's classpath; killed with SIGKILL or stopped. */
public final class NameNodeProcess implements AutoCloseable {
  private final ChildJvm process;
  private final int port;

  private NameNodeProcess(ChildJvm process, int port) {
    this.process = process;
    this.port = port;
  }

  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Starts a NameNode on {@code dir} and returns once it serves (at most 60 s). */
  public static NameNodeProcess start(Path dir, int port, Path log) throws Exception {
    ChildJvm jvm = ChildJvm.start("io.cairn.namenode.server.NameNodeMain",
        List.of("--dir", dir.toString(), "--port", Integer.toString(port)), "NameNode listening on", log);
    return new NameNodeProcess(jvm, port);
  }

  public String address() {
    return "127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed. */
  public void kill9() throws InterruptedException {
    process.kill9();
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
