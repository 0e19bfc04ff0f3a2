package io.cairn.client.io;

import io.cairn.client.io.WriteSession.PipelineUpdate;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of one block that survives the failure of its DataNodes (HDFS's DataStreamer on
 * error). When a send or an ack fails, the node the failure names is dropped and the pipeline is
 * rebuilt:
 * <ol>
 *   <li>the NameNode hands out a new generation stamp and, to keep the file's replication, nodes to
 *       replace the failed one ({@code UpdateBlockForPipeline});</li>
 *   <li>a survivor copies the acknowledged bytes of its replica to the replacements
 *       (TRANSFER_BLOCK), so they hold what the survivors hold;</li>
 *   <li>a WRITE_BLOCK with the recovery flag cuts every replica to the acknowledged length and moves
 *       it to the new stamp, so replicas left at the old stamp (the failed node's) are stale;</li>
 *   <li>the NameNode records the new stamp and pipeline ({@code UpdatePipeline}, an edit);</li>
 *   <li>the packets not acknowledged are sent again, renumbered from 0 for the new exchange.</li>
 * </ol>
 * Bytes are neither lost nor doubled: every replica is cut to exactly the acknowledged length, and
 * the packets resent start there. A rebuild that fails is retried with the next failure, up to
 * {@link #MAX_RECOVERIES} per block; with no survivor left holding acknowledged bytes the write fails.
 *
 * <p>Thread-safety: as {@link BlockWriter}, one sending thread (the stream's, under its lock).
 */
public final class RecoveringBlockPipeline implements BlockPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveringBlockPipeline.class);
  /** Pipeline rebuilds one block may go through (HDFS gives up after 5 as well). */
  static final int MAX_RECOVERIES = 5;

  private final WriteSession session;
  private final String clientName;
  private final DataPathOptions options;
  /** Nodes the file's replication wants: the size of the first pipeline. */
  private final int replication;
  /** Nodes that failed this block's pipelines; never offered again. */
  private final Set<String> failed = new LinkedHashSet<>();
  /** The block and pipeline being written to. */
  private LocatedBlock located;
  /** The block as the NameNode records it (its stamp moves only with UpdatePipeline). */
  private Block recorded;
  private BlockWriter writer;
  /** Packets handed to {@link #writer} and not known to be acknowledged, oldest first. */
  private final Deque<OutgoingPacket> unacked = new ArrayDeque<>();
  /** How many packets handed to {@link #writer} were dropped from {@link #unacked} as acknowledged. */
  private long trimmed;
  private long nextSeqno;
  /** Block offset just past the last packet sent. */
  private long sentEnd;
  private int recoveries;

  private RecoveringBlockPipeline(LocatedBlock located, WriteSession session, String clientName,
      DataPathOptions options) {
    this.located = located;
    this.recorded = located.getBlock();
    this.session = session;
    this.clientName = clientName;
    this.options = options;
    this.replication = located.getLocationsCount();
    this.sentEnd = located.getBlock().getLengthBytes();
  }

  /** Opens the pipeline of {@code located} (an append: its replicas hold {@code block.length_bytes}). */
  public static RecoveringBlockPipeline open(LocatedBlock located, boolean append, WriteSession session,
      String clientName, DataPathOptions options) throws IOException {
    RecoveringBlockPipeline p = new RecoveringBlockPipeline(located, session, clientName, options);
    BlockWriter.Stage stage = append ? BlockWriter.Stage.APPEND : BlockWriter.Stage.CREATE;
    try {
      p.writer = BlockWriter.open(located, stage, clientName, options);
    } catch (DataNodeException e) {
      p.recover(e);
    }
    return p;
  }

  @Override
  public void send(OutgoingPacket packet) throws IOException {
    trimAcked();
    OutgoingPacket p = renumbered(packet, nextSeqno++);
    unacked.addLast(p);
    sentEnd = p.endOffset();
    try {
      writer.send(p);
    } catch (DataNodeException e) {
      recover(e);
    }
  }

  @Override
  public void awaitAcked() throws IOException {
    while (true) {
      try {
        writer.awaitAcked();
        trimAcked();
        return;
      } catch (DataNodeException e) {
        recover(e);
      }
    }
  }

  @Override
  public Block block() {
    return located.getBlock();
  }

  private void trimAcked() {
    long acked = writer == null ? 0 : writer.ackedCount();
    while (trimmed < acked && !unacked.isEmpty()) {
      unacked.removeFirst();
      trimmed++;
    }
  }

  /** Rebuilds the pipeline around the node {@code cause} names and resends what was not acknowledged. */
  private void recover(DataNodeException cause) throws IOException {
    DataNodeException failure = cause;
    while (true) {
      trimAcked();
      if (writer != null) {
        writer.close();
      }
      if (++recoveries > MAX_RECOVERIES) {
        throw new DataNodeException(failure.datanode(), "write pipeline of " + DataNodeException.describe(recorded)
            + ": giving up after " + MAX_RECOVERIES + " pipeline recoveries; last failure: " + failure.getMessage(),
            failure);
      }
      try {
        rebuild(failure);
        return;
      } catch (DataNodeException next) {
        failure = next;
      }
    }
  }

  private void rebuild(DataNodeException failure) throws IOException {
    String bad = failure.datanode().getUuid();
    List<DatanodeInfo> survivors = new ArrayList<>();
    for (DatanodeInfo dn : located.getLocationsList()) {
      if (!dn.getUuid().equals(bad)) {
        survivors.add(dn);
      }
    }
    if (bad.isEmpty() || survivors.size() == located.getLocationsCount()) {
      // The failure names no member of the pipeline: nothing to rebuild around.
      throw failure;
    }
    failed.add(bad);
    session.dataNodeFailed(bad);
    long ackedLength = unacked.isEmpty() ? sentEnd : unacked.peekFirst().header().getOffsetInBlockBytes();
    if (survivors.isEmpty() && ackedLength > 0) {
      throw new DataNodeException(failure.datanode(), "write pipeline of " + DataNodeException.describe(recorded)
          + ": every DataNode of the pipeline failed, and with them the " + ackedLength
          + " acknowledged bytes of the block; last failure: " + failure.getMessage(), failure);
    }
    LOG.warn("write pipeline of {}: {} failed ({}); rebuilding from {} survivors at {} acknowledged bytes",
        DataNodeException.describe(recorded), DataNodeException.describe(failure.datanode()), failure.getMessage(),
        survivors.size(), ackedLength);
    Set<String> avoid = new LinkedHashSet<>(failed);
    survivors.forEach(dn -> avoid.add(dn.getUuid()));
    PipelineUpdate update = session.updateBlockForPipeline(recorded, avoid,
        Math.max(0, replication - survivors.size()));
    List<DatanodeInfo> pipeline = new ArrayList<>(survivors);
    pipeline.addAll(bringUpToDate(survivors, update, ackedLength));
    if (pipeline.isEmpty()) {
      throw new DataNodeException(failure.datanode(), "write pipeline of " + DataNodeException.describe(recorded)
          + ": no DataNode is left to write to; last failure: " + failure.getMessage(), failure);
    }
    Block updated = recorded.toBuilder().setGenstamp(update.newGenstamp()).setLengthBytes(ackedLength).build();
    located = located.toBuilder().setBlock(updated).clearLocations().addAllLocations(pipeline).build();
    BlockWriter rebuilt = BlockWriter.open(located, BlockWriter.Stage.RECOVER, clientName, options);
    // Only now: if the open failed, the next attempt must still see what was not acknowledged.
    writer = rebuilt;
    List<OutgoingPacket> resend = new ArrayList<>(unacked);
    unacked.clear();
    trimmed = 0;
    nextSeqno = 0;
    session.updatePipeline(recorded, updated, pipeline);
    recorded = updated;
    LOG.info("write pipeline of blk_{} rebuilt at genstamp {} on {} nodes; resending {} packets", updated.getId(),
        updated.getGenstamp(), pipeline.size(), resend.size());
    for (OutgoingPacket p : resend) {
      OutgoingPacket q = renumbered(p, nextSeqno++);
      unacked.addLast(q);
      writer.send(q);
    }
  }

  /**
   * The replacement nodes that now hold the acknowledged bytes: copied there by a survivor, or none
   * needed before the first byte. A copy that fails leaves the pipeline shorter rather than the write
   * failed (the NameNode re-replicates the block once it is complete).
   */
  private List<DatanodeInfo> bringUpToDate(List<DatanodeInfo> survivors, PipelineUpdate update, long ackedLength) {
    List<DatanodeInfo> added = update.replacements();
    if (added.isEmpty() || ackedLength == 0) {
      return added;
    }
    Block source = recorded.toBuilder().setLengthBytes(ackedLength).build();
    for (DatanodeInfo from : survivors) {
      try {
        BlockTransfer.run(from, source, update.newGenstamp(), added, clientName, options);
        return added;
      } catch (DataNodeException e) {
        LOG.warn("copying {} from {} to the replacement nodes failed: {}", DataNodeException.describe(source),
            DataNodeException.describe(from), e.getMessage());
      }
    }
    return List.of();
  }

  private static OutgoingPacket renumbered(OutgoingPacket p, long seqno) {
    if (p.header().getSeqno() == seqno) {
      return p;
    }
    return new OutgoingPacket(p.header().toBuilder().setSeqno(seqno).build(), p.checksums(), p.data());
  }

  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
  }
}
