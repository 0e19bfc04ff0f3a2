package io.cairn.namenode.block;

import io.cairn.proto.Block;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Blocks that need more replicas, by how endangered they are (HDFS's UnderReplicatedBlocks levels),
 * each level in the order its blocks were queued. A block is in at most one level. Not thread-safe;
 * the BlockManager guards it.
 */
public final class ReplicationQueues {
  /** Levels, most endangered first. */
  public enum Priority {
    /** One usable replica left, or only replicas on nodes being drained. */
    HIGHEST,
    /** Fewer than a third of the replicas it should have. */
    VERY_UNDER_REPLICATED,
    /** Short of replicas, with more than one left. */
    UNDER_REPLICATED,
    /** No usable replica: nothing to copy from until one is reported again. */
    NO_SOURCE
  }

  /** A block to copy and the replication its file asks for. */
  public record Needed(Block block, int expectedReplicas) {}

  private final List<LinkedHashMap<Long, Needed>> levels = new ArrayList<>();
  private final Map<Long, Priority> levelOf = new HashMap<>();

  public ReplicationQueues() {
    for (int i = 0; i < Priority.values().length; i++) {
      levels.add(new LinkedHashMap<>());
    }
  }

  /**
   * The level of a block with {@code live} usable replicas, {@code draining} more on nodes being
   * decommissioned, out of {@code expected}. Requires {@code live < expected}.
   */
  public static Priority priority(int live, int draining, int expected) {
    if (live == 0) {
      return draining > 0 ? Priority.HIGHEST : Priority.NO_SOURCE;
    }
    if (live == 1) {
      return Priority.HIGHEST;
    }
    return live * 3 < expected ? Priority.VERY_UNDER_REPLICATED : Priority.UNDER_REPLICATED;
  }

  /** Queues the block at {@code priority}, moving it when it was queued at another level. */
  public void put(Needed needed, Priority priority) {
    long id = needed.block().getId();
    Priority old = levelOf.put(id, priority);
    if (old != null && old != priority) {
      levels.get(old.ordinal()).remove(id);
    }
    levels.get(priority.ordinal()).put(id, needed);
  }

  public void remove(long blockId) {
    Priority old = levelOf.remove(blockId);
    if (old != null) {
      levels.get(old.ordinal()).remove(blockId);
    }
  }

  public boolean contains(long blockId) {
    return levelOf.containsKey(blockId);
  }

  /** Up to {@code max} blocks that may be copied, most endangered first (never {@link Priority#NO_SOURCE}). */
  public List<Needed> mostEndangered(int max) {
    List<Needed> out = new ArrayList<>();
    for (Priority p : Priority.values()) {
      if (p == Priority.NO_SOURCE) {
        break;
      }
      for (Needed n : levels.get(p.ordinal()).values()) {
        if (out.size() == max) {
          return out;
        }
        out.add(n);
      }
    }
    return out;
  }

  public int size() {
    return levelOf.size();
  }

  public int size(Priority priority) {
    return levels.get(priority.ordinal()).size();
  }
}
