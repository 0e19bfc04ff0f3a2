package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Repair after a DataNode's death, Cairn and HDFS side by side in one run: each system's cluster
 * (servers apart from the benchmark's JVM) gets the same files, then one DataNode dies and the
 * benchmark measures how long the NameNode takes to notice (the dead interval, set alike on both)
 * and then to bring every block back to its replication factor, and the repair throughput (bytes
 * of the blocks that lost a replica / repair time). Every file is read back and checked after the
 * repair. See docs/benchmarks.md.
 */
@Command(name = "repair-benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Time to full replication after a DataNode dies: Cairn and HDFS side by side.")
public final class RepairBenchmark implements Callable<Integer> {
  private static final long POLL_MS = 100;
  private static final int BUFFER_BYTES = 1 << 20;

  @Option(names = "--data", defaultValue = "2g", description = "Bytes written before the DataNode dies, spread over "
      + "files of --file-size (default ${DEFAULT-VALUE}).")
  String data;

  @Option(names = "--file-size", defaultValue = "256m", description = "Size of each file (default ${DEFAULT-VALUE}).")
  String fileSize;

  @Option(names = "--block-size", defaultValue = "64m", description = "Block size of every file (default ${DEFAULT-VALUE}).")
  String blockSize;

  @Option(names = "--replication", defaultValue = "3", description = "Replication of every file (default ${DEFAULT-VALUE}).")
  int replication;

  @Option(names = "--datanodes", defaultValue = "4", description = "DataNodes of each system; one dies "
      + "(default ${DEFAULT-VALUE}).")
  int dataNodes;

  @Option(names = "--heartbeat-sec", defaultValue = "1", description = "DataNode heartbeat interval on both "
      + "systems, seconds (default ${DEFAULT-VALUE}; both systems' default is 3).")
  int heartbeatSec;

  @Option(names = "--dead-sec", defaultValue = "20", description = "A DataNode silent this long is dead, on both "
      + "systems, seconds; more than 10 heartbeats (HDFS's rule: 2 x recheck interval + 10 heartbeats) "
      + "(default ${DEFAULT-VALUE}; both systems' default is 630).")
  int deadSec;

  @Option(names = "--timeout-sec", defaultValue = "1800", description = "Give up when a repair takes longer "
      + "(default ${DEFAULT-VALUE}).")
  int timeoutSec;

  @CommandLine.Mixin
  BenchOptions common;

  @CommandLine.Mixin
  ClusterOptions servers;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  private final PrintStream out = System.out;
  private final PrintStream progress = System.err;

  /**
   * One system's repair.
   *
   * @param detectMs from the DataNode's death to the NameNode counting it dead
   * @param repairMs from then to every block at its replication factor
   * @param blocksToRepair blocks that had lost a replica when the death was noticed
   * @param bytesToRepair their bytes
   */
  record Result(String system, long detectMs, long repairMs, int blocksToRepair, long bytesToRepair) {
    double repairMibPerSec() {
      return bytesToRepair / DataRunner.MIB / (repairMs / 1e3);
    }
  }

  @Override
  public Integer call() throws Exception {
    long dataBytes;
    long fileBytes;
    long blockBytes;
    try {
      dataBytes = DataBenchmark.parseSize(data);
      fileBytes = DataBenchmark.parseSize(fileSize);
      blockBytes = DataBenchmark.parseSize(blockSize);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    if (dataBytes < 1 || fileBytes < 1 || blockBytes < 1 || replication < 1 || dataNodes <= replication
        || heartbeatSec < 1 || deadSec <= 10 * heartbeatSec || timeoutSec < 1) {
      throw new CommandLine.ParameterException(spec.commandLine(), "sizes must be positive, --datanodes more than "
          + "--replication (one dies and the blocks need somewhere to go), --dead-sec more than 10 heartbeats");
    }
    BenchOptions.checkSystems(spec, common.systems);
    int files = Math.toIntExact((dataBytes + fileBytes - 1) / fileBytes);
    Path work = common.openWorkDir("cairn-repair-bench-");
    out.printf("Cairn repair benchmark, %s%n"
            + "  java %s, %d CPUs; work folder %s%n"
            + "  %s; %d DataNodes each, one killed; %d files of %s (%s), block size %s, replication %d%n"
            + "  heartbeat %d s and dead interval %d s on both systems; all other settings at their defaults%n%n",
        Instant.now(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), work,
        common.systems, dataNodes, files, DataBenchmark.bytes(fileBytes), DataBenchmark.bytes(files * fileBytes),
        DataBenchmark.bytes(blockBytes), replication, heartbeatSec, deadSec);
    Map<String, Result> results = new LinkedHashMap<>();
    try {
      for (String s : common.systems) {
        String system = MetadataBenchmark.system(s);
        results.put(system, measure(system, work.resolve("repair-" + s), files, fileBytes, blockBytes));
      }
    } finally {
      common.closeWorkDir(work);
    }
    out.println(format(results));
    return 0;
  }

  private Result measure(String system, Path dir, int files, long fileBytes, long blockBytes) throws IOException {
    progress.printf("starting %s: NameNode and %d DataNodes...%n", system, dataNodes);
    try (DataCluster cluster = start(system, dir); Workload fs = cluster.openWorkload()) {
      List<String> paths = new ArrayList<>();
      fs.mkdir("/repair");
      for (int f = 0; f < files; f++) {
        String path = "/repair/f" + f;
        write(fs, path, f, fileBytes, blockBytes);
        paths.add(path);
      }
      progress.printf("  %s: %d files written; waiting for every block to have %d replicas%n", system, files,
          replication);
      await(system, "the written files to be fully replicated",
          () -> underReplicated(fs, paths, Set.of()).blocks() == 0);

      Set<String> before = fs.liveDataNodes();
      long died = System.nanoTime();
      cluster.stopDataNode();
      progress.printf("  %s: one DataNode stopped; waiting for the NameNode to count it dead%n", system);
      await(system, "the stopped DataNode to be counted dead", () -> fs.liveDataNodes().size() < before.size());
      long noticed = System.nanoTime();
      Set<String> dead = new HashSet<>(before);
      dead.removeAll(fs.liveDataNodes());
      Missing missing = underReplicated(fs, paths, dead);
      progress.printf("  %s: dead after %,d ms; %d blocks (%s) lost a replica%n", system, (noticed - died) / 1_000_000,
          missing.blocks(), DataBenchmark.bytes(missing.bytes()));
      await(system, "every block to be back at " + replication + " replicas on live DataNodes",
          () -> underReplicated(fs, paths, dead).blocks() == 0);
      long repaired = System.nanoTime();
      progress.printf("  %s: repaired %,d ms after the death was noticed; reading every file back%n", system,
          (repaired - noticed) / 1_000_000);
      for (int f = 0; f < files; f++) {
        verify(fs, paths.get(f), f, fileBytes);
      }
      return new Result(system, (noticed - died) / 1_000_000, (repaired - noticed) / 1_000_000, missing.blocks(),
          missing.bytes());
    }
  }

  private DataCluster start(String system, Path dir) throws IOException {
    long heartbeatMs = heartbeatSec * 1000L;
    long deadMs = deadSec * 1000L;
    // HDFS counts a DataNode dead after 2 x recheck interval + 10 heartbeats.
    List<String> hdfsConf = List.of("dfs.heartbeat.interval=" + heartbeatSec,
        "dfs.namenode.heartbeat.recheck-interval=" + (deadMs - 10 * heartbeatMs) / 2);
    List<String> nameNodeConf = List.of("cairn.heartbeat.interval-ms=" + heartbeatMs,
        "cairn.datanode.dead.interval-ms=" + deadMs);
    DataCluster.Setup setup = servers.setup(List.of(), hdfsConf, nameNodeConf);
    return "Cairn".equals(system) ? DataCluster.startCairn(dir, dataNodes, setup)
        : DataCluster.startHdfs(dir, dataNodes, setup);
  }

  private record Missing(int blocks, long bytes) {}

  /**
   * Blocks with fewer than {@code replication} replicas listed outside {@code dead}: a NameNode may
   * go on listing a dead node's replicas for a moment after it counts the node dead (HDFS's live
   * count and its block map are updated at different times).
   */
  private Missing underReplicated(Workload fs, List<String> paths, Set<String> dead) throws IOException {
    int blocks = 0;
    long bytes = 0;
    for (String path : paths) {
      for (Workload.BlockReplicas b : fs.blockReplicas(path)) {
        if (b.nodes().stream().filter(n -> !dead.contains(n)).distinct().count() < replication) {
          blocks++;
          bytes += b.lengthBytes();
        }
      }
    }
    return new Missing(blocks, bytes);
  }

  @FunctionalInterface
  private interface Probe {
    boolean done() throws IOException;
  }

  private void await(String system, String what, Probe probe) throws IOException {
    long deadline = System.nanoTime() + timeoutSec * 1_000_000_000L;
    while (!probe.done()) {
      if (System.nanoTime() > deadline) {
        throw new IOException(system + ": gave up waiting " + timeoutSec + " s for " + what);
      }
      try {
        Thread.sleep(POLL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for " + what, e);
      }
    }
  }

  /** The bytes of file {@code file}, MiB {@code chunk}: the same random bytes, stamped with both numbers. */
  private static byte[] chunk(byte[] buffer, int file, long chunk) {
    new Random(42).nextBytes(buffer);
    ByteBuffer.wrap(buffer).putLong(file).putLong(chunk);
    return buffer;
  }

  private void write(Workload fs, String path, int file, long bytes, long blockBytes) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    try (OutputStream os = fs.create(path, replication, blockBytes)) {
      for (long off = 0, c = 0; off < bytes; off += BUFFER_BYTES, c++) {
        os.write(chunk(buffer, file, c), 0, (int) Math.min(BUFFER_BYTES, bytes - off));
      }
    }
  }

  private static void verify(Workload fs, String path, int file, long bytes) throws IOException {
    byte[] expected = new byte[BUFFER_BYTES];
    byte[] got = new byte[BUFFER_BYTES];
    try (InputStream in = fs.open(path)) {
      for (long off = 0, c = 0; off < bytes; off += BUFFER_BYTES, c++) {
        int want = (int) Math.min(BUFFER_BYTES, bytes - off);
        int n = in.readNBytes(got, 0, want);
        chunk(expected, file, c);
        if (n != want || Arrays.mismatch(got, 0, want, expected, 0, want) != -1) {
          throw new IOException(fs.name() + ": " + path + " does not hold what was written, in MiB " + c);
        }
      }
      if (in.read() != -1) {
        throw new IOException(fs.name() + ": " + path + " is longer than the " + bytes + " bytes written");
      }
    }
  }

  static String format(Map<String, Result> results) {
    StringBuilder s = new StringBuilder(String.format("%-6s %14s %10s %16s %12s %14s%n", "system", "noticed dead",
        "repair", "blocks repaired", "bytes", "repair MiB/s"));
    for (Result r : results.values()) {
      s.append(String.format("%-6s %12.1f s %8.1f s %16d %12s %14.1f%n", r.system(), r.detectMs() / 1e3,
          r.repairMs() / 1e3, r.blocksToRepair(), DataBenchmark.bytes(r.bytesToRepair()), r.repairMibPerSec()));
    }
    Result cairn = results.get("Cairn");
    Result hdfs = results.get("HDFS");
    if (cairn != null && hdfs != null) {
      s.append(String.format("%nCairn/HDFS repair throughput: %.2fx (repair time %.1f s against %.1f s)%n",
          cairn.repairMibPerSec() / hdfs.repairMibPerSec(), cairn.repairMs() / 1e3, hdfs.repairMs() / 1e3));
    }
    return s.toString();
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RepairBenchmark()).execute(args));
  }
}
