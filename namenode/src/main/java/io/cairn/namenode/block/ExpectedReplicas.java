package io.cairn.namenode.block;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Replicas of just-closed blocks that their write pipeline's nodes have written but not reported yet:
 * a file closes on its first reported replica, and the pipeline's other nodes may report theirs a
 * little later. They count towards a block's replicas until reported or past their deadline, so a
 * block is not copied to a fourth node only to delete a surplus replica moments later (HDFS counts a
 * completed block's expected locations as pending reconstruction for the same reason). Not
 * thread-safe; the BlockManager guards it.
 */
public final class ExpectedReplicas {
  private record Expected(Set<String> nodes, long deadlineMs) {}

  private final Map<Long, Expected> byBlock = new HashMap<>();

  /** {@code nodes} should report the block by {@code deadlineMs}; nothing when empty. */
  public void expect(long blockId, Set<String> nodes, long deadlineMs) {
    if (!nodes.isEmpty()) {
      byBlock.put(blockId, new Expected(new HashSet<>(nodes), deadlineMs));
    }
  }

  /** The nodes still expected to report the block. */
  public Set<String> nodes(long blockId) {
    Expected e = byBlock.get(blockId);
    return e == null ? Set.of() : Set.copyOf(e.nodes());
  }

  /** {@code node} reported the block. */
  public void arrived(long blockId, String node) {
    Expected e = byBlock.get(blockId);
    if (e != null && e.nodes().remove(node) && e.nodes().isEmpty()) {
      byBlock.remove(blockId);
    }
  }

  public void forget(long blockId) {
    byBlock.remove(blockId);
  }

  /** Drops the expectations past their deadline and returns their blocks, to be looked at again. */
  public Set<Long> expire(long nowMs) {
    Set<Long> out = new HashSet<>();
    for (Map.Entry<Long, Expected> e : new ArrayList<>(byBlock.entrySet())) {
      if (nowMs > e.getValue().deadlineMs()) {
        byBlock.remove(e.getKey());
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** A node died: it will not report; returns the blocks that expected it. */
  public Set<Long> nodeGone(String node) {
    Set<Long> out = new HashSet<>();
    for (Map.Entry<Long, Expected> e : new ArrayList<>(byBlock.entrySet())) {
      if (e.getValue().nodes().remove(node)) {
        out.add(e.getKey());
        if (e.getValue().nodes().isEmpty()) {
          byBlock.remove(e.getKey());
        }
      }
    }
    return out;
  }
}
