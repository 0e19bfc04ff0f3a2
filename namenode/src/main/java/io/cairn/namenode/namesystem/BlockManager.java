package io.cairn.namenode.namesystem;

import io.cairn.namenode.block.FullReportParts;
import io.cairn.namenode.block.LastBlockRecoveries;
import io.cairn.namenode.block.ReplicaMap;
import io.cairn.namenode.block.ReplicaMap.Replica;
import io.cairn.namenode.dnmanager.DatanodeRegistry;
import io.cairn.namenode.dnmanager.DatanodeState;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.placement.ReplicaPlacement;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DeleteReplicasCommand;
import io.cairn.proto.Inode;
import io.cairn.proto.RecoverReplicaCommand;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.ReportReplicaCommand;
import io.cairn.proto.ReplicateCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where replicas are and what DataNodes must do about them: takes block reports, answers with
 * deletions of replicas no file owns (or with a stale generation stamp), tracks the pipelines of
 * blocks being written, and schedules copies or deletions so every block has its file's
 * replication. Callers that read the namespace hold the namesystem's read lock. Thread-safe.
 */
public final class BlockManager {
  private static final Logger LOG = LoggerFactory.getLogger(BlockManager.class);

  private final NamespaceView view;
  private final DatanodeRegistry registry;
  private final BlockConfig config;
  private final ReplicaPlacement placement = new ReplicaPlacement(new Random());
  private final ReplicaMap replicas = new ReplicaMap();
  private final FullReportParts reportParts = new FullReportParts();
  /** Blocks being written: the pipeline chosen for them, until replicas are reported. */
  private final Map<Long, List<DatanodeInfo>> pipelines = new HashMap<>();
  /** Blocks being written: the length a writer has made visible with hflush (not persisted). */
  private final Map<Long, Long> visibleLengths = new HashMap<>();
  /** Copies asked for and not yet reported: block id -> (target uuids, deadline). */
  private final Map<Long, PendingCopy> pendingCopies = new HashMap<>();

  private final LastBlockRecoveries recoveries = new LastBlockRecoveries();

  private record PendingCopy(Set<String> targets, long deadlineMs) {}

  public BlockManager(NamespaceView view, DatanodeRegistry registry, BlockConfig config) {
    this.view = view;
    this.registry = registry;
    this.config = config;
  }

  public DatanodeRegistry registry() {
    return registry;
  }

  /** Pipeline targets for a new block; empty when no live DataNode can take it. */
  public synchronized List<DatanodeInfo> chooseTargets(int replication, String writerHost, Set<String> exclude) {
    return placement.choose(replication, writerHost, exclude, candidates(), 0);
  }

  public synchronized void pipelineStarted(Block block, List<DatanodeInfo> targets) {
    pipelines.put(block.getId(), List.copyOf(targets));
  }

  public synchronized void setVisibleLength(long blockId, long lengthBytes) {
    visibleLengths.merge(blockId, lengthBytes, Math::max);
  }

  public synchronized long visibleLength(long blockId) {
    return visibleLengths.getOrDefault(blockId, 0L);
  }

  /**
   * Live nodes holding {@code block} at its generation stamp, the reader's host first; for a
   * block being written with no replica reported yet, its pipeline.
   */
  public synchronized List<DatanodeInfo> locations(Block block, String readerHost) {
    List<DatanodeInfo> out = new ArrayList<>();
    for (Replica r : replicas.replicas(block.getId())) {
      DatanodeInfo node = registry.info(r.nodeUuid());
      if (r.genstamp() == block.getGenstamp() && node != null && registry.isLive(r.nodeUuid())) {
        out.add(node);
      }
    }
    if (out.isEmpty()) {
      out.addAll(pipelines.getOrDefault(block.getId(), List.of()));
    }
    out.sort(Comparator.comparing((DatanodeInfo n) -> !n.getHost().equals(readerHost)));
    return out;
  }

  /** True when every block has at least the minimum of finalized replicas of its final length. */
  public synchronized boolean minimallyReplicated(List<Block> blocks) {
    for (Block b : blocks) {
      int good = 0;
      for (Replica r : replicas.replicas(b.getId())) {
        if (r.finalized() && r.genstamp() == b.getGenstamp() && r.lengthBytes() == b.getLengthBytes()) {
          good++;
        }
      }
      if (good < config.minReplication()) {
        return false;
      }
    }
    return true;
  }

