package io.cairn.namenode.namesystem;

import io.cairn.namenode.block.ExpectedReplicas;
import io.cairn.namenode.block.PendingReplications;
import io.cairn.namenode.block.ReplicaCounts;
import io.cairn.namenode.block.ReplicaMap;
import io.cairn.namenode.block.ReplicaMap.Replica;
import io.cairn.namenode.block.ReplicationQueues;
import io.cairn.namenode.block.ReplicationQueues.Needed;
import io.cairn.namenode.dnmanager.DatanodeRegistry;
import io.cairn.namenode.dnmanager.DatanodeState;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.placement.ReplicaPlacement;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DeleteReplicasCommand;
import io.cairn.proto.Inode;
import io.cairn.proto.ReplicateCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the copies and deletions that keep every complete block at its file's replication: which
 * blocks are short (queued by how endangered, {@link ReplicationQueues}), which copies are on their
 * way ({@link PendingReplications}), which replicas are corrupt, and which are surplus. Events only
 * mark blocks to look at; {@link #tick} looks at a bounded number of them and orders copies, so no
 * pass scans the namespace. Commands go to the registry, for the nodes' next heartbeats.
 *
 * <p>Not thread-safe: the {@link BlockManager} calls it under its own lock, with the namesystem's read
 * lock held when the namespace is read.
 */
final class ReplicationWork {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationWork.class);
  /** Blocks looked up in the namespace per tick: bounds the time a tick holds the read lock. */
  static final int CHECKS_PER_TICK = 10_000;
  /** Copies ordered per tick per live node, as HDFS's work multiplier. */
  private static final int WORK_PER_NODE = 2;

  private final NamespaceView view;
  private final DatanodeRegistry registry;
  private final ReplicaMap replicas;
  private final BlockConfig config;
  private final BooleanSupplier safeMode;
  private final Random random = new Random();
  private final ReplicaPlacement placement = new ReplicaPlacement(random);
  private final ReplicationQueues queues = new ReplicationQueues();
  private final PendingReplications pending = new PendingReplications();
  private final ExpectedReplicas unreported = new ExpectedReplicas();
  /** Replicas marked corrupt: block id -> node uuids. They stay in the replica map until deleted. */
  private final Map<Long, Set<String>> corrupt = new HashMap<>();
  /** Blocks to look at on the next tick, in the order they were marked. */
  private final LinkedHashSet<Long> toCheck = new LinkedHashSet<>();

  ReplicationWork(NamespaceView view, DatanodeRegistry registry, ReplicaMap replicas, BlockConfig config,
      BooleanSupplier safeMode) {
    this.view = view;
    this.registry = registry;
    this.replicas = replicas;
    this.config = config;
    this.safeMode = safeMode;
  }

  /**
   * A block just closed whose pipeline nodes {@code nodes} have not reported it yet: they count as
   * replicas until they do or {@code deadlineMs} passes.
   */
  void expect(long blockId, Set<String> nodes, long deadlineMs) {
    unreported.expect(blockId, nodes, deadlineMs);
  }

  /** Nodes that will hold the block without a copy being ordered: copies on their way, pipeline nodes not yet reported. */
  private Set<String> coming(long blockId) {
    Set<String> nodes = pending.targets(blockId);
    nodes.addAll(unreported.nodes(blockId));
    return nodes;
  }

  /** Marks blocks to look at on a later tick (no namespace read now). */
  void checkLater(Collection<Long> blockIds) {
    toCheck.addAll(blockIds);
  }

  /**
   * Looks at one complete block of {@code file} now: queues it when short, else removes corrupt
   * and surplus replicas (not in safe mode). Requires the namesystem read lock.
   */
  void check(Block recorded, Inode file) {
    toCheck.remove(recorded.getId());
    int expected = file.getReplication();
    ReplicaCounts c = counts(recorded);
    int coming = coming(recorded.getId()).size();
    if (c.live() + coming < expected) {
      queues.put(new Needed(recorded, expected), ReplicationQueues.priority(c.live(), c.draining(), expected));
    } else {
      queues.remove(recorded.getId());
    }
    if (safeMode.getAsBoolean()) {
      return;
    }
    if (c.corrupt() > 0 && c.live() >= expected) {
      deleteCorrupt(recorded);
    }
    if (c.live() > expected && coming == 0) {
      deleteSurplus(recorded, c.live() - expected);
    }
  }

  /**
   * The replica on {@code uuid} is corrupt: it no longer counts, and goes once enough good ones exist.
   * A block still being written ({@code complete} false) is only marked: its writer's pipeline owns it.
   */
  void markCorrupt(Block recorded, Inode file, String uuid, boolean complete) {
    corrupt.computeIfAbsent(recorded.getId(), k -> new HashSet<>()).add(uuid);
    if (complete) {
      check(recorded, file);
    }
  }

  /** The node no longer holds the block (deleted, stale, forgotten). */
  void replicaGone(long blockId, String uuid) {
    Set<String> nodes = corrupt.get(blockId);
    if (nodes != null && nodes.remove(uuid) && nodes.isEmpty()) {
      corrupt.remove(blockId);
    }
  }

  /** A replica arrived on {@code uuid}: if it was a copy, it is no longer on its way. */
  void arrived(long blockId, String uuid, boolean finalizedAtStamp) {
    pending.arrived(blockId, uuid);
    if (finalizedAtStamp) {
      // Only a finished replica meets the expectation; one still being written leaves it to expire
      // and the block to be looked at again then.
      unreported.arrived(blockId, uuid);
    }
  }

  void blockDropped(long blockId) {
    queues.remove(blockId);
    pending.forget(blockId);
    unreported.forget(blockId);
    corrupt.remove(blockId);
    toCheck.remove(blockId);
  }

  /** A node died or re-registered: copies from or to it will not complete. */
  void nodeGone(String uuid, Set<Long> itsBlocks) {
    toCheck.addAll(pending.nodeGone(uuid));
    toCheck.addAll(unreported.nodeGone(uuid));
    toCheck.addAll(itsBlocks);
    for (long id : itsBlocks) {
      replicaGone(id, uuid);
    }
  }

  boolean isCorrupt(long blockId, String uuid) {
    Set<String> nodes = corrupt.get(blockId);
    return nodes != null && nodes.contains(uuid);
  }

  /**
   * One pass: expired copies and marked blocks are looked at again (at most {@link #CHECKS_PER_TICK}),
   * then, outside safe mode, copies are ordered for the most endangered blocks, at most
   * {@code cairn.namenode.replication.max-streams} from each source. Requires the namesystem read lock.
   */
  void tick() throws IOException {
    toCheck.addAll(pending.expire(registry.nowMs()));
    toCheck.addAll(unreported.expire(registry.nowMs()));
    Iterator<Long> it = toCheck.iterator();
    List<Long> batch = new ArrayList<>();
    while (it.hasNext() && batch.size() < CHECKS_PER_TICK) {
      batch.add(it.next());
      it.remove();
    }
    for (long id : batch) {
      checkStored(id);
    }
    if (!safeMode.getAsBoolean()) {
      scheduleCopies(WORK_PER_NODE * Math.max(1, registry.liveNodes().size()));
    }
  }

  private void checkStored(long blockId) throws IOException {
    Inode file = view.fileOfBlock(blockId);
    Block recorded = file == null ? null : BlockManager.find(file, blockId);
    if (recorded == null || BlockManager.underConstruction(file, blockId)) {
      queues.remove(blockId);
      return;
    }
    check(recorded, file);
  }

  private void scheduleCopies(int maxBlocks) {
    for (Needed n : queues.mostEndangered(maxBlocks)) {
      Block block = n.block();
      List<String> sources = sources(block);
      Set<String> coming = coming(block.getId());
      ReplicaCounts c = counts(block);
      int wanted = n.expectedReplicas() - c.live() - coming.size();
      if (wanted <= 0) {
        queues.remove(block.getId());
        continue;
      }
      if (sources.isEmpty()) {
        continue; // every source is busy: wait for a stream to free up
      }
      Set<String> exclude = new HashSet<>(coming);
      replicas.replicas(block.getId()).forEach(r -> exclude.add(r.nodeUuid()));
      List<DatanodeInfo> targets = placement.choose(wanted, "", exclude, candidates(), block.getLengthBytes());
      if (targets.isEmpty()) {
        if (c.corrupt() > 0 && c.live() > 0) {
          // The corrupt copies hold the only nodes left: free them, they get a good copy next time.
          deleteCorrupt(block);
        }
        continue;
      }
      String source = sources.get(random.nextInt(sources.size()));
      registry.queue(source, DatanodeCommand.newBuilder()
          .setReplicate(ReplicateCommand.newBuilder().setBlock(block).addAllTargets(targets)).build());
      Set<String> targetIds = new HashSet<>();
      targets.forEach(t -> targetIds.add(t.getUuid()));
      pending.add(block.getId(), source, targetIds, registry.nowMs() + config.replicationTimeoutMs());
      if (c.live() + coming.size() + targets.size() >= n.expectedReplicas()) {
        queues.remove(block.getId());
      }
      LOG.debug("replicate blk={} from={} to={}", block.getId(), source, targetIds);
    }
  }

  /** Nodes to copy from with a stream free: drained nodes first (they are idle), as HDFS prefers. */
  private List<String> sources(Block block) {
    List<String> draining = new ArrayList<>();
    List<String> live = new ArrayList<>();
    for (Replica r : replicas.replicas(block.getId())) {
      if (!usable(block, r) || pending.streams(r.nodeUuid()) >= config.replicationMaxStreams()) {
        continue;
      }
      DatanodeState node = registry.state(r.nodeUuid());
      if (node != null && registry.isLive(r.nodeUuid())) {
        (node.inService() ? live : draining).add(r.nodeUuid());
      }
    }
    return draining.isEmpty() ? live : draining;
  }

  ReplicaCounts counts(Block recorded) {
    int live = 0;
    int draining = 0;
    int bad = 0;
    for (Replica r : replicas.replicas(recorded.getId())) {
      if (isCorrupt(recorded.getId(), r.nodeUuid())) {
        bad++;
      } else if (usable(recorded, r) && registry.isLive(r.nodeUuid())) {
        if (registry.isInService(r.nodeUuid())) {
          live++;
        } else {
          draining++;
        }
      }
    }
    return new ReplicaCounts(live, draining, bad);
  }

  private boolean usable(Block recorded, Replica r) {
    return r.finalized() && r.genstamp() == recorded.getGenstamp() && r.lengthBytes() == recorded.getLengthBytes()
        && !isCorrupt(recorded.getId(), r.nodeUuid());
  }

  private void deleteCorrupt(Block block) {
    Set<String> nodes = corrupt.remove(block.getId());
    if (nodes == null) {
      return;
    }
    for (String uuid : nodes) {
      replicas.remove(block.getId(), uuid);
      queueDelete(uuid, block);
      LOG.info("deleting corrupt replica blk={} node={}", block.getId(), uuid);
    }
  }

  /** Drops {@code count} live copies from the nodes with the least free space; never the last one. */
  private void deleteSurplus(Block block, int count) {
    List<Replica> live = new ArrayList<>();
    for (Replica r : replicas.replicas(block.getId())) {
      if (usable(block, r) && registry.isInService(r.nodeUuid())) {
        live.add(r);
      }
    }
    live.sort(Comparator.comparingLong(r -> remaining(r.nodeUuid())));
    for (Replica r : live.subList(0, Math.min(count, live.size() - 1))) {
      replicas.remove(block.getId(), r.nodeUuid());
      queueDelete(r.nodeUuid(), block);
    }
  }

  private long remaining(String uuid) {
    DatanodeState n = registry.state(uuid);
    return n == null ? 0 : n.storage().getRemainingBytes();
  }

  Collection<ReplicaPlacement.Candidate> candidates() {
    List<ReplicaPlacement.Candidate> out = new ArrayList<>();
    for (DatanodeState n : registry.inServiceNodes()) {
      out.add(new ReplicaPlacement.Candidate(n.info(), n.storage()));
    }
    return out;
  }

  void queueDelete(String uuid, Block block) {
    registry.queue(uuid, DatanodeCommand.newBuilder()
        .setDelete(DeleteReplicasCommand.newBuilder().addBlocks(block)).build());
  }

  ReplicaPlacement placement() {
    return placement;
  }

  ReplicationQueues queues() {
    return queues;
  }

  /** Blocks with at least one replica marked corrupt. */
  int corruptReplicaBlocks() {
    return corrupt.size();
  }

  int pendingCount() {
    return pending.size();
  }
}
