package io.cairn.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Runs the six metadata phases against one workload with a given number of threads. Each thread
 * works in a subtree of its own ({@code ROOT/wN}): it makes directories in {@code dirs/}, creates files in
 * {@code files/}, stats them, lists {@code list/} (a directory of {@link #LISTING_ENTRIES} files
 * made beforehand), renames the files into {@code renamed/} and deletes them there. A phase's time
 * runs from the moment all its threads are released until the last one finishes.
 */
final class PhaseRunner {
  static final int LISTING_ENTRIES = 100;

  private final Workload fs;
  private final int threads;
  private final LongSupplier serverCpuNanos;
  private final Consumer<String> progress;

  /**
   * @param serverCpuNanos CPU time the NameNode's process has used so far (user + system), in nanoseconds
   */
  PhaseRunner(Workload fs, int threads, LongSupplier serverCpuNanos, Consumer<String> progress) {
    this.fs = fs;
    this.threads = threads;
    this.serverCpuNanos = serverCpuNanos;
    this.progress = progress;
  }

  /**
   * One phase's outcome.
   *
   * @param serverCpuMicrosPerOp CPU the NameNode's process spent per operation
   * @param clientCpuMicrosPerOp CPU the benchmark's own process (the client) spent per operation
   */
  record Measurement(double opsPerSec, double serverCpuMicrosPerOp, double clientCpuMicrosPerOp) {}

  /** CPU time this (the client's) process has used so far, in nanoseconds. */
  static long ownCpuNanos() {
    return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }

  /** Work that is timed, and says how long it took. */
  @FunctionalInterface
  interface TimedWork {
    /** Does the work; returns the nanoseconds it took (the part that counts). */
    long run() throws IOException;
  }

  /**
   * Runs {@code work} and measures its rate and the CPU time the servers and this (the client's)
   * process spent per operation meanwhile.
   *
   * @param ops how many operations the work did, asked once it is done
   * @param serverCpuNanos CPU time the server processes have used so far, in nanoseconds
   */
  static Measurement measure(DoubleSupplier ops, LongSupplier serverCpuNanos, TimedWork work) throws IOException {
    long server0 = serverCpuNanos.getAsLong();
    long client0 = ownCpuNanos();
    long nanos = work.run();
    long serverCpu = serverCpuNanos.getAsLong() - server0;
    long clientCpu = ownCpuNanos() - client0;
    double n = ops.getAsDouble();
    return new Measurement(n / (nanos / 1e9), serverCpu / 1e3 / n, clientCpu / 1e3 / n);
  }

  @FunctionalInterface
  private interface Op {
    /** Operation {@code k} of thread {@code thread}, whose subtree is {@code base}. */
    void run(String base, int thread, int k) throws IOException;
  }

  /** Runs all phases under {@code root} (which must not exist) with {@code opsPerPhase} operations each. */
  Map<Phase, Measurement> run(String root, int opsPerPhase) throws IOException {
    setUp(root);
    Map<Phase, Measurement> results = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.METADATA) {
      Measurement m = measure(() -> opsPerPhase, serverCpuNanos, () -> timed(root, opsPerPhase, op(phase)));
      results.put(phase, m);
      progress.accept(String.format("  %-5s %2d threads  %-13s %,10.0f ops/s   CPU per op: NameNode %,5.0f us, "
          + "client %,5.0f us", fs.name(), threads, phase.label(), m.opsPerSec(), m.serverCpuMicrosPerOp(),
          m.clientCpuMicrosPerOp()));
    }
    return results;
  }

  private void setUp(String root) throws IOException {
    fs.mkdir(root);
    timed(root, threads, (base, t, k) -> {
      fs.mkdir(base);
      for (String sub : List.of("dirs", "files", "renamed", "list")) {
        fs.mkdir(base + "/" + sub);
      }
    });
    timed(root, threads * LISTING_ENTRIES, (base, t, k) -> fs.createAndClose(base + "/list/e" + k));
  }

  private Op op(Phase phase) {
    return switch (phase) {
      case MKDIRS -> (base, t, k) -> fs.mkdir(base + "/dirs/d" + k);
      case CREATE -> (base, t, k) -> fs.createAndClose(base + "/files/f" + k);
      case GET_FILE_INFO -> (base, t, k) -> fs.stat(base + "/files/f" + k);
      case LISTING -> (base, t, k) -> {
        int n = fs.list(base + "/list");
        if (n != LISTING_ENTRIES) {
          throw new IOException("listing " + base + "/list gave " + n + " entries, expected " + LISTING_ENTRIES);
        }
      };
      case RENAME -> (base, t, k) -> fs.rename(base + "/files/f" + k, base + "/renamed/f" + k);
      case DELETE -> (base, t, k) -> fs.delete(base + "/renamed/f" + k);
      case WRITE, READ, SMALL_WRITE, SMALL_READ -> throw new IllegalArgumentException(phase + " is DataRunner's");
    };
  }

  /** How many of {@code totalOps} thread {@code t} does: an even share, the remainder to the first threads. */
  static int share(int totalOps, int threads, int t) {
    return totalOps / threads + (t < totalOps % threads ? 1 : 0);
  }

  /** Runs {@code totalOps} operations spread over the threads; returns the wall time in nanoseconds. */
  private long timed(String root, int totalOps, Op op) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        int n = share(totalOps, threads, t);
        String base = root + "/w" + t;
        done.add(pool.submit(() -> {
          ready.countDown();
          go.await();
          for (int k = 0; k < n; k++) {
            op.run(base, thread, k);
          }
          return null;
        }));
      }
      ready.await();
      long start = System.nanoTime();
      go.countDown();
      for (Future<Void> f : done) {
        f.get();
      }
      return System.nanoTime() - start;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof IOException io ? new IOException(fs.name() + ": " + io.getMessage(), io)
          : new IOException(fs.name() + ": " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