  /** The file's blocks are closed: forget their pipelines and visible lengths. */
  public synchronized void fileClosed(List<Block> blocks) {
    for (Block b : blocks) {
      pipelines.remove(b.getId());
      visibleLengths.remove(b.getId());
    }
  }

  /**
   * Lease recovery of {@code last}, the last block of a file whose writer went silent. The first call
   * asks every node that holds a replica or was sent one to report it now; later calls answer once
   * each live node asked has (or the recovery timeout passed). A replica only grows while it is
   * written, so the shortest length reported is one every reporting replica holds, and it covers
   * whatever the writer saw acknowledged (every node of the pipeline held that before acknowledging).
   * {@link LastBlockRecoveries.Outcome#NO_REPLICA} only when every node asked answered without one;
   * when the nodes that may hold one are dead or silent, the recovery starts over at a later call,
   * since dropping the block could lose acknowledged bytes.
   */
  public synchronized LastBlockRecoveries.Outcome recoverLastBlock(Block last) {
    if (recoveries.inProgress(last.getId())) {
      return recoveries.outcome(last.getId(), registry::isLive, registry.nowMs());
    }
    Set<String> candidates = new HashSet<>();
    pipelines.getOrDefault(last.getId(), List.of()).forEach(n -> candidates.add(n.getUuid()));
    replicas.replicas(last.getId()).forEach(r -> candidates.add(r.nodeUuid()));
    if (candidates.isEmpty()) {
      return LastBlockRecoveries.Outcome.NO_REPLICA;
    }
    recoveries.start(last.getId(), candidates, registry.nowMs() + config.leaseRecoveryTimeoutMs());
    DatanodeCommand ask = DatanodeCommand.newBuilder()
        .setReportReplica(ReportReplicaCommand.newBuilder().setBlockId(last.getId())).build();
    for (String node : candidates) {
      registry.queue(node, ask);
    }
    LOG.info("lease recovery blk={} asking nodes={} for their replicas", last.getId(), candidates);
    return LastBlockRecoveries.Outcome.WAITING;
  }

  /**
   * The file whose last block was {@code old} is closed (durably) with it as {@code recovered}: tell
   * {@code holders} to cut their replicas to its length and move them to its stamp.
   */
  public synchronized void lastBlockRecovered(Block old, Block recovered, List<String> holders) {
    DatanodeCommand recover = DatanodeCommand.newBuilder().setRecoverReplica(RecoverReplicaCommand.newBuilder()
        .setBlock(old.toBuilder().setLengthBytes(recovered.getLengthBytes()))
        .setNewGenstamp(recovered.getGenstamp())).build();
    for (String node : holders) {
      registry.queue(node, recover);
    }
  }

  /** Files were destroyed (and that is durable): delete every replica of their blocks. */
  public synchronized void blocksDropped(List<Block> blocks) {
    Map<String, List<Block>> byNode = new HashMap<>();
    for (Block b : blocks) {
      for (String node : replicas.removeBlock(b.getId())) {
        byNode.computeIfAbsent(node, k -> new ArrayList<>()).add(b);
      }
      for (DatanodeInfo node : pipelines.getOrDefault(b.getId(), List.of())) {
        byNode.computeIfAbsent(node.getUuid(), k -> new ArrayList<>()).add(b);
      }
      pipelines.remove(b.getId());
      visibleLengths.remove(b.getId());
      pendingCopies.remove(b.getId());
      recoveries.forget(b.getId());
    }
    byNode.forEach(this::queueDelete);
  }

  /** A DataNode (re)registered: what it held before is forgotten until its full report. */
  public synchronized void nodeRegistered(String uuid) {
    replicas.removeNode(uuid);
    reportParts.abandon(uuid);
  }

