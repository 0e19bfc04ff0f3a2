package io.cairn.namenode.namesystem;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.namenode.block.FullReportParts;
import io.cairn.namenode.block.LastBlockRecoveries;
import io.cairn.namenode.block.ReplicaCounts;
import io.cairn.namenode.block.ReplicaMap.Replica;
import io.cairn.namenode.block.ReplicaMap;
import io.cairn.namenode.block.ReportWaiters;
import io.cairn.namenode.block.SafeMode;
import io.cairn.namenode.dnmanager.DatanodeRegistry;
import io.cairn.namenode.dnmanager.DatanodeState;
import io.cairn.namenode.namespace.NamespaceView;
import io.cairn.namenode.block.ReplicationQueues;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeAdminState;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DeleteReplicasCommand;
import io.cairn.proto.Inode;
import io.cairn.proto.RecoverReplicaCommand;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.ReportReplicaCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where replicas are and what DataNodes must do about them: takes block reports, answers with
 * deletions of replicas no file owns (or with a stale generation stamp), tracks the pipelines of
 * blocks being written, notices dead nodes, keeps the safe mode, and through {@link ReplicationWork}
 * schedules copies or deletions so every block has its file's replication. Callers that read the
 * namespace hold the namesystem's read lock. Thread-safe.
 */
public final class BlockManager {
  private static final Logger LOG = LoggerFactory.getLogger(BlockManager.class);

  private final NamespaceView view;
  private final DatanodeRegistry registry;
  private final BlockConfig config;
  private final ReplicaMap replicas = new ReplicaMap();
  private final FullReportParts reportParts = new FullReportParts();
  /** Nodes whose full report since they registered has arrived whole. */
  private final Set<String> fullyReported = new HashSet<>();
  private final SafeMode safeMode;
  private final ReplicationWork work;
  /** Blocks being written: the pipeline chosen for them, until replicas are reported. */
  private final Map<Long, List<DatanodeInfo>> pipelines = new HashMap<>();
  /** Blocks being written: the length a writer has made visible with hflush (not persisted). */
  private final Map<Long, Long> visibleLengths = new HashMap<>();
  private final LastBlockRecoveries recoveries = new LastBlockRecoveries();
  private final ReportWaiters reportWaiters = new ReportWaiters();
  /** Whether every reported block was looked at once after the start-up safe mode (HDFS's mis-replication scan). */
  private boolean reportedBlocksChecked = true;

  public BlockManager(NamespaceView view, DatanodeRegistry registry, BlockConfig config) {
    this.view = view;
    this.registry = registry;
    this.config = config;
    this.safeMode = new SafeMode(config.safeModeThreshold(), config.safeModeExtensionMs());
    this.work = new ReplicationWork(view, registry, replicas, config, safeMode::isOn);
  }

  public DatanodeRegistry registry() {
    return registry;
  }

  public SafeMode safeMode() {
    return safeMode;
  }

  /** Enters start-up safe mode until enough of the namespace's {@code completeBlocks} are reported. */
  public synchronized void startSafeMode(long completeBlocks) {
    reportedBlocksChecked = false;
    safeMode.start(completeBlocks, registry.nowMs());
    LOG.info(safeMode.isOn() ? safeMode.status() : "no blocks to wait for: safe mode is off");
  }

  /** Refuses a mutation while in safe mode, with the reason; cheap enough for every mutation. */
  public void checkNotInSafeMode() throws CairnException {
    if (safeMode.isOn()) {
      throw new CairnException(ErrorCode.SAFE_MODE, "the NameNode is in safe mode and refuses changes. "
          + safeMode.status());
    }
  }

