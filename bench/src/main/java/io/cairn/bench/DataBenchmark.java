package io.cairn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Data-path throughput of Cairn and HDFS side by side in one run: a large file written and read
 * sequentially (MiB/s), and many small files written and read (files/s), with replication 3 on
 * 3 DataNodes. Each system's servers run apart from the benchmark's (client) JVM. See
 * docs/benchmarks.md.
 */
@Command(name = "data-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Data-path throughput: Cairn and HDFS side by side.")
public final class DataBenchmark implements Callable<Integer> {
  @Option(names = "--file-size", description = "Size of the sequential file, e.g. 1g, 256m (default 1g; quick: 128m).")
  String fileSize;

  @Option(names = "--small-files", description = "How many small files (default 10000; quick: 1000).")
  Integer smallFiles;

  @Option(names = "--small-file-size", defaultValue = "4k", description = "Size of each small file (default ${DEFAULT-VALUE}).")
  String smallFileSize;

  @Option(names = "--rounds", description = "Rounds; the median counts (default 3; quick: 1).")
  Integer rounds;

  @Option(names = "--warmup-file-size", description = "Sequential file of the unreported warm-up round (default 1g; quick: 256m; 0 = no warm-up). A GiB, because each of Cairn's four server JVMs compiles its own hot code: a DataNode still spent about twice its settled CPU per MiB after 256 MiB.")
  String warmupFileSize;

  @Option(names = "--warmup-files", description = "Small files of the warm-up round, at most (default 20000; quick: "
      + "200). After 3,000, Cairn's client was still compiling its RPC code in the measured small-file phase, and its "
      + "NameNode's CPU per file fell until about 30,000.")
  Integer warmupFiles;

  @Option(names = "--warmup-seconds", defaultValue = "60", description = "The warm-up round stops writing small "
      + "files after this many seconds, however many it wrote (default ${DEFAULT-VALUE}; 0 = no limit): the same "
      + "time for both systems, so that a system that writes them slowly is not warmed for many minutes.")
  int warmupSeconds;

  @Option(names = "--quick", description = "A short run: the quick defaults above.")
  boolean quick;

  @Option(names = "--block-size", defaultValue = "128m", description = "Block size of every file on both systems (default ${DEFAULT-VALUE}, both defaults).")
  String blockSize;

  @Option(names = "--replication", defaultValue = "3", description = "Replication of every file (default ${DEFAULT-VALUE}).")
  int replication;

  @Option(names = "--datanodes", defaultValue = "3", description = "DataNodes of each system (default ${DEFAULT-VALUE}).")
  int dataNodes;

  @Option(names = "--buffer-size", defaultValue = "1m", description = "Bytes per write and read call (default ${DEFAULT-VALUE}).")
  String bufferSize;

  @CommandLine.Mixin
  BenchOptions common;

  @CommandLine.Mixin
  ClusterOptions servers;

  @Option(names = "--datanode-conf", description = "A configuration key=value for Cairn's DataNodes, to try a "
      + "setting (the recorded runs use none: both systems at their defaults); repeatable.")
  List<String> dataNodeConf = new ArrayList<>();

  @Option(names = "--namenode-conf", description = "A configuration key=value for Cairn's NameNode, to try a "
      + "setting (e.g. cairn.namenode.inline-data.max-bytes=0: small files go to DataNodes too; the recorded runs "
      + "use none); repeatable.")
  List<String> nameNodeConf = new ArrayList<>();

  @Option(names = "--hdfs-conf", description = "A configuration key=value for HDFS's cluster, to try a setting "
      + "(e.g. dfs.datanode.synconclose=true; the recorded runs use none); repeatable.")
  List<String> hdfsConf = new ArrayList<>();

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final PrintStream out = System.out;
  private final PrintStream progress = System.err;