  /**
   * Takes one part of a node's full report: its replicas at once, and once every part of the report
   * has arrived, forgets the node's replicas that no part named. Requires the namesystem read lock.
   */
  public synchronized void fullReport(String uuid, ReportPart part) throws IOException {
    List<Block> garbage = new ArrayList<>();
    for (ReplicaReport r : part.replicas()) {
      accept(uuid, r, garbage);
    }
    queueDelete(uuid, garbage);
    Set<Long> named = reportParts.part(uuid, part.reportId(), part.index(), part.count(),
        part.replicas().stream().map(ReplicaReport::getBlockId).toList());
    int forgotten = named == null ? 0 : replicas.removeNodeExcept(uuid, named);
    LOG.info("block report node={} report={} part={}/{} replicas={} deleting={}{}", uuid, part.reportId(),
        part.index() + 1, part.count(), part.replicas().size(), garbage.size(),
        named == null ? "" : " complete, forgot=" + forgotten);
  }

  /**
   * One part of a full block report.
   *
   * @param reportId shared by the parts of one report
   * @param index 0-based; {@code 0 <= index < count}
   * @param count the number of parts of the report
   */
  public record ReportPart(long reportId, int index, int count, List<ReplicaReport> replicas) {}

  /** Applies an incremental report. Requires the namesystem read lock. */
  public synchronized void incrementalReport(String uuid, List<ReplicaReport> received, List<Long> deleted)
      throws IOException {
    List<Block> garbage = new ArrayList<>();
    for (ReplicaReport r : received) {
      accept(uuid, r, garbage);
    }
    for (long id : deleted) {
      replicas.remove(id, uuid);
      recoveries.answer(uuid, id, -1);
      recheck(id);
    }
    queueDelete(uuid, garbage);
  }

  /**
   * A replica of {@code block} on {@code datanodeUuid} was found corrupt, missing or truncated (by
   * a reader, or the node's own scanner): it stops counting as a location at once. It is deleted
   * only while another good copy exists, so the last copy of data is never thrown away; the copy
   * that restores the replication is scheduled when the node reports the deletion (so the node can
   * be the copy's target). A report naming another stamp than the block's is ignored: stale
   * replicas are deleted by the block reports anyway. Requires the namesystem read lock.
   */
  public synchronized void markCorrupt(Block block, String datanodeUuid, String reason) throws IOException {
    Inode file = view.fileOfBlock(block.getId());
    Block recorded = file == null ? null : find(file, block.getId());
    if (recorded == null || recorded.getGenstamp() != block.getGenstamp()) {
      LOG.info("ignoring a bad-replica report of blk={} gs={} node={}: the block is gone or at another stamp",
          block.getId(), block.getGenstamp(), datanodeUuid);
      return;
    }
    replicas.remove(block.getId(), datanodeUuid);
    boolean otherCopy = !goodReplicas(recorded).isEmpty();
    LOG.warn("corrupt replica blk={} gs={} node={} reason={} {}", block.getId(), block.getGenstamp(), datanodeUuid,
        reason, otherCopy ? "deleting it" : "keeping it: no good copy is left");
    if (otherCopy) {
      queueDelete(datanodeUuid, List.of(recorded));
    }
  }

  /** A replica of a complete block went away: schedule a copy if the block is now short of replicas. */
  private void recheck(long blockId) throws IOException {
    Inode file = view.fileOfBlock(blockId);
    Block recorded = file == null ? null : find(file, blockId);
    boolean lastOfOpenFile = file != null && file.getUnderConstruction()
        && file.getBlocks(file.getBlocksCount() - 1).getId() == blockId;
    if (recorded != null && !lastOfOpenFile) {
      checkBlock(recorded, file.getReplication());
    }
  }

  /** Schedules copies or deletions so that each of {@code file}'s complete blocks has its replication. */
  public synchronized void checkReplication(Inode file) {
    List<Block> blocks = file.getBlocksList();
    int complete = file.getUnderConstruction() ? blocks.size() - 1 : blocks.size();
    for (int i = 0; i < complete; i++) {
      checkBlock(blocks.get(i), file.getReplication());
    }
  }

  public synchronized int replicaCount(String uuid) {
    return replicas.replicaCount(uuid);
  }

  /** Live replicas of the block at its stamp, finalized. */
  public synchronized int liveReplicas(Block block) {
    return goodReplicas(block).size();
  }

