package io.cairn.namenode.block;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Copies ordered from a source DataNode and not yet reported by all their targets, with the time by
 * which they must be. They count towards a block's replicas (so it is not copied twice) and towards
 * the source's stream bound. Not thread-safe; the BlockManager guards it.
 */
public final class PendingReplications {
  private record Pending(String source, Set<String> targets, long deadlineMs) {}

  private final Map<Long, List<Pending>> byBlock = new HashMap<>();
  private final Map<String, Integer> streamsBySource = new HashMap<>();

  public void add(long blockId, String source, Set<String> targets, long deadlineMs) {
    byBlock.computeIfAbsent(blockId, k -> new ArrayList<>(1))
        .add(new Pending(source, new HashSet<>(targets), deadlineMs));
    streamsBySource.merge(source, 1, Integer::sum);
  }

  /** Targets of copies of the block still on their way. */
  public Set<String> targets(long blockId) {
    Set<String> out = new HashSet<>();
    for (Pending p : byBlock.getOrDefault(blockId, List.of())) {
      out.addAll(p.targets());
    }
    return out;
  }

  /** Copies running from {@code source}: counted against its stream bound. */
  public int streams(String source) {
    return streamsBySource.getOrDefault(source, 0);
  }

  /** A target reported the block: that copy arrived. */
  public void arrived(long blockId, String target) {
    List<Pending> list = byBlock.get(blockId);
    if (list == null) {
      return;
    }
    for (Pending p : new ArrayList<>(list)) {
      if (p.targets().remove(target) && p.targets().isEmpty()) {
        drop(blockId, p);
      }
    }
  }

  /** Forgets every copy of the block (it was deleted). */
  public void forget(long blockId) {
    for (Pending p : new ArrayList<>(byBlock.getOrDefault(blockId, List.of()))) {
      drop(blockId, p);
    }
  }

  /** Drops the copies past their deadline and returns their blocks, to be looked at again. */
  public Set<Long> expire(long nowMs) {
    return dropWhere((blockId, p) -> nowMs > p.deadlineMs());
  }

  /** Drops the copies from or to a node that died, and returns their blocks. */
  public Set<Long> nodeGone(String uuid) {
    return dropWhere((blockId, p) -> p.source().equals(uuid) || p.targets().contains(uuid));
  }

  public int size() {
    return byBlock.size();
  }

  private interface Match {
    boolean test(long blockId, Pending p);
  }

  private Set<Long> dropWhere(Match match) {
    Set<Long> out = new HashSet<>();
    for (Map.Entry<Long, List<Pending>> e : new ArrayList<>(byBlock.entrySet())) {
      for (Pending p : new ArrayList<>(e.getValue())) {
        if (match.test(e.getKey(), p)) {
          drop(e.getKey(), p);
          out.add(e.getKey());
        }
      }
    }
    return out;
  }

  private void drop(long blockId, Pending p) {
    List<Pending> list = byBlock.get(blockId);
    list.remove(p);
    if (list.isEmpty()) {
      byBlock.remove(blockId);
    }
    streamsBySource.computeIfPresent(p.source(), (k, n) -> n == 1 ? null : n - 1);
  }
}
