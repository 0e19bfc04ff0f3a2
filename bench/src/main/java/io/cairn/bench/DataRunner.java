package io.cairn.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One round of the data benchmark against one file system, from one client thread: writes one
 * large file and reads it back, then writes many small files and reads them back, each phase
 * timed on its own from the first create (or open) to the last close.
 */
final class DataRunner {
  static final double MIB = 1 << 20;

  /**
   * What a round writes.
   *
   * @param fileBytes size of the sequential file
   * @param smallFiles how many small files
   * @param smallFileBytes size of each small file
   * @param bufferBytes size of each write and read call
   * @param smallWriteSeconds when writing the small files stops if not all are written yet (0: never)
   */
  record Sizes(long fileBytes, int smallFiles, int smallFileBytes, int bufferBytes, int replication,
      long blockSizeBytes, int smallWriteSeconds) {}

  private final Workload fs;
  private final Sizes sizes;
  private final Supplier<Map<String, Long>> serverCpuNanos;
  private final Consumer<String> progress;
  private final byte[] data;
  /** What each small file holds: the first bytes of {@link #data}. */
  private final byte[] smallFile;
  private final byte[] readBuffer;
  private final LongSupplier nanoClock;
  private final Untimed beforePhase;
  private long blockBytesRead;
  private long keptBytesRead;

  /**
   * @param serverCpuNanos CPU time each server process has used so far (user + system), in
   *     nanoseconds, by name ({@link DataCluster#byProcess})
   */
  DataRunner(Workload fs, Sizes sizes, Supplier<Map<String, Long>> serverCpuNanos, Consumer<String> progress) {
    this(fs, sizes, serverCpuNanos, progress, System::nanoTime, DirtyPages::flush);
  }

  /**
   * @param nanoClock the clock that times the phases and bounds the small-file writes
   * @param beforePhase what runs before each phase, untimed
   */
  DataRunner(Workload fs, Sizes sizes, Supplier<Map<String, Long>> serverCpuNanos, Consumer<String> progress,
      LongSupplier nanoClock, Untimed beforePhase) {
    this.nanoClock = nanoClock;
    this.beforePhase = beforePhase;
    this.fs = fs;
    this.sizes = sizes;
    this.serverCpuNanos = serverCpuNanos;
    this.progress = progress;
    // Incompressible and the same for both systems.
    this.data = new byte[Math.max(sizes.bufferBytes(), sizes.smallFileBytes())];
    new Random(42).nextBytes(data);
    this.smallFile = Arrays.copyOf(data, sizes.smallFileBytes());
    this.readBuffer = new byte[data.length];
  }

  /**
   * Runs the four phases under {@code root} (which must not exist), then deletes it (untimed). The
   * small-file phases count the files written, fewer than asked when the time bound ends the writing.
   */
  Map<Phase, PhaseRunner.Measurement> run(String root) throws IOException {
    fs.mkdir(root);
    fs.mkdir(root + "/small");
    String big = root + "/big";
    double mib = sizes.fileBytes() / MIB;
    Map<Phase, PhaseRunner.Measurement> results = new EnumMap<>(Phase.class);
    results.put(Phase.WRITE, phase(Phase.WRITE, () -> {
      write(big, sizes.fileBytes());
      return mib;
    }));
    results.put(Phase.READ, phase(Phase.READ, () -> {
      blockBytesRead += read(big, sizes.fileBytes(), false);
      return mib;
    }));
    int[] written = new int[1];
    results.put(Phase.SMALL_WRITE, phase(Phase.SMALL_WRITE, () -> {
      long start = nanoClock.getAsLong();
      long limit = sizes.smallWriteSeconds() == 0 ? Long.MAX_VALUE : TimeUnit.SECONDS.toNanos(sizes.smallWriteSeconds());
      for (int k = 0; k < sizes.smallFiles() && nanoClock.getAsLong() - start < limit; k++) {
        fs.writeWhole(root + "/small/f" + k, smallFile, sizes.replication(), sizes.blockSizeBytes());
        written[0]++;
      }
      return written[0];
    }));
    // Untimed: whether DataNodes serve the small files (Cairn keeps files up to a bound in its namespace).
    boolean smallInBlocks = written[0] > 0 && !fs.blockReplicas(root + "/small/f0").isEmpty();
    results.put(Phase.SMALL_READ, phase(Phase.SMALL_READ, () -> {
      long bytes = 0;
      for (int k = 0; k < written[0]; k++) {
        bytes += read(root + "/small/f" + k, sizes.smallFileBytes(), true);
      }
      if (smallInBlocks) {
        blockBytesRead += bytes;
      } else {
        keptBytesRead += bytes;
      }
      return written[0];
    }));
    fs.deleteTree(root);
    return results;
  }