  private void accept(String uuid, ReplicaReport r, List<Block> garbage) throws IOException {
    Inode file = view.fileOfBlock(r.getBlockId());
    Block recorded = file == null ? null : find(file, r.getBlockId());
    Block reported = Block.newBuilder().setId(r.getBlockId()).setGenstamp(r.getGenstamp())
        .setLengthBytes(r.getLengthBytes()).build();
    if (recorded == null || r.getGenstamp() < recorded.getGenstamp()) {
      // Whatever the node held of this block before is gone or stale now.
      replicas.remove(r.getBlockId(), uuid);
      garbage.add(reported);
      recoveries.answer(uuid, r.getBlockId(), -1);
      return;
    }
    replicas.add(r.getBlockId(), new Replica(uuid, r.getGenstamp(), r.getLengthBytes(), r.getFinalized()));
    recoveries.answer(uuid, r.getBlockId(), r.getLengthBytes());
    PendingCopy pending = pendingCopies.get(r.getBlockId());
    if (pending != null && pending.targets().remove(uuid) && pending.targets().isEmpty()) {
      pendingCopies.remove(r.getBlockId());
    }
    boolean lastOfOpenFile = file.getUnderConstruction()
        && recorded.getId() == file.getBlocks(file.getBlocksCount() - 1).getId();
    if (r.getFinalized() && !lastOfOpenFile) {
      checkBlock(recorded, file.getReplication());
    }
  }

  private void checkBlock(Block block, int replication) {
    List<Replica> good = goodReplicas(block);
    PendingCopy pending = pendingCopies.get(block.getId());
    if (pending != null && registry.nowMs() > pending.deadlineMs()) {
      pendingCopies.remove(block.getId());
      pending = null;
    }
    int expected = good.size() + (pending == null ? 0 : pending.targets().size());
    if (good.isEmpty() || expected == replication) {
      return;
    }
    if (expected < replication) {
      Set<String> exclude = new HashSet<>();
      good.forEach(r -> exclude.add(r.nodeUuid()));
      if (pending != null) {
        exclude.addAll(pending.targets());
      }
      List<DatanodeInfo> targets = placement.choose(replication - expected, "", exclude, candidates(), block.getLengthBytes());
      if (targets.isEmpty()) {
        return;
      }
      String source = good.get(new Random().nextInt(good.size())).nodeUuid();
      registry.queue(source, DatanodeCommand.newBuilder().setReplicate(
          ReplicateCommand.newBuilder().setBlock(block).addAllTargets(targets)).build());
      Set<String> targetIds = new HashSet<>();
      targets.forEach(t -> targetIds.add(t.getUuid()));
      if (pending != null) {
        targetIds.addAll(pending.targets());
      }
      pendingCopies.put(block.getId(), new PendingCopy(targetIds, registry.nowMs() + config.replicationTimeoutMs()));
    } else if (good.size() > replication) {
      // Drop surplus copies from the fullest nodes.
      List<Replica> surplus = new ArrayList<>(good);
      surplus.sort(Comparator.comparingLong(r -> remaining(r.nodeUuid())));
      for (Replica r : surplus.subList(0, good.size() - replication)) {
        replicas.remove(block.getId(), r.nodeUuid());
        queueDelete(r.nodeUuid(), List.of(block));
      }
    }
  }

  private List<Replica> goodReplicas(Block block) {
    List<Replica> good = new ArrayList<>();
    for (Replica r : replicas.replicas(block.getId())) {
      if (r.finalized() && r.genstamp() == block.getGenstamp() && registry.isLive(r.nodeUuid())) {
        good.add(r);
      }
    }
    return good;
  }

  private long remaining(String uuid) {
    for (DatanodeState n : registry.liveNodes()) {
      if (n.uuid().equals(uuid)) {
        return n.storage().getRemainingBytes();
      }
    }
    return 0;
  }

  private Collection<ReplicaPlacement.Candidate> candidates() {
    List<ReplicaPlacement.Candidate> out = new ArrayList<>();
    for (DatanodeState n : registry.liveNodes()) {
      out.add(new ReplicaPlacement.Candidate(n.info(), n.storage()));
    }
    return out;
  }

  private void queueDelete(String uuid, List<Block> blocks) {
    if (!blocks.isEmpty()) {
      registry.queue(uuid, DatanodeCommand.newBuilder()
          .setDelete(DeleteReplicasCommand.newBuilder().addAllBlocks(blocks)).build());
    }
  }

  private static Block find(Inode file, long blockId) {
    for (Block b : file.getBlocksList()) {
      if (b.getId() == blockId) {
        return b;
      }
    }
    return null;
  }
}
