package io.cairn.namenode.namesystem;

import com.google.protobuf.UnsafeByteOperations;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.CairnPath;
import io.cairn.namenode.dnmanager.DatanodeRegistry;
import io.cairn.namenode.dnmanager.DatanodeState;
import io.cairn.namenode.namespace.Access;
import io.cairn.namenode.namespace.Caller;
import io.cairn.namenode.namespace.NamespaceReader;
import io.cairn.namenode.namespace.PermissionChecker;
import io.cairn.namenode.namespace.Planned;
import io.cairn.namenode.namespace.WritePlanner;
import io.cairn.proto.AppendResponse;
import io.cairn.proto.BadReplica;
import io.cairn.proto.BadReplicaReport;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeCommand;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.DatanodeReport;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.GetDatanodeReportResponse;
import io.cairn.proto.Inode;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.ReplicaReport;
import io.cairn.proto.StorageReport;
import io.cairn.proto.UpdateBlockForPipelineResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The data path's side of the namespace: blocks for writers, locations for readers, appends,
 * hflush lengths, leases, and what DataNodes report.
 */
public final class DataPath {
  /** Longest pipeline a writer may ask for or report (the DataNodes' own limit is 1 + 16). */
  static final int MAX_PIPELINE_NODES = 17;

  private final Decommissions decommissions;
  private final NamespaceLock lock;
  private final BlockManager blocks;
  private final LeaseTable leases;
  private final WritePlanner planner;
  private final NamespaceReader reader;
  private final LeaseMonitor leaseMonitor;

  public DataPath(NamespaceLock lock, BlockManager blocks, LeaseTable leases, WritePlanner planner,
      NamespaceReader reader, LeaseMonitor leaseMonitor, Decommissions decommissions) {
    this.decommissions = decommissions;
    this.leaseMonitor = leaseMonitor;
    this.lock = lock;
    this.blocks = blocks;
    this.leases = leases;
    this.planner = planner;
    this.reader = reader;
  }

  /** A new block for a file this client writes, with the pipeline to write it through. */
  public LocatedBlock addBlock(Caller caller, CairnPath path, String clientName, Block previous, Set<String> exclude,
      String writerHost) throws IOException {
    leases.renew(clientName);
    List<List<DatanodeInfo>> targets = new ArrayList<>(1);
    long[] offset = new long[1];
    Planned planned = lock.mutate(now -> {
      Inode file = planner.fileBeingWritten(caller, path, clientName);
      List<DatanodeInfo> chosen = blocks.chooseTargets(file.getReplication(), writerHost, exclude,
          file.getBlockSizeBytes());
      if (chosen.isEmpty()) {
        throw new CairnException(ErrorCode.IO, path + ": no live DataNode can take a new block (live: "
            + blocks.registry().liveNodes().size() + ", excluded: " + exclude.size() + ", a node needs "
            + file.getBlockSizeBytes() + " bytes free)");
      }
      Planned p = planner.addBlock(caller, path, clientName, previous);
      targets.add(chosen);
      offset[0] = lengthBefore(file, file.getBlocksCount()) - (previous == null ? 0 : lastLength(file))
          + (previous == null ? 0 : previous.getLengthBytes());
      return p;
    });
    Block block = planned.edit().getAddBlock().getBlock();
    blocks.pipelineStarted(block, targets.getFirst());
    return LocatedBlock.newBuilder().setBlock(block).setOffsetBytes(offset[0]).addAllLocations(targets.getFirst())
        .setUnderConstruction(true).build();
  }

