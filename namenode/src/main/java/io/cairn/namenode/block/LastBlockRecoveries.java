package io.cairn.namenode.block;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The lease recoveries waiting for DataNodes to report a file's last block: which nodes were asked,
 * which have answered and with what length. Pure bookkeeping (the caller asks the nodes and supplies
 * time and liveness). Not thread-safe; the BlockManager guards it.
 */
public final class LastBlockRecoveries {
  /**
   * What a recovery learned: not yet enough ({@link #WAITING}), that no replica exists
   * ({@link #NO_REPLICA}), or the shortest length the replicas hold and the nodes holding them.
   */
  public record Outcome(boolean ready, long lengthBytes, List<String> holders) {
    public static final Outcome WAITING = new Outcome(false, -1, List.of());
    public static final Outcome NO_REPLICA = new Outcome(true, -1, List.of());
  }

  private static final class Recovery {
    final Set<String> asked;
    final Set<String> waiting;
    /** Node uuid -> the replica's length, for the nodes that reported one at the block's stamp. */
    final Map<String, Long> lengths = new HashMap<>();
    final long deadlineMs;

    Recovery(Set<String> asked, long deadlineMs) {
      this.asked = Set.copyOf(asked);
      this.waiting = new HashSet<>(asked);
      this.deadlineMs = deadlineMs;
    }
  }

  private final Map<Long, Recovery> byBlock = new HashMap<>();

  public boolean inProgress(long blockId) {
    return byBlock.containsKey(blockId);
  }

  /** Starts waiting for {@code asked} (not empty) to report block {@code blockId}, until {@code deadlineMs}. */
  public void start(long blockId, Set<String> asked, long deadlineMs) {
    byBlock.put(blockId, new Recovery(asked, deadlineMs));
  }

  /** A node reported the block: {@code lengthBytes} < 0 when it has no replica at the block's stamp. */
  public void answer(String uuid, long blockId, long lengthBytes) {
    Recovery rec = byBlock.get(blockId);
    if (rec != null && rec.waiting.remove(uuid) && lengthBytes >= 0) {
      rec.lengths.put(uuid, lengthBytes);
    }
  }

  /**
   * The outcome once every live node asked has answered or the deadline passed, which ends the
   * recovery; {@link Outcome#WAITING} before, or when no replica was reported but a node asked is
   * dead or silent (it may hold one), which ends it too, so the next call to {@link #start} asks
   * again.
   */
  public Outcome outcome(long blockId, Predicate<String> live, long nowMs) {
    Recovery rec = byBlock.get(blockId);
    if (rec == null) {
      return Outcome.WAITING;
    }
    rec.waiting.removeIf(live.negate());
    if (!rec.waiting.isEmpty() && nowMs <= rec.deadlineMs) {
      return Outcome.WAITING;
    }
    byBlock.remove(blockId);
    if (!rec.lengths.isEmpty()) {
      long shortest = rec.lengths.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      return new Outcome(true, shortest, List.copyOf(rec.lengths.keySet()));
    }
    boolean allAnswered = rec.waiting.isEmpty() && rec.asked.stream().allMatch(live);
    return allAnswered ? Outcome.NO_REPLICA : Outcome.WAITING;
  }

  /** The block left its file: stop waiting for it. */
  public void forget(long blockId) {
    byBlock.remove(blockId);
  }
}
