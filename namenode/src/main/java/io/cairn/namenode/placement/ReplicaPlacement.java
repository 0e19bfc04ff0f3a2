package io.cairn.namenode.placement;

import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.StorageReport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Chooses DataNodes for new replicas: the writer's own node first when the writer runs on a
 * DataNode, then distinct nodes with the most free space and the fewest active transfers, with a
 * random pick among near-equals so that concurrent writers spread out. Pure; not thread-safe
 * (one instance per caller, or guard it).
 */
public final class ReplicaPlacement {
  /** Nodes whose free space is within this share of the best one count as equally good. */
  private static final double NEAR_EQUAL_SPACE = 0.10;

  private final Random random;

  public ReplicaPlacement(Random random) {
    this.random = random;
  }

  /** A candidate: a node, its last storage report. */
  public record Candidate(DatanodeInfo node, StorageReport storage) {}

  /**
   * Up to {@code count} distinct nodes, in pipeline order.
   *
   * @param writerHost the writer's host ("" when unknown)
   * @param exclude uuids that must not be chosen (already holding the block, or failed)
   * @param minFreeBytes nodes with less free space are skipped
   */
  public List<DatanodeInfo> choose(int count, String writerHost, Set<String> exclude,
      Collection<Candidate> candidates, long minFreeBytes) {
    List<Candidate> pool = new ArrayList<>();
    for (Candidate c : candidates) {
      if (!exclude.contains(c.node().getUuid()) && c.storage().getRemainingBytes() >= minFreeBytes) {
        pool.add(c);
      }
    }
    List<DatanodeInfo> chosen = new ArrayList<>();
    if (!writerHost.isEmpty()) {
      // Several DataNodes may share the writer's host (a one-machine cluster): pick one at random.
      List<Candidate> local = pool.stream().filter(c -> c.node().getHost().equals(writerHost)).toList();
      if (!local.isEmpty()) {
        Candidate pick = local.get(random.nextInt(local.size()));
        chosen.add(pick.node());
        pool.remove(pick);
      }
    }
    pool.sort(Comparator.comparingLong((Candidate c) -> -c.storage().getRemainingBytes())
        .thenComparingInt(c -> c.storage().getActiveTransfers()));
    while (chosen.size() < count && !pool.isEmpty()) {
      long best = pool.getFirst().storage().getRemainingBytes();
      int nearEqual = 1;
      while (nearEqual < pool.size()
          && pool.get(nearEqual).storage().getRemainingBytes() >= best * (1 - NEAR_EQUAL_SPACE)) {
        nearEqual++;
      }
      Candidate pick = pool.remove(random.nextInt(nearEqual));
      chosen.add(pick.node());
    }
    return chosen;
  }
}