  @Override
  public Integer call() throws Exception {
    DataRunner.Sizes sizes;
    DataRunner.Sizes warmup;
    try {
      sizes = sizes();
      warmup = warmupSizes(sizes);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    validate(sizes);
    Path work = common.openWorkDir("cairn-data-bench-");
    out.println(header(work, sizes, warmup));
    try {
      ResultTable table = compare(work, sizes, warmup);
      int r = roundCount();
      out.println("Throughput (median of " + r + " round" + (r == 1 ? "" : "s") + "):");
      out.println(table.format());
      out.println("CPU time per MiB (sequential) or per file (small files), in microseconds "
          + "(all server processes / benchmark client process):");
      out.println(table.formatCpu());
    } finally {
      common.closeWorkDir(work);
    }
    return 0;
  }

  int roundCount() {
    return rounds != null ? rounds : quick ? 1 : 3;
  }

  DataRunner.Sizes sizes() {
    return new DataRunner.Sizes(parseSize(fileSize != null ? fileSize : quick ? "128m" : "1g"),
        smallFiles != null ? smallFiles : quick ? 1000 : 10_000, Math.toIntExact(parseSize(smallFileSize)),
        Math.toIntExact(parseSize(bufferSize)), replication, parseSize(blockSize), 0);
  }

  /** The warm-up round's sizes; null when there is none. */
  DataRunner.Sizes warmupSizes(DataRunner.Sizes s) {
    long bytes = parseSize(warmupFileSize != null ? warmupFileSize : quick ? "256m" : "1g");
    int files = warmupFiles != null ? warmupFiles : quick ? 200 : 20_000;
    if (bytes == 0) {
      return null;
    }
    return new DataRunner.Sizes(bytes, files, s.smallFileBytes(), s.bufferBytes(), s.replication(), s.blockSizeBytes(),
        warmupSeconds);
  }

  /** A size in bytes: a number with an optional k, m or g (powers of 1024), e.g. "4k", "1g". */
  static long parseSize(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    long unit = switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      long n = Long.parseLong(digits);
      if (n < 0) {
        throw new IllegalArgumentException("negative size: " + text);
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("not a size: '" + text + "' (a number with k, m or g, e.g. 4k, 1g)", e);
    }
  }

  private void validate(DataRunner.Sizes s) {
    if (s.fileBytes() < 1 || s.smallFiles() < 1 || s.smallFileBytes() < 1 || s.bufferBytes() < 1
        || roundCount() < 1 || warmupSeconds < 0 || replication < 1 || dataNodes < replication || s.blockSizeBytes() < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "sizes, counts and --rounds must be positive, "
          + "and --datanodes at least --replication");
    }
    if (s.smallFileBytes() > s.bufferBytes()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--small-file-size must not exceed --buffer-size");
    }
    BenchOptions.checkSystems(spec, common.systems);
  }

  private String header(Path work, DataRunner.Sizes s, DataRunner.Sizes w) {
    return String.format("Cairn data benchmark, %s%n"
            + "  java %s (%s), %d CPUs, %s %s; work folder %s%n"
            + "  %s; %d DataNodes each, replication %d, block size %s, one client thread, %s per write/read call%n"
            + "  servers: Cairn's NameNode and DataNodes each in its own JVM (heap %s each); HDFS's in one "
            + "MiniDFSCluster JVM (heap %s); all on 127.0.0.1, apart from the client's JVM%n"
            + "  per round: one file of %s, %,d files of %s; rounds %d; warm-up %s%n"
            + "  settings: Cairn NameNode %s; Cairn DataNodes %s; HDFS %s%n",
        Instant.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
        work, common.systems, dataNodes, s.replication(), bytes(s.blockSizeBytes()), bytes(s.bufferBytes()), servers.heap, servers.hdfsHeap,
        bytes(s.fileBytes()), s.smallFiles(), bytes(s.smallFileBytes()), roundCount(),
        w == null ? "none" : "one round of " + bytes(w.fileBytes()) + " and " + String.format("%,d", w.smallFiles())
            + " small files" + (w.smallWriteSeconds() == 0 ? "" : " (or " + w.smallWriteSeconds() + " s of them)"),
        nameNodeConf.isEmpty() ? "defaults" : String.join(" ", nameNodeConf),
        dataNodeConf.isEmpty() ? "defaults" : String.join(" ", dataNodeConf),
        hdfsConf.isEmpty() ? "defaults" : String.join(" ", hdfsConf));
  }

  /** Adds what {@code runner} read to {@code system}'s {from blocks, kept in the namespace} byte counts. */
  private static void count(Map<String, long[]> read, String system, DataRunner runner) {
    long[] bytes = read.computeIfAbsent(system, k -> new long[2]);
    bytes[0] += runner.blockBytesRead();
    bytes[1] += runner.keptBytesRead();
  }

  /** "1 GiB", "4 KiB", "1,000 B". */
  static String bytes(long n) {
    String[] units = {"GiB", "MiB", "KiB"};
    for (int i = 0; i < units.length; i++) {
      long unit = 1L << (30 - 10 * i);
      if (n >= unit && n % unit == 0) {
        return String.format("%,d %s", n / unit, units[i]);
      }
    }
    return String.format("%,d B", n);
  }

