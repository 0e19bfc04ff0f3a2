package io.cairn.bench;

import io.cairn.client.rpc.NameNodeChannel;
import io.cairn.common.rpc.CallerIdentity;
import io.cairn.proto.AdminProtocolGrpc;
import io.cairn.proto.GetStatusRequest;
import io.cairn.proto.GetStatusResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One NameNode, Cairn's or HDFS's, running in a JVM of its own with the JVM options the benchmark
 * gives both alike (heap, GC log), listening on 127.0.0.1 only.
 */
abstract sealed class NameNodeProcess implements AutoCloseable {
  /** RPC handler threads of both NameNodes unless told otherwise: Cairn's default (HDFS's is 10). */
  static final int DEFAULT_HANDLERS = 64;
  private static final long READY_TIMEOUT_SEC = 180;

  final ChildJvm jvm;
  final String address;
  final Path gcLog;

  private NameNodeProcess(ChildJvm jvm, String address, Path gcLog) {
    this.jvm = jvm;
    this.address = address;
    this.gcLog = gcLog;
  }

  /** The system's name in results. */
  abstract String system();

  /** A client of this NameNode for the benchmark threads. */
  abstract Workload openWorkload() throws IOException;

  /** Heap in use in the NameNode's JVM now (garbage included), and its maximum. */
  abstract HeapUse heap() throws IOException;

  String address() {
    return address;
  }

  /** CPU time the NameNode's process has used so far (user + system), in nanoseconds. */
  long cpuNanos() {
    return jvm.cpuNanos();
  }

  /** What the NameNode's GC log says so far (heap occupancy after each collection). */
  GcLog.Summary gcSummary() throws IOException {
    return GcLog.summarize(gcLog);
  }

  @Override
  public void close() {
    jvm.close();
  }

  record HeapUse(long usedBytes, long maxBytes) {}

  /** JVM options both NameNodes get: the same heap, collector (the default, G1) and a GC log. */
  static List<String> commonJvmArgs(String heap, Path gcLog, List<String> extra) {
    List<String> args = new ArrayList<>();
    args.add("--enable-native-access=ALL-UNNAMED");
    args.add("--sun-misc-unsafe-memory-access=allow");
    args.add("-Xms" + heap);
    args.add("-Xmx" + heap);
    args.add("-XX:+ExitOnOutOfMemoryError");
    args.add("-Xlog:gc:file=" + gcLog);
    args.addAll(extra);
    return args;
  }

  static Cairn startCairn(Path dir, String heap, int handlers, List<String> extraJvmArgs, String namenodeClasspath)
      throws IOException {
    return startCairn(dir, heap, handlers, extraJvmArgs, namenodeClasspath, List.of());
  }