  /** The blocks of {@code path} that overlap [offset, offset + length), nearest replica first. */
  public GetBlockLocationsResponse blockLocations(Caller caller, CairnPath path, long offset, long length,
      String readerHost) throws IOException {
    if (offset < 0 || length < -1) {
      throw CairnException.invalidArgument("bad range: offset " + offset + ", length " + length);
    }
    return lock.read(() -> {
      Inode file = planner.existingFile(caller, path);
      PermissionChecker.check(caller, file, Access.READ, path::toString);
      GetBlockLocationsResponse.Builder out = GetBlockLocationsResponse.newBuilder();
      if (file.getInlineData() && !blocksCover(file, file.getLengthBytes())) {
        // The store's copy is this call's own: wrapped, not copied again.
        byte[] data = reader.inlineData(file);
        return out.setInlineData(UnsafeByteOperations.unsafeWrap(data))
            .setStatus(NamespaceReader.status(file, path).toBuilder().setLengthBytes(data.length)).build();
      }
      long end = length == -1 ? Long.MAX_VALUE : offset + length;
      long pos = 0;
      for (int i = 0; i < file.getBlocksCount(); i++) {
        Block b = readable(file, i);
        boolean open = BlockManager.underConstruction(file, b.getId());
        if (pos + b.getLengthBytes() > offset && pos < end || (open && pos >= offset && pos <= end)) {
          out.addBlocks(LocatedBlock.newBuilder().setBlock(b).setOffsetBytes(pos)
              .addAllLocations(blocks.locations(b, readerHost, open)).setUnderConstruction(open));
        }
        pos += b.getLengthBytes();
      }
      // The file resolved above: its status needs no second walk down the path.
      FileStatus status = NamespaceReader.status(file, path);
      return out.setStatus(status.toBuilder().setLengthBytes(pos)).build();
    });
  }

  /** Reopens a closed file for writing; a partial last block goes on with a new generation stamp. */
  public AppendResponse append(Caller caller, CairnPath path, String clientName) throws IOException {
    leases.renew(clientName);
    List<List<DatanodeInfo>> holders = new ArrayList<>(1);
    Planned planned = lock.mutate(now -> {
      Inode file = planner.existingFile(caller, path);
      if (file.getBlocksCount() > 0) {
        // The replicas still carry the old stamp until the append pipeline moves them on.
        holders.add(blocks.locations(file.getBlocks(file.getBlocksCount() - 1), "", false));
      }
      return planner.append(caller, path, clientName, now);
    });
    return lock.read(() -> {
      Inode file = planner.existingFile(caller, path);
      AppendResponse.Builder out = AppendResponse.newBuilder().setStatus(NamespaceReader.status(file, path))
          .setInlineDataMaxBytes(planner.inlineDataMaxBytes());
      if (file.getInlineData()) {
        out.setInlineData(UnsafeByteOperations.unsafeWrap(reader.inlineData(file)));
      }
      if (planned.edit().getAppendFile().hasLast()) {
        Block last = planned.edit().getAppendFile().getLast();
        blocks.pipelineStarted(last, holders.getFirst());
        blocks.setVisibleLength(last.getId(), last.getLengthBytes());
        out.setLastBlock(LocatedBlock.newBuilder().setBlock(last)
            .setOffsetBytes(lengthBefore(file, file.getBlocksCount() - 1))
            .addAllLocations(holders.getFirst()).setUnderConstruction(true));
      }
      return out.build();
    });
  }

  /** hflush: readers may now read {@code lengthBytes} of the file's last block. */
  public void fsync(Caller caller, CairnPath path, String clientName, long lengthBytes) throws IOException {
    leases.renew(clientName);
    lock.read(() -> {
      Inode file = planner.fileBeingWritten(caller, path, clientName);
      if (file.getBlocksCount() == 0) {
        return null;
      }
      if (lengthBytes < 0 || lengthBytes > file.getBlockSizeBytes()) {
        throw CairnException.invalidArgument(path + ": block length " + lengthBytes + " is out of range");
      }
      blocks.setVisibleLength(file.getBlocks(file.getBlocksCount() - 1).getId(), lengthBytes);
      return null;
    });
  }

  /**
   * Starts lease recovery of an open file now (HDFS's recoverLease), for a caller that may write it;
   * true once the file is closed. Recovery takes a few heartbeats: call again until it answers true.
   */
  public boolean recoverLease(Caller caller, CairnPath path) throws IOException {
    long inodeId = lock.read(() -> {
      Inode file = planner.existingFile(caller, path);
      PermissionChecker.check(caller, file, Access.WRITE, path::toString);
      return file.getId();
    });
    return leaseMonitor.recoverNow(inodeId);
  }

