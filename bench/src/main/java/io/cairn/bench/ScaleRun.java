package io.cairn.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Creates many empty files in a fresh NameNode with a small heap, and reports how fast that went
 * and how much heap the NameNode used: peak and final "used" (garbage included) sampled once a
 * second, and from its GC log the occupancy right after collections (what it really keeps).
 */
final class ScaleRun {
  private static final long SAMPLE_MS = 1000;
  private static final long PROGRESS_MS = 15_000;

  private final NameNodeProcess nameNode;
  private final PrintStream log;

  ScaleRun(NameNodeProcess nameNode, PrintStream log) {
    this.nameNode = nameNode;
    this.log = log;
  }

  /**
   * @param ok whether every file was created; when not, {@code failure} says why
   * @param filesCreated files created (and closed) before the end or the failure
   */
  record Result(String system, boolean ok, String failure, long files, int dirs, int threads, long filesCreated,
      double seconds, long peakUsedBytes, long finalUsedBytes, long heapMaxBytes, GcLog.Summary gc, long dataBytes,
      long peakRssBytes) {
    double filesPerSec() {
      return filesCreated / seconds;
    }
  }

  Result run(long files, int dirs, int threads, Path dataDir) throws IOException {
    AtomicLong created = new AtomicLong();
    AtomicLong peak = new AtomicLong();
    AtomicLong max = new AtomicLong();
    String failure = null;
    long start = System.nanoTime();
    double seconds;
    try (Workload fs = nameNode.openWorkload()) {
      fs.mkdir("/scale");
      for (int d = 0; d < dirs; d++) {
        fs.mkdir("/scale/d" + d);
      }
      start = System.nanoTime();
      AtomicBoolean stop = new AtomicBoolean();
      Thread sampler = Thread.ofPlatform().daemon().name("heap-sampler")
          .start(() -> sample(created, peak, max, stop));
      try {
        createAll(fs, files, dirs, threads, created);
      } catch (IOException e) {
        failure = e.getMessage();
      } finally {
        seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        sampler.interrupt();
        joinQuietly(sampler);
      }
      if (failure == null) {
        verify(fs, files, dirs);
      }
    }
    long finalUsed = 0;
    if (nameNode.jvm.isAlive()) {
      NameNodeProcess.HeapUse h = nameNode.heap();
      finalUsed = h.usedBytes();
      max.set(h.maxBytes());
    } else if (failure != null) {
      failure = "the NameNode process exited (" + failure + ")";
    }
    return new Result(nameNode.system(), failure == null, failure, files, dirs, threads, created.get(), seconds,
        peak.get(), finalUsed, max.get(), nameNode.gcSummary(), sizeOf(dataDir), nameNode.jvm.peakRssBytes());
  }

  private void createAll(Workload fs, long files, int dirs, int threads, AtomicLong created) throws IOException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (long k = thread; k < files; k += threads) {
            fs.createAndClose("/scale/d" + (k % dirs) + "/f" + k);
            created.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException(String.valueOf(e.getCause()), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Spot checks that the files are there: the first directory's listing and one file's status. */
  private static void verify(Workload fs, long files, int dirs) throws IOException {
    long expected = (files + dirs - 1) / dirs;
    int n = fs.list("/scale/d0");
    if (n != expected) {
      throw new IOException("/scale/d0 lists " + n + " entries, expected " + expected);
    }
    fs.stat("/scale/d" + ((files - 1) % dirs) + "/f" + (files - 1));
  }

  private static void joinQuietly(Thread t) {
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void sample(AtomicLong created, AtomicLong peak, AtomicLong max, AtomicBoolean stop) {
    long lastProgress = System.currentTimeMillis();
    long lastCount = 0;
    while (!stop.get()) {
      try {
        Thread.sleep(SAMPLE_MS);
        NameNodeProcess.HeapUse h = nameNode.heap();
        peak.accumulateAndGet(h.usedBytes(), Math::max);
        max.set(h.maxBytes());
        long now = System.currentTimeMillis();
        if (now - lastProgress >= PROGRESS_MS) {
          long c = created.get();
          log.printf("  %s scale: %,d files, %,.0f files/s lately, heap used %d MiB of %d MiB%n", nameNode.system(),
              c, (c - lastCount) * 1000.0 / (now - lastProgress), h.usedBytes() >> 20, h.maxBytes() >> 20);
          lastProgress = now;
          lastCount = c;
        }
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // the NameNode is too busy or gone; the run itself reports failures
      }
    }
  }

  /** Bytes of the files under {@code dir}, each hard link counted once (checkpoints link the store's files). */
  private static long sizeOf(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return 0;
    }
    Set<Object> seen = new HashSet<>();
    long total = 0;
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.toList()) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        if (a.isRegularFile() && (a.fileKey() == null || seen.add(a.fileKey()))) {
          total += a.size();
        }
      }
    }
    return total;
  }

  static String format(Result r) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("%s: %,d empty files in %,d directories, %d threads, NameNode heap capped at %d MiB%n",
        r.system(), r.files(), r.dirs(), r.threads(), r.heapMaxBytes() >> 20));
    if (!r.ok()) {
      out.append(String.format("  FAILED after %,d files (%.0f s): %s%n", r.filesCreated(), r.seconds(), r.failure()));
    }
    out.append(String.format("  created %,d files in %.1f s: %,.0f files/s (create+close)%n", r.filesCreated(),
        r.seconds(), r.filesPerSec()));
    out.append(String.format("  heap used (sampled each second, garbage included): peak %d MiB, at the end %d MiB%n",
        r.peakUsedBytes() >> 20, r.finalUsedBytes() >> 20));
    out.append(String.format("  heap after GC (GC log, %d collections): max %d MiB, last %d MiB%n",
        r.gc().collections(), r.gc().maxAfterGcMiB(), r.gc().lastAfterGcMiB()));
    out.append(String.format("  NameNode process peak resident memory (heap and off-heap): %d MiB%n",
        r.peakRssBytes() >> 20));
    out.append(String.format("  NameNode data on disk: %d MiB%n", r.dataBytes() >> 20));
    return out.toString();
  }
}