  /** Bytes this runner read back from files stored in blocks (which DataNodes served), so far. */
  long blockBytesRead() {
    return blockBytesRead;
  }

  /** Bytes this runner read back from small files kept in the namespace (no DataNode served them), so far. */
  long keptBytesRead() {
    return keptBytesRead;
  }

  /** Work done outside the timed phases. */
  @FunctionalInterface
  interface Untimed {
    void run() throws IOException;
  }

  @FunctionalInterface
  private interface Work {
    /** Does the phase's work; returns how many units (MiB or files) it did. */
    double run() throws IOException;
  }

  private PhaseRunner.Measurement phase(Phase phase, Work work) throws IOException {
    beforePhase.run();
    Map<String, Long> before = serverCpuNanos.get();
    double[] done = new double[1];
    PhaseRunner.Measurement m = PhaseRunner.measure(() -> done[0], () -> total(serverCpuNanos.get()), () -> {
      long start = nanoClock.getAsLong();
      done[0] = work.run();
      return nanoClock.getAsLong() - start;
    });
    double units = done[0];
    Map<String, Long> after = serverCpuNanos.get();
    String unit = phase == Phase.WRITE || phase == Phase.READ ? "MiB" : "file";
    String split = after.size() < 2 ? "" : after.entrySet().stream()
        .map(e -> String.format("%s %,.0f", e.getKey(), (e.getValue() - before.getOrDefault(e.getKey(), 0L)) / 1e3
            / units))
        .collect(Collectors.joining(", ", " (", ")"));
    progress.accept(String.format("  %-5s %-24s %,10.1f   CPU per %s: servers %,7.0f us%s, client %,7.0f us",
        fs.name(), phase.label(), m.opsPerSec(), unit, m.serverCpuMicrosPerOp(), split, m.clientCpuMicrosPerOp()));
    return m;
  }

  private static long total(Map<String, Long> nanos) {
    return nanos.values().stream().mapToLong(Long::longValue).sum();
  }

  private void write(String path, long bytes) throws IOException {
    try (OutputStream out = fs.create(path, sizes.replication(), sizes.blockSizeBytes())) {
      long left = bytes;
      while (left > 0) {
        int n = (int) Math.min(sizes.bufferBytes(), left);
        out.write(data, 0, n);
        left -= n;
      }
    }
  }

  /**
   * Reads {@code path} to its end and returns {@code bytes}; fails unless it held {@code bytes}
   * (and, with {@code check}, what was written).
   */
  private long read(String path, long bytes, boolean check) throws IOException {
    long total = 0;
    try (InputStream in = fs.open(path)) {
      int n;
      while ((n = in.read(readBuffer, 0, sizes.bufferBytes())) >= 0) {
        if (check && Arrays.mismatch(readBuffer, 0, n, data, (int) (total % sizes.bufferBytes()),
            (int) (total % sizes.bufferBytes()) + n) != -1) {
          throw new IOException(fs.name() + ": " + path + " does not hold what was written, near byte " + total);
        }
        total += n;
      }
    }
    if (total != bytes) {
      throw new IOException(fs.name() + ": " + path + " has " + total + " bytes, " + bytes + " were written");
    }
    return total;
  }
}