  /**
   * A DataNode or reader found the replica of {@code block} on node {@code uuid} corrupt (bad
   * checksum, missing, truncated); see {@link BlockManager#markCorrupt}.
   */
  public void reportCorruptReplica(String uuid, Block block, String reason) throws IOException {
    lock.read(() -> {
      blocks.markCorrupt(block, uuid, reason);
      return null;
    });
  }

  /**
   * Pipeline recovery, step 1 (HDFS's updateBlockForPipeline plus getAdditionalDatanode): a new
   * generation stamp for the last block of a file this client writes, made durable before the answer
   * so it is never handed out twice, and up to {@code wanted} live nodes outside {@code avoid} to
   * replace failed ones. The block keeps its current stamp until {@link #updatePipeline}.
   */
  public UpdateBlockForPipelineResponse updateBlockForPipeline(Caller caller, CairnPath path, String clientName,
      Block block, Set<String> avoid, int wanted) throws IOException {
    if (wanted < 0 || wanted > MAX_PIPELINE_NODES) {
      throw CairnException.invalidArgument("wanted_replacements must lie in [0, " + MAX_PIPELINE_NODES + "], not "
          + wanted);
    }
    leases.renew(clientName);
    List<DatanodeInfo> replacements = new ArrayList<>();
    Planned planned = lock.mutate(now -> {
      Inode file = planner.fileBeingWritten(caller, path, clientName);
      Planned p = planner.newGenstampForPipeline(caller, path, clientName, block);
      if (wanted > 0) {
        replacements.addAll(blocks.chooseTargets(Math.min(wanted, file.getReplication()), "", avoid,
            file.getBlockSizeBytes()));
      }
      return p;
    });
    return UpdateBlockForPipelineResponse.newBuilder().setNewGenstamp(planned.edit().getSetGenstamp().getGenstamp())
        .addAllReplacements(replacements).build();
  }

  /**
   * Pipeline recovery, step 2: every node of {@code pipeline} holds {@code newBlock} (its new stamp
   * and length); record it durably and take the nodes as the block's pipeline.
   */
  public void updatePipeline(Caller caller, CairnPath path, String clientName, Block oldBlock, Block newBlock,
      List<DatanodeInfo> pipeline) throws IOException {
    if (pipeline.isEmpty() || pipeline.size() > MAX_PIPELINE_NODES) {
      throw CairnException.invalidArgument(path + ": a recovered pipeline has 1 to " + MAX_PIPELINE_NODES
          + " nodes, not " + pipeline.size());
    }
    leases.renew(clientName);
    Planned planned = lock.mutate(now -> planner.updatePipeline(caller, path, clientName, oldBlock, newBlock));
    Block recorded = planned.edit().getUpdatePipeline().getBlock();
    blocks.pipelineStarted(recorded, pipeline);
    blocks.setVisibleLength(recorded.getId(), recorded.getLengthBytes());
  }

  /** Replicas a reader found bad: each is marked corrupt (see {@link BlockManager#markCorrupt}). */
  public void reportBadBlocks(List<BadReplica> bad) throws IOException {
    for (BadReplica r : bad) {
      reportCorruptReplica(r.getDatanodeUuid(), r.getBlock(), r.getReason());
    }
  }

  public void renewLease(String clientName) {
    leases.renew(clientName);
  }

  public void register(DatanodeInfo node, StorageReport storage) throws IOException {
    if (blocks.registry().register(node, storage)) {
      decommissions.registered(node.getUuid());
    }
    blocks.nodeRegistered(node.getUuid());
  }

  /** The commands for the node, or null when it must register again. */
  public List<DatanodeCommand> heartbeat(String uuid, StorageReport storage) {
    return blocks.registry().heartbeat(uuid, storage);
  }

  /** One part of a node's full block report (see {@link BlockManager#fullReport}). */
  public void blockReport(String uuid, BlockManager.ReportPart part) throws IOException {
    requireKnown(uuid);
    lock.read(() -> {
      blocks.fullReport(uuid, part);
      return null;
    });
  }

