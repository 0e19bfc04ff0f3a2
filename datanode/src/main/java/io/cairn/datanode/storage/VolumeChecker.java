package io.cairn.datanode.storage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Volume#check} with a time bound. A disk that hangs (a dying drive, a lost network
 * mount) blocks its check as it blocks every write; without the bound such a volume would stay in
 * service for good, taking new replicas that never finish. A check that has not ended within the
 * bound counts as failed (HDFS: {@code dfs.datanode.disk.check.timeout}, also 10 minutes by default).
 * Each check runs on a virtual thread of its own; while one runs for a volume, callers asking about
 * that volume wait for the same check instead of starting another, except that a check asked for
 * after an error waits for one that started later than it was asked (see {@link #check}). Thread-safe.
 */
final class VolumeChecker {
  static final long DEFAULT_TIMEOUT_MS = 600_000;
  private static final Logger LOG = LoggerFactory.getLogger(VolumeChecker.class);
  private static final Executor VERDICTS = task -> Thread.ofVirtual().name("volume-verdict").start(task);

  private record Running(long startedNanos, CompletableFuture<Optional<String>> verdict) {}

  private final long timeoutMs;
  /** The latest check of each volume; a new one starts when it is done. @GuardedBy("this") */
  private final Map<Volume, Running> latest = new HashMap<>();

  VolumeChecker(long timeoutMs) {
    this.timeoutMs = timeoutMs;
  }

  /**
   * The problem found with {@code volume} by a check that started after this call, or empty when it
   * is usable. A check already running when an error is seen may have passed the part the error
   * concerns, so its "usable" is not taken: it is waited for (a problem it finds is), then a new one.
   */
  Optional<String> check(Volume volume) {
    long asked = System.nanoTime();
    long bound = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    Running check = runningCheck(volume);
    if (check.startedNanos() - asked < 0) {
      Optional<String> earlier = verdict(check.verdict(), bound);
      if (earlier.isPresent() || Thread.currentThread().isInterrupted()) {
        return earlier;
      }
      check = runningCheck(volume);
    }
    return verdict(check.verdict(), bound);
  }

  /**
   * Checks the volumes of {@code owners} side by side and tells {@code onProblem} of each that fails,
   * as soon as its verdict is in; returns once every volume has one. So a hung volume holds back no
   * other's verdict, and the whole pass takes at most one bound.
   */
  <T> void checkAll(List<T> owners, Function<T, Volume> volumeOf, BiConsumer<T, String> onProblem) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    // Each verdict is told as its check returns, on a thread of its own: taking a volume out of
    // service may wait for the volume's lock, and neither the next check's start nor the others
    // waiting on the same check may wait with it. The future here completes once it was told.
    List<CompletableFuture<Optional<String>>> told = new ArrayList<>(owners.size());
    for (T owner : owners) {
      told.add(runningCheck(volumeOf.apply(owner)).verdict().thenApplyAsync(problem -> {
        problem.ifPresent(p -> tell(onProblem, owner, volumeOf.apply(owner), p));
        return problem;
      }, VERDICTS));
    }
    for (int i = 0; i < owners.size(); i++) {
      CompletableFuture<Optional<String>> check = told.get(i);
      Optional<String> problem = verdict(check, Math.max(0, deadline - System.nanoTime()));
      // Left to tell here: the bound's verdict, or that of a check that threw.
      if (problem.isPresent() && (!check.isDone() || check.isCompletedExceptionally())) {
        tell(onProblem, owners.get(i), volumeOf.apply(owners.get(i)), problem.get());
      }
    }
  }

  private static <T> void tell(BiConsumer<T, String> onProblem, T owner, Volume volume, String problem) {
    try {
      onProblem.accept(owner, problem);
    } catch (RuntimeException e) {
      LOG.error("taking volume {} out of service ({}) failed", volume.layout().root(), problem, e);
    }
  }

  private Optional<String> verdict(CompletableFuture<Optional<String>> check, long waitNanos) {
    try {
      return check.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return Optional.of("its check did not finish within " + timeoutMs
          + " ms (cairn.datanode.volume-check.timeout-ms): the disk may hang");
    } catch (ExecutionException e) {
      return Optional.of("its check failed: " + e.getCause());
    } catch (InterruptedException e) {
      // The DataNode is stopping: no verdict, rather than failing a volume that may be fine.
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** The check of {@code volume} under way, or a new one when none is. */
  private synchronized Running runningCheck(Volume volume) {
    Running check = latest.get(volume);
    if (check == null || check.verdict().isDone()) {
      CompletableFuture<Optional<String>> started = new CompletableFuture<>();
      check = new Running(System.nanoTime(), started);
      Thread.ofVirtual().name("volume-check " + volume.layout().root()).start(() -> {
        try {
          started.complete(volume.check());
        } catch (RuntimeException | Error e) {
          started.completeExceptionally(e);
        }
      });
      latest.put(volume, check);
    }
    return check;
  }
}