  private DataCluster start(String system, Path dir) throws IOException {
    DataCluster.Setup setup = servers.setup(dataNodeConf, hdfsConf, nameNodeConf);
    progress.printf("starting %s: NameNode and %d DataNodes...%n", system, dataNodes);
    return "Cairn".equals(MetadataBenchmark.system(system)) ? DataCluster.startCairn(dir, dataNodes, setup)
        : DataCluster.startHdfs(dir, dataNodes, setup);
  }

  private ResultTable compare(Path work, DataRunner.Sizes sizes, DataRunner.Sizes warmup) throws IOException {
    Map<String, DataCluster> clusters = new LinkedHashMap<>();
    Map<String, Workload> clients = new LinkedHashMap<>();
    Map<String, Path> dirs = new LinkedHashMap<>();
    try {
      for (String s : common.systems) {
        Path dir = work.resolve("data-" + s);
        DataCluster c = start(s, dir);
        clusters.put(c.system(), c);
        dirs.put(c.system(), dir);
        clients.put(c.system(), c.openWorkload());
      }
      Map<String, long[]> read = new LinkedHashMap<>();
      if (warmup != null) {
        for (Workload w : clients.values()) {
          progress.printf("warming up %s (not reported)%n", w.name());
          DataRunner r = new DataRunner(w, warmup, clusters.get(w.name())::cpuNanosByProcess, progress::println);
          runSettled(r, "/warmup", warmup, w.name(), dirs.get(w.name()));
          count(read, w.name(), r);
        }
      }
      ResultTable table = new ResultTable("", "servers");
      List<Workload> order = new ArrayList<>(clients.values());
      for (int round = 0; round < roundCount(); round++) {
        progress.printf("round %d of %d%n", round + 1, roundCount());
        for (Workload w : order) {
          DataRunner runner = new DataRunner(w, sizes, clusters.get(w.name())::cpuNanosByProcess, progress::println);
          runSettled(runner, "/bench/r" + round, sizes, w.name(), dirs.get(w.name()))
              .forEach((phase, m) -> table.add(w.name(), 1, phase, m));
          count(read, w.name(), runner);
        }
        // Take turns at going first, so neither system always runs on a machine the other just warmed.
        order.addLast(order.removeFirst());
      }
      for (DataCluster c : clusters.values()) {
        progress.println(c.system() + " servers' peak resident memory, MiB: " + c.byProcess(ChildJvm::peakRssBytes)
            .entrySet().stream().map(e -> e.getKey() + " " + (e.getValue() >> 20)).collect(Collectors.joining(", ")));
        long[] bytes = read.get(c.system());
        long zeroCopy = c.zeroCopyBytesSent(bytes[0]);
        if (zeroCopy >= 0) {
          progress.printf("%s DataNodes sent %,d of the %,d MiB read from blocks with zero copy (FileRegion); "
              + "%,d MiB more were read from small files kept in the namespace%n", c.system(), zeroCopy >> 20,
              bytes[0] >> 20, bytes[1] >> 20);
        }
      }
      return table;
    } finally {
      for (Workload w : clients.values()) {
        w.close();
      }
      clusters.values().forEach(DataCluster::close);
    }
  }

  /**
   * Runs one round, which deletes what it wrote at its end, then waits until that deletion has
   * left the disk and the memory it freed has settled (FreedPages), so that the next round, of
   * either system, writes on a machine in the same state.
   */
  private Map<Phase, PhaseRunner.Measurement> runSettled(DataRunner runner, String root, DataRunner.Sizes s,
      String system, Path dir) throws IOException {
    long before = FreedPages.bytesUnder(dir);
    Map<Phase, PhaseRunner.Measurement> results = runner.run(root);
    long written = (s.fileBytes() + (long) s.smallFiles() * s.smallFileBytes()) * s.replication();
    // An eighth of the round's bytes may stay: the NameNode's store and logs grow a little.
    FreedPages.Settled settled = FreedPages.settle(dir, before + written / 8);
    progress.printf("  %s's deleted replicas left the disk in %.1f s%s; freed memory settled in %.1f s%s%n", system,
        settled.deleteMs() / 1e3, settled.deleted() ? "" : " (not all: gave up)", settled.reportMs() / 1e3,
        settled.reported() ? "" : " (still moving: gave up)");
    return results;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new DataBenchmark()).execute(args));
  }
}