  public void incrementalReport(String uuid, List<ReplicaReport> received, List<Long> deleted) throws IOException {
    incrementalReport(uuid, received, deleted, List.of());
  }

  /** An incremental report; {@code bad} replicas are marked corrupt before the rest is taken. */
  public void incrementalReport(String uuid, List<ReplicaReport> received, List<Long> deleted,
      List<BadReplicaReport> bad) throws IOException {
    requireKnown(uuid);
    lock.read(() -> {
      for (BadReplicaReport b : bad) {
        ReplicaReport r = b.getReplica();
        blocks.markCorrupt(Block.newBuilder().setId(r.getBlockId()).setGenstamp(r.getGenstamp())
            .setLengthBytes(r.getLengthBytes()).build(), uuid, b.getReason());
      }
      blocks.incrementalReport(uuid, received, deleted);
      return null;
    });
  }

  public GetDatanodeReportResponse datanodeReport() {
    DatanodeRegistry registry = blocks.registry();
    GetDatanodeReportResponse.Builder out = GetDatanodeReportResponse.newBuilder();
    long now = registry.nowMs();
    for (DatanodeState n : registry.allNodes()) {
      boolean live = registry.isLive(n.uuid());
      StorageReport s = n.storage();
      out.addNodes(DatanodeReport.newBuilder().setNode(n.info()).setLive(live)
          .setLastHeartbeatAgoMs(now - n.lastHeartbeatMs()).setCapacityBytes(s.getCapacityBytes())
          .setUsedBytes(s.getUsedBytes()).setRemainingBytes(s.getRemainingBytes())
          .setReplicaCount(blocks.replicaCount(n.uuid())).setActiveTransfers(s.getActiveTransfers())
          .setZeroCopyBytesSent(s.getZeroCopyBytesSent()).setAdminState(n.adminState())
          .setFailedVolumes(s.getFailedVolumes()));
      if (live) {
        out.setCapacityBytes(out.getCapacityBytes() + s.getCapacityBytes())
            .setUsedBytes(out.getUsedBytes() + s.getUsedBytes())
            .setRemainingBytes(out.getRemainingBytes() + s.getRemainingBytes());
      }
    }
    BlockManager.BlockHealth health = blocks.health();
    return out.setUnderReplicatedBlocks(health.underReplicated()).setMissingBlocks(health.missing())
        .setCorruptReplicaBlocks(health.withCorruptReplicas()).build();
  }

  private void requireKnown(String uuid) throws CairnException {
    if (!blocks.registry().isKnown(uuid)) {
      throw new CairnException(ErrorCode.INVALID_ARGUMENT, "DataNode " + uuid + " is not registered");
    }
  }

  /**
   * True when the blocks of {@code file} hold at least {@code lengthBytes} readable bytes: an append
   * that writes a file's inline bytes into blocks is read from them once they are visible there.
   */
  private boolean blocksCover(Inode file, long lengthBytes) {
    long readable = 0;
    for (int i = 0; i < file.getBlocksCount(); i++) {
      readable += readable(file, i).getLengthBytes();
    }
    return file.getBlocksCount() > 0 && readable >= lengthBytes;
  }

  /**
   * Block {@code index} of {@code file} at the length readers may read: for the last block of a file
   * being written, what its writer flushed, or what it already held when an append reopened the file.
   */
  private Block readable(Inode file, int index) {
    Block b = file.getBlocks(index);
    if (!BlockManager.underConstruction(file, b.getId())) {
      return b;
    }
    return b.toBuilder().setLengthBytes(Math.max(b.getLengthBytes(), blocks.visibleLength(b.getId()))).build();
  }

  private static long lengthBefore(Inode file, int blockIndex) {
    long sum = 0;
    for (int i = 0; i < blockIndex; i++) {
      sum += file.getBlocks(i).getLengthBytes();
    }
    return sum;
  }

  private static long lastLength(Inode file) {
    return file.getBlocks(file.getBlocksCount() - 1).getLengthBytes();
  }
}