  /** @param conf {@code key=value} settings for the NameNode, beyond its handler count */
  static Cairn startCairn(Path dir, String heap, int handlers, List<String> extraJvmArgs, String namenodeClasspath,
      List<String> conf) throws IOException {
    int port = freePort();
    Path gcLog = dir.resolve("gc.log");
    List<String> jvmArgs = commonJvmArgs(heap, gcLog, extraJvmArgs);
    List<String> args = new ArrayList<>(List.of("--dir", dir.resolve("data").toString(), "--port",
        Integer.toString(port), "--bind", "127.0.0.1", "--conf", "cairn.namenode.handler.threads=" + handlers));
    conf.forEach(kv -> args.addAll(List.of("--conf", kv)));
    ChildJvm jvm = ChildJvm.start("cairn-namenode", jvmArgs, namenodeClasspath,
        "io.cairn.namenode.server.NameNodeMain", args,
        dir.resolve("namenode.log"), Pattern.compile("NameNode listening on (\\S+)"));
    try {
      Matcher m = jvm.awaitReady(READY_TIMEOUT_SEC);
      return new Cairn(jvm, m.group(1), gcLog);
    } catch (IOException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  static Hdfs startHdfs(Path dir, String heap, int handlers, List<String> extraJvmArgs, String benchClasspath) throws IOException {
    return startHdfs(dir, heap, extraJvmArgs, benchClasspath, List.of(Integer.toString(handlers)));
  }

  /**
   * HDFS's NameNode in a MiniDFSCluster JVM of its own.
   *
   * @param serverArgs what {@link io.cairn.bench.hdfs.HdfsNameNodeServer} takes after DIR and PORT:
   *     HANDLERS [DATANODES [KEY=VALUE...]]
   */
  static Hdfs startHdfs(Path dir, String heap, List<String> extraJvmArgs, String benchClasspath,
      List<String> serverArgs) throws IOException {
    Path gcLog = dir.resolve("gc.log");
    List<String> jvmArgs = commonJvmArgs(heap, gcLog, extraJvmArgs);
    jvmArgs.add("-Dlogback.configurationFile=io/cairn/bench/bench-logback.xml");
    List<String> args = new ArrayList<>(List.of(dir.resolve("data").toString(), "0"));
    args.addAll(serverArgs);
    ChildJvm jvm = ChildJvm.start("hdfs-namenode", jvmArgs, benchClasspath,
        "io.cairn.bench.hdfs.HdfsNameNodeServer", args,
        dir.resolve("namenode.log"), Pattern.compile("HDFS NameNode listening on (\\S+) http=(\\S+)"));
    try {
      Matcher m = jvm.awaitReady(READY_TIMEOUT_SEC);
      return new Hdfs(jvm, m.group(1), m.group(2), gcLog);
    } catch (IOException | RuntimeException e) {
      jvm.close();
      throw e;
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  static final class Cairn extends NameNodeProcess {
    private final NameNodeChannel admin;

    private Cairn(ChildJvm jvm, String address, Path gcLog) throws IOException {
      super(jvm, address, gcLog);
      this.admin = NameNodeChannel.open(address, CallerIdentity.currentUser());
    }

    @Override
    String system() {
      return "Cairn";
    }

    @Override
    Workload openWorkload() throws IOException {
      return new CairnWorkload(address);
    }

    @Override
    HeapUse heap() {
      GetStatusResponse r = AdminProtocolGrpc.newBlockingStub(admin.channel())
          .withDeadlineAfter(30, TimeUnit.SECONDS)
          .getStatus(GetStatusRequest.getDefaultInstance());
      return new HeapUse(r.getHeapUsedBytes(), r.getHeapMaxBytes());
    }

    @Override
    public void close() {
      admin.close();
      super.close();
    }
  }

  static final class Hdfs extends NameNodeProcess {
    private static final Pattern HEAP_USED = Pattern.compile("\"HeapMemoryUsage\"\\s*:\\s*\\{[^}]*?\"used\"\\s*:\\s*(\\d+)");
    private static final Pattern HEAP_MAX = Pattern.compile("\"HeapMemoryUsage\"\\s*:\\s*\\{[^}]*?\"max\"\\s*:\\s*(\\d+)");
    private final String httpAddress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Hdfs(ChildJvm jvm, String address, String httpAddress, Path gcLog) {
      super(jvm, address, gcLog);
      this.httpAddress = httpAddress;
    }

    @Override
    String system() {
      return "HDFS";
    }

    @Override
    Workload openWorkload() throws IOException {
      return new HdfsWorkload(address);
    }

    /** From the NameNode's own JMX servlet: the same MemoryMXBean figure Cairn's GetStatus reports. */
    @Override
    HeapUse heap() throws IOException {
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + httpAddress + "/jmx?qry=java.lang:type=Memory"))
          .timeout(Duration.ofSeconds(30)).build();
      String body;
      try {
        body = http.send(req, HttpResponse.BodyHandlers.ofString()).body();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      Matcher used = HEAP_USED.matcher(body);
      Matcher max = HEAP_MAX.matcher(body);
      if (!used.find() || !max.find()) {
        throw new IOException("no HeapMemoryUsage in the HDFS NameNode's /jmx answer");
      }
      return new HeapUse(Long.parseLong(used.group(1)), Long.parseLong(max.group(1)));
    }

    @Override
    public void close() {
      http.close();
      super.close();
    }
  }
}
