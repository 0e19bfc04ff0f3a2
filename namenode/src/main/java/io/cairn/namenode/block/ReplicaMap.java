package io.cairn.namenode.block;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the replicas of each block are, as the DataNodes last reported them. Never persisted:
 * rebuilt from block reports after a restart (as in HDFS). Not thread-safe; the BlockManager
 * guards it.
 */
public final class ReplicaMap {
  /**
   * One reported replica; {@code pageCached}: its node kept the bytes in its page cache when it wrote
   * them (a hint for the order of reads).
   */
  public record Replica(String nodeUuid, long genstamp, long lengthBytes, boolean finalized, boolean pageCached) {}

  private final Map<Long, Map<String, Replica>> byBlock = new HashMap<>();
  private final Map<String, Set<Long>> byNode = new HashMap<>();

  public void add(long blockId, Replica replica) {
    byBlock.computeIfAbsent(blockId, k -> new HashMap<>(4)).put(replica.nodeUuid(), replica);
    byNode.computeIfAbsent(replica.nodeUuid(), k -> new HashSet<>()).add(blockId);
  }

  public void remove(long blockId, String nodeUuid) {
    Map<String, Replica> replicas = byBlock.get(blockId);
    if (replicas != null) {
      replicas.remove(nodeUuid);
      if (replicas.isEmpty()) {
        byBlock.remove(blockId);
      }
    }
    Set<Long> blocks = byNode.get(nodeUuid);
    if (blocks != null) {
      blocks.remove(blockId);
    }
  }

  /** Forgets every replica of the block; returns the nodes that held one. */
  public List<String> removeBlock(long blockId) {
    Map<String, Replica> replicas = byBlock.remove(blockId);
    if (replicas == null) {
      return List.of();
    }
    for (String node : replicas.keySet()) {
      Set<Long> blocks = byNode.get(node);
      if (blocks != null) {
        blocks.remove(blockId);
      }
    }
    return new ArrayList<>(replicas.keySet());
  }

  /** Forgets everything a node held (before its full block report replaces it); returns the block ids. */
  public Set<Long> removeNode(String nodeUuid) {
    Set<Long> blocks = byNode.remove(nodeUuid);
    if (blocks == null) {
      return Set.of();
    }
    for (long id : blocks) {
      Map<String, Replica> replicas = byBlock.get(id);
      if (replicas != null) {
        replicas.remove(nodeUuid);
        if (replicas.isEmpty()) {
          byBlock.remove(id);
        }
      }
    }
    return blocks;
  }

  /** Forgets the node's replicas of every block not in {@code keep}; returns how many it forgot. */
  public int removeNodeExcept(String nodeUuid, Set<Long> keep) {
    Set<Long> blocks = byNode.get(nodeUuid);
    if (blocks == null) {
      return 0;
    }
    List<Long> gone = new ArrayList<>();
    for (long id : blocks) {
      if (!keep.contains(id)) {
        gone.add(id);
      }
    }
    gone.forEach(id -> remove(id, nodeUuid));
    return gone.size();
  }

  public List<Replica> replicas(long blockId) {
    Map<String, Replica> replicas = byBlock.get(blockId);
    return replicas == null ? List.of() : new ArrayList<>(replicas.values());
  }

  /** Visits every block with a replica reported, with its replicas. */
  public void forEachBlock(java.util.function.BiConsumer<Long, java.util.Collection<Replica>> visitor) {
    byBlock.forEach((id, replicas) -> visitor.accept(id, replicas.values()));
  }

  /** The ids of the blocks the node holds a replica of (a copy). */
  public List<Long> blocksOf(String nodeUuid) {
    Set<Long> blocks = byNode.get(nodeUuid);
    return blocks == null ? List.of() : new ArrayList<>(blocks);
  }

  /** The ids of every block with a replica reported (a copy). */
  public List<Long> blockIds() {
    return new ArrayList<>(byBlock.keySet());
  }

  public int blockCount() {
    return byBlock.size();
  }

  public int replicaCount(String nodeUuid) {
    Set<Long> blocks = byNode.get(nodeUuid);
    return blocks == null ? 0 : blocks.size();
  }
}
