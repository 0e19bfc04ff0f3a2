package io.cairn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Metadata operations per second of Cairn's NameNode and HDFS's NameNode, side by side in one run,
 * each NameNode in a JVM of its own reached over TCP on 127.0.0.1; and optionally a scale run that
 * fills a NameNode with a small heap with many files. See docs/benchmarks.md.
 */
@Command(name = "metadata-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "NameNode metadata operations per second: Cairn and HDFS side by side.")
public final class MetadataBenchmark implements Callable<Integer> {
  @Option(names = "--ops", defaultValue = "20000", description = "Operations per phase and thread count (default ${DEFAULT-VALUE}).")
  int ops;

  @Option(names = "--threads", split = ",", defaultValue = "1,8,32", description = "Client thread counts (default ${DEFAULT-VALUE}).")
  List<Integer> threads;

  @Option(names = "--rounds", defaultValue = "1", description = "Rounds per thread count; the median counts (default ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "5000", description = "Operations per phase of the unreported warm-up at 8 threads (default ${DEFAULT-VALUE}; 0 = none).")
  int warmup;

  @CommandLine.Mixin
  BenchOptions common;

  @Option(names = "--heap", defaultValue = "1g", description = "Heap (-Xms and -Xmx) of both NameNodes in the comparison (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--handlers", defaultValue = "" + NameNodeProcess.DEFAULT_HANDLERS,
      description = "RPC handler threads of both NameNodes (default ${DEFAULT-VALUE}, Cairn's default).")
  int handlers;

  @Option(names = "--namenode-jvm-arg", description = "An extra JVM option for both NameNodes, e.g. to profile "
      + "them; repeatable.")
  List<String> namenodeJvmArgs = new ArrayList<>();

  @Option(names = "--no-compare", description = "Skip the side-by-side comparison (e.g. to run only the scale run).")
  boolean noCompare;

  @Option(names = "--scale", description = "Also run the scale run: 1,000,000 files in 1,000 directories.")
  boolean scale;

  @Option(names = "--scale-files", description = "Files of the scale run (implies a scale run; --scale = 1000000).")
  Long scaleFiles;

  @Option(names = "--scale-dirs", defaultValue = "1000", description = "Directories of the scale run (default ${DEFAULT-VALUE}).")
  int scaleDirs;

  @Option(names = "--scale-threads", defaultValue = "32", description = "Client threads of the scale run (default ${DEFAULT-VALUE}).")
  int scaleThreads;

  @Option(names = "--scale-heap", defaultValue = "256m", description = "NameNode heap in the scale run (default ${DEFAULT-VALUE}).")
  String scaleHeap;

  @Option(names = "--scale-systems", split = ",", defaultValue = "cairn", description = "Which NameNodes do the scale run (default ${DEFAULT-VALUE}; add hdfs to try it).")
  List<String> scaleSystems;

  @Option(names = "--namenode-classpath", required = true, description = "Classpath of Cairn's NameNode (run-metadata.sh passes it).")
  String namenodeClasspath;

  private final PrintStream out = System.out;
  private final PrintStream progress = System.err;

  @Override
  public Integer call() throws Exception {
    validate();
    Path work = common.openWorkDir("cairn-bench-");
    out.println(header(work));
    try {
      if (!noCompare) {
        ResultTable table = compare(work);
        out.println("Operations per second (median of " + rounds + " round" + (rounds == 1 ? "" : "s") + "):");
        out.println(table.format());
        out.println("CPU time per operation, in microseconds (NameNode process / benchmark client process):");
        out.println(table.formatCpu());
      }
      if (scaleRequested()) {
        for (String system : scaleSystems) {
          out.println(scaleRun(work, system));
        }
      }
    } finally {
      common.closeWorkDir(work);
    }
    return 0;
  }

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private void validate() {
    if (ops < 1 || rounds < 1 || warmup < 0 || handlers < 1 || threads.stream().anyMatch(t -> t < 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--ops, --rounds, --handlers and --threads must be positive, --warmup not negative");
    }
    if (scaleFiles != null && (scaleFiles < 1 || scaleDirs < 1 || scaleThreads < 1)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "--scale-files, --scale-dirs and --scale-threads must be positive");
    }
    BenchOptions.checkSystems(spec, common.systems);
    BenchOptions.checkSystems(spec, scaleSystems);
  }

  /** "Cairn" or "HDFS" for a name given on the command line; null for anything else. */
  static String system(String name) {
    return switch (name.toLowerCase(java.util.Locale.ROOT)) {
      case "cairn" -> "Cairn";
      case "hdfs" -> "HDFS";
      default -> null;
    };
  }

  boolean scaleRequested() {
    return scale || scaleFiles != null;
  }

  long scaleFileCount() {
    return scaleFiles != null ? scaleFiles : 1_000_000L;
  }

  private String header(Path work) {
    StringBuilder h = new StringBuilder(String.format("Cairn metadata benchmark, %s%n"
            + "  java %s (%s), %d CPUs, %s %s; work folder %s%n"
            + "  NameNodes: each in its own JVM on 127.0.0.1, %d RPC handlers, edits fsynced%n",
        Instant.now(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
        work, handlers));
    if (!noCompare) {
      h.append(String.format("  comparison: %s, heap %s, %,d operations per phase, threads %s, rounds %d, "
          + "warm-up %,d%n", common.systems, heap, ops, threads, rounds, warmup));
    }
    if (scaleRequested()) {
      h.append(String.format("  scale run: %s, heap %s, %,d files in %,d directories, %d threads%n", scaleSystems,
          scaleHeap, scaleFileCount(), scaleDirs, scaleThreads));
    }
    return h.toString();
  }

  private NameNodeProcess start(String system, Path dir, String heapSize) throws IOException {
    progress.printf("starting %s NameNode (heap %s)...%n", system, heapSize);
    return "Cairn".equals(system(system)) ? NameNodeProcess.startCairn(dir, heapSize, handlers,
        namenodeJvmArgs, namenodeClasspath) : NameNodeProcess.startHdfs(dir, heapSize, handlers, namenodeJvmArgs,
        System.getProperty("java.class.path"));
  }

  private ResultTable compare(Path work) throws IOException {
    Map<String, NameNodeProcess> nameNodes = new LinkedHashMap<>();
    Map<String, Workload> clients = new LinkedHashMap<>();
    try {
      for (String s : common.systems) {
        NameNodeProcess nn = start(s, work.resolve("compare-" + s), heap);
        nameNodes.put(nn.system(), nn);
        clients.put(nn.system(), nn.openWorkload());
      }
      if (warmup > 0) {
        for (Workload w : clients.values()) {
          progress.printf("warming up %s (%,d ops per phase, 8 threads; not reported)%n", w.name(), warmup);
          new PhaseRunner(w, 8, nameNodes.get(w.name())::cpuNanos, progress::println).run("/warmup", warmup);
        }
      }
      ResultTable table = new ResultTable();
      List<Workload> order = new ArrayList<>(clients.values());
      for (int round = 0; round < rounds; round++) {
        for (int t : threads) {
          for (Workload w : order) {
            Map<Phase, PhaseRunner.Measurement> r = new PhaseRunner(w, t, nameNodes.get(w.name())::cpuNanos,
                progress::println).run("/bench/r" + round + "/t" + t, ops);
            r.forEach((phase, m) -> table.add(w.name(), t, phase, m));
          }
          // Take turns at going first, so neither system always runs on a machine the other just warmed.
          order.addLast(order.removeFirst());
        }
      }
      return table;
    } finally {
      for (Workload w : clients.values()) {
        w.close();
      }
      nameNodes.values().forEach(NameNodeProcess::close);
    }
  }

  private String scaleRun(Path work, String system) throws IOException {
    Path dir = work.resolve("scale-" + system);
    try (NameNodeProcess nn = start(system, dir, scaleHeap)) {
      progress.printf("scale run on %s: %,d files in %,d directories, %d threads%n", nn.system(), scaleFileCount(),
          scaleDirs, scaleThreads);
      ScaleRun.Result r = new ScaleRun(nn, progress).run(scaleFileCount(), scaleDirs, scaleThreads,
          dir.resolve("data"));
      return ScaleRun.format(r);
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new MetadataBenchmark()).execute(args));
  }
}