  /**
   * Pipeline targets for a new block, from live in-service nodes that reported at least
   * {@code minFreeBytes} free (HDFS asks for room for one whole block, so a full node is never
   * chosen); empty when none can take it.
   */
  public synchronized List<DatanodeInfo> chooseTargets(int replication, String writerHost, Set<String> exclude,
      long minFreeBytes) {
    return work.placement().choose(replication, writerHost, exclude, work.candidates(), minFreeBytes);
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
   * Live nodes holding {@code block} at its generation stamp and not known corrupt, the reader's host
   * first, nodes being drained last, a replica its node kept in the page cache before equally near
   * others; only corrupt ones when no other is left (the reader's checksums
   * then say so); for a block being written ({@code beingWritten}) with no replica reported yet, its
   * pipeline. A complete block never falls back to its pipeline: after a lease recovery the pipeline's
   * replicas still carry the old stamp until they report the new one.
   */
  public synchronized List<DatanodeInfo> locations(Block block, String readerHost, boolean beingWritten) {
    List<DatanodeInfo> good = new ArrayList<>();
    List<DatanodeInfo> bad = new ArrayList<>();
    Set<String> cached = new HashSet<>();
    for (Replica r : replicas.replicas(block.getId())) {
      DatanodeInfo node = registry.info(r.nodeUuid());
      if (r.genstamp() == block.getGenstamp() && node != null && registry.isLive(r.nodeUuid())) {
        (work.isCorrupt(block.getId(), r.nodeUuid()) ? bad : good).add(node);
        if (r.pageCached()) {
          cached.add(r.nodeUuid());
        }
      }
    }
    List<DatanodeInfo> out = good.isEmpty() ? bad : good;
    if (out.isEmpty() && beingWritten) {
      out.addAll(pipelines.getOrDefault(block.getId(), List.of()));
    }
    // Among nodes equally close to the reader, the one that kept the block in its page cache when it
    // wrote it comes first (the others dropped theirs); the rest come in an order drawn from the
    // block's id, so the blocks of a file are read from all of their nodes instead of from whichever
    // node reported first, while every read of one block goes to the same node first, whose page
    // cache then holds it.
    out.sort(Comparator.comparing(DatanodeInfo::getUuid));
    Collections.shuffle(out, new Random(block.getId()));
    out.sort(Comparator.comparing((DatanodeInfo n) -> !n.getHost().equals(readerHost))
        .thenComparing(n -> !registry.isInService(n.getUuid()))
        .thenComparing(n -> !cached.contains(n.getUuid())));
    return out;
  }

  /**
   * Completes when a replica of {@code block} is next reported, so a close that found too few can
   * try again then. Call it under the namesystem write lock: reports are taken under its read lock,
   * so none can slip in between the check that found too few and this call.
   */
  public synchronized CompletableFuture<Void> nextReport(Block block) {
    return reportWaiters.next(block.getId());
  }

  /** True when every block has at least the minimum of finalized replicas of its final length. */
  public synchronized boolean minimallyReplicated(List<Block> blocks) {
    for (Block b : blocks) {
      int good = 0;
      for (Replica r : replicas.replicas(b.getId())) {
        if (r.finalized() && r.genstamp() == b.getGenstamp() && r.lengthBytes() == b.getLengthBytes()
            && !work.isCorrupt(b.getId(), r.nodeUuid())) {
          good++;
        }
      }
      if (good < config.minReplication()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The file's blocks are closed: forget their pipelines and visible lengths. Up to {@code replication}
   * replicas less those reported, the live pipeline nodes that have not reported a block yet are
   * expected to within two heartbeats (a DataNode before the last of a pipeline may hold its report
   * until its next heartbeat), so no copy is ordered meanwhile; 0 expects none.
   */
  public synchronized void fileClosed(List<Block> blocks, int replication) {
    for (Block b : blocks) {
      reportWaiters.forget(b.getId());
      List<DatanodeInfo> pipeline = pipelines.remove(b.getId());
      visibleLengths.remove(b.getId());
      if (pipeline != null) {
        Set<String> unreported = new HashSet<>();
        for (DatanodeInfo node : pipeline) {
          if (registry.isLive(node.getUuid())) {
            unreported.add(node.getUuid());
          }
        }
        int reported = 0;
        for (Replica r : replicas.replicas(b.getId())) {
          if (r.genstamp() == b.getGenstamp() && r.finalized()) {
            unreported.remove(r.nodeUuid());
            reported++;
          }
        }
        int missing = replication - reported;
        if (missing > 0) {
          work.expect(b.getId(), unreported.stream().limit(missing).collect(Collectors.toSet()),
              registry.nowMs() + 2 * config.heartbeatIntervalMs());
        }
      }
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
      reportWaiters.forget(b.getId());
      work.blockDropped(b.getId());
      recoveries.forget(b.getId());
    }
    byNode.forEach(this::queueDelete);
  }

  /** A DataNode (re)registered: what it held before is forgotten until its full report. */
  public synchronized void nodeRegistered(String uuid) {
    fullyReported.remove(uuid);
    work.nodeGone(uuid, Set.copyOf(replicas.removeNode(uuid)));
    reportParts.abandon(uuid);
  }

  /**
   * Takes one part of a node's full report: its replicas at once, and once every part of the report
   * has arrived, forgets the node's replicas that no part named. Requires the namesystem read lock.
   */
  public synchronized void fullReport(String uuid, ReportPart part) throws IOException {
    List<Block> garbage = new ArrayList<>();
    ReportFiles files = new ReportFiles();
    for (ReplicaReport r : part.replicas()) {
      accept(uuid, r, garbage, files);
    }
    queueDelete(uuid, garbage);
    Set<Long> named = reportParts.part(uuid, part.reportId(), part.index(), part.count(),
        part.replicas().stream().map(ReplicaReport::getBlockId).toList());
    int forgotten = 0;
    if (named != null) {
      fullyReported.add(uuid);
      for (long id : replicas.blocksOf(uuid)) {
        if (!named.contains(id)) {
          forgetReplica(id, uuid);
          forgotten++;
        }
      }
    }
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
    ReportFiles files = new ReportFiles();
    for (ReplicaReport r : received) {
      accept(uuid, r, garbage, files);
    }
    for (long id : deleted) {
      forgetReplica(id, uuid);
      recoveries.answer(uuid, id, -1);
    }
    queueDelete(uuid, garbage);
  }

  /**
   * The replica of {@code reported} on node {@code uuid} is corrupt (a bad checksum, missing, or
   * truncated): it stops counting and being offered to readers or as a copy source, the block is
   * copied from a good replica, and the bad one is deleted once the block has its replication again
   * (at once if it already has). A replica at an older stamp than the block's is merely stale and
   * deleted. Requires the namesystem read lock.
   */
  public synchronized void markCorrupt(Block reported, String uuid, String reason) throws IOException {
    Inode file = view.fileOfBlock(reported.getId());
    Block recorded = file == null ? null : find(file, reported.getId());
    if (recorded == null || reported.getGenstamp() < recorded.getGenstamp()) {
      forgetReplica(reported.getId(), uuid);
      queueDelete(uuid, List.of(reported));
      return;
    }
    if (replicas.replicas(reported.getId()).stream().noneMatch(r -> r.nodeUuid().equals(uuid))) {
      return; // not a replica we count: nothing to exclude
    }
    LOG.warn("corrupt replica blk={} node={}: {}", reported.getId(), uuid, reason);
    work.markCorrupt(recorded, file, uuid, !underConstruction(file, recorded.getId()));
  }

  /** Schedules copies or deletions so that each of {@code file}'s complete blocks has its replication. */
  public synchronized void checkReplication(Inode file) {
    List<Block> blocks = file.getBlocksList();
    int complete = file.getUnderConstruction() ? blocks.size() - 1 : blocks.size();
    for (int i = 0; i < complete; i++) {
      work.check(blocks.get(i), file);
    }
  }

  /**
   * One pass of the replication monitor: declares silent nodes dead (their replicas stop counting and
   * are copied from the survivors), looks at blocks marked since, orders copies (not in safe mode),
   * moves the start-up safe mode and decommissions on. Requires the namesystem read lock.
   */
  public synchronized void tick() throws IOException {
    for (String dead : registry.declareDead()) {
      Set<Long> held = Set.copyOf(replicas.removeNode(dead));
      work.nodeGone(dead, held);
      LOG.warn("DataNode declared dead uuid={}: {} replicas to copy from the others", dead, held.size());
    }
    if (safeMode.waitingForReports() && safeMode.update(safeBlocks(), registry.nowMs())) {
      LOG.info("safe mode is off: {} of {} blocks reported", safeMode.safeBlocks(), safeMode.totalBlocks());
    }
    if (!safeMode.isOn() && !reportedBlocksChecked) {
      // Nothing was copied or deleted while reports came in: look at every reported block once.
      work.checkLater(replicas.blockIds());
      reportedBlocksChecked = true;
    }
    work.tick();
    for (DatanodeState node : registry.allNodes()) {
      // Until its first full report, a node's replicas are unknown, not absent.
      if (node.adminState() == DatanodeAdminState.DECOMMISSIONING && registry.isLive(node.uuid())
          && fullyReported.contains(node.uuid()) && drained(node)) {
        registry.setAdminState(node.uuid(), DatanodeAdminState.DECOMMISSIONED);
        LOG.info("DataNode decommissioned uuid={}: every replica it holds is fully replicated elsewhere", node.uuid());
      }
    }
  }

  /** Blocks with the minimum of finalized replicas on live nodes (any stamp the report was accepted at). */
  private long safeBlocks() {
    long[] safe = {0};
    replicas.forEachBlock((id, rs) -> {
      int n = 0;
      for (Replica r : rs) {
        if (r.finalized() && registry.isLive(r.nodeUuid()) && !work.isCorrupt(id, r.nodeUuid())) {
          n++;
        }
      }
      if (n >= config.minReplication()) {
        safe[0]++;
      }
    });
    return safe[0];
  }

  /** Whether every block the node holds has its full replication on in-service nodes (stops at the first not). */
  private boolean drained(DatanodeState node) throws IOException {
    for (long id : replicas.blocksOf(node.uuid())) {
      Inode file = view.fileOfBlock(id);
      Block recorded = file == null ? null : find(file, id);
      if (recorded == null) {
        continue;
      }
      if (underConstruction(file, id) || work.counts(recorded).live() < file.getReplication()) {
        return false;
      }
    }
    return true;
  }

  /**
   * Starts draining the node: it takes no new blocks, still serves reads, and its replicas no longer
   * count, so its blocks are copied elsewhere; then it is DECOMMISSIONED. Returns its state.
   */
  public synchronized DatanodeAdminState decommission(String uuid) {
    DatanodeState node = registry.state(uuid);
    if (node.adminState() == DatanodeAdminState.NORMAL) {
      registry.setAdminState(uuid, DatanodeAdminState.DECOMMISSIONING);
      work.checkLater(replicas.blocksOf(uuid));
      LOG.info("DataNode decommissioning uuid={}: {} replicas to copy elsewhere", uuid, replicas.replicaCount(uuid));
    }
    return registry.state(uuid).adminState();
  }

  /** Puts the node back in service; its replicas count again (surplus ones are then deleted). */
  public synchronized void recommission(String uuid) {
    if (registry.setAdminState(uuid, DatanodeAdminState.NORMAL)) {
      work.checkLater(replicas.blocksOf(uuid));
      LOG.info("DataNode back in service uuid={}", uuid);
    }
  }

  public synchronized int replicaCount(String uuid) {
    return replicas.replicaCount(uuid);
  }

  /** What the replicas of a recorded block amount to. */
  public synchronized ReplicaCounts counts(Block recorded) {
    return work.counts(recorded);
  }

  /** Live, then draining nodes holding a usable replica of the recorded block. */
  public synchronized List<DatanodeInfo> usableLocations(Block recorded) {
    return locations(recorded, "", false).stream().filter(n -> !work.isCorrupt(recorded.getId(), n.getUuid())).toList();
  }

  /** Blocks waiting for copies, and copies on their way: for reports and tests. */
  public synchronized int underReplicatedQueued() {
    return work.queues().size();
  }

  /** Blocks queued for copies, blocks with no usable replica, and blocks with a corrupt replica, for reports. */
  public synchronized BlockHealth health() {
    ReplicationQueues q = work.queues();
    return new BlockHealth(q.size(), q.size(ReplicationQueues.Priority.NO_SOURCE), work.corruptReplicaBlocks());
  }

  /** See {@link #health()}. */
  public record BlockHealth(long underReplicated, long missing, long withCorruptReplicas) {}

  public synchronized int pendingCopies() {
    return work.pendingCount();
  }

  /**
   * The files of one report's replicas, each read and indexed once: read per replica, a file of
   * thousands of blocks was loaded whole and searched once for each of its replicas, and a node's
   * report of 12,000 replicas took seconds, long enough to miss heartbeats.
   */
  private final class ReportFiles {
    private final Map<Long, Inode> byId = new HashMap<>();
    private final Map<Long, Map<Long, Block>> blocksById = new HashMap<>();

    Inode fileOf(long blockId) throws IOException {
      long id = view.fileIdOfBlock(blockId);
      if (id == 0) {
        return null;
      }
      Inode file = byId.get(id);
      if (file == null && !byId.containsKey(id)) {
        file = view.byId(id);
        byId.put(id, file);
      }
      return file;
    }

    Block block(Inode file, long blockId) {
      Map<Long, Block> blocks = blocksById.computeIfAbsent(file.getId(), k -> {
        Map<Long, Block> m = new HashMap<>();
        for (Block b : file.getBlocksList()) {
          m.put(b.getId(), b);
        }
        return m;
      });
      return blocks.get(blockId);
    }
  }

  private void accept(String uuid, ReplicaReport r, List<Block> garbage, ReportFiles files) throws IOException {
    Inode file = files.fileOf(r.getBlockId());
    Block recorded = file == null ? null : files.block(file, r.getBlockId());
    Block reported = Block.newBuilder().setId(r.getBlockId()).setGenstamp(r.getGenstamp())
        .setLengthBytes(r.getLengthBytes()).build();
    if (recorded == null || r.getGenstamp() < recorded.getGenstamp()) {
      // Whatever the node held of this block before is gone or stale now.
      forgetReplica(r.getBlockId(), uuid);
      garbage.add(reported);
      recoveries.answer(uuid, r.getBlockId(), -1);
      return;
    }
    if (!r.getFinalized() && !underConstruction(file, recorded.getId())) {
      unfinishedReplicaOfACompleteBlock(uuid, r, reported, file, recorded, garbage);
      return;
    }
    boolean pageCached = r.getPageCached();
    for (Replica old : replicas.replicas(r.getBlockId())) {
      if (old.nodeUuid().equals(uuid) && old.genstamp() != r.getGenstamp()) {
        work.replicaGone(r.getBlockId(), uuid); // rewritten at a new stamp: an earlier verdict no longer holds
      } else if (old.nodeUuid().equals(uuid) && old.lengthBytes() == r.getLengthBytes()) {
        // A full report does not say; the same replica stays where its writer left it.
        pageCached |= old.pageCached();
      }
    }
    replicas.add(r.getBlockId(),
        new Replica(uuid, r.getGenstamp(), r.getLengthBytes(), r.getFinalized(), pageCached));
    reportWaiters.reported(r.getBlockId());
    recoveries.answer(uuid, r.getBlockId(), r.getLengthBytes());
    work.arrived(r.getBlockId(), uuid, r.getFinalized() && r.getGenstamp() == recorded.getGenstamp());
    if (!r.getFinalized() || underConstruction(file, recorded.getId())) {
      return;
    }
    if (r.getGenstamp() == recorded.getGenstamp() && r.getLengthBytes() != recorded.getLengthBytes()) {
      // A finalized replica of a complete block must have its length: this one was cut short or grew.
      LOG.warn("replica blk={} node={} has length {}, the block {}: corrupt", r.getBlockId(), uuid,
          r.getLengthBytes(), recorded.getLengthBytes());
      work.markCorrupt(recorded, file, uuid, true);
      return;
    }
    work.check(recorded, file);
  }

  /**
   * A replica still being written of a block that is complete: left by a write or a copy that a
   * crash cut off. It is no location (counted as one, it kept its node from ever being chosen to
   * take a good copy, which stalled decommissioning and setrep -w for good), and once the block has
   * its replication in finalized replicas elsewhere it is deleted, as HDFS deletes such a replica.
   */
  private void unfinishedReplicaOfACompleteBlock(String uuid, ReplicaReport r, Block reported, Inode file,
      Block recorded, List<Block> garbage) {
    forgetReplica(r.getBlockId(), uuid);
    long finalizedElsewhere = replicas.replicas(r.getBlockId()).stream()
        .filter(x -> !x.nodeUuid().equals(uuid) && x.finalized() && x.genstamp() == recorded.getGenstamp()).count();
    if (finalizedElsewhere >= file.getReplication()) {
      LOG.info("replica blk={} node={} was never finished and its block is complete elsewhere: deleting it",
          r.getBlockId(), uuid);
      garbage.add(reported);
    }
  }

  private void forgetReplica(long blockId, String uuid) {
    replicas.remove(blockId, uuid);
    work.replicaGone(blockId, uuid);
    work.checkLater(List.of(blockId));
  }

  private void queueDelete(String uuid, List<Block> blocks) {
    if (!blocks.isEmpty()) {
      registry.queue(uuid, DatanodeCommand.newBuilder()
          .setDelete(DeleteReplicasCommand.newBuilder().addAllBlocks(blocks)).build());
    }
  }

  /** The last block of a file being written: not replicated, checked or counted until the file closes. */
  static boolean underConstruction(Inode file, long blockId) {
    return file.getUnderConstruction() && file.getBlocksCount() > 0
        && file.getBlocks(file.getBlocksCount() - 1).getId() == blockId;
  }

  static Block find(Inode file, long blockId) {
    for (Block b : file.getBlocksList()) {
      if (b.getId() == blockId) {
        return b;
      }
    }
    return null;
  }
}
