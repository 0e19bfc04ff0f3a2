package io.cairn.datanode.transfer;

import io.cairn.common.error.CairnException;
import io.cairn.common.wire.Checksums;
import io.cairn.datanode.storage.ReplicaWriter;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.util.ArrayDeque;
import java.util.List;

/**
 * WRITE_BLOCK, one DataNode of the pipeline: sets up the rest of the pipeline, then for each packet
 * forwards it downstream (the same buffer, no copy), writes it to the replica and acknowledges it
 * upstream once both the local write and the downstream ack are done. The tail verifies every
 * packet's checksums and acknowledges it once written; the other nodes verify only a last packet
 * they finalize at once (the reasoning is in docs/datanode.md). The last packet finalizes the
 * replica before its ack, and no node finalizes a replica holding a packet nobody verified. Runs on
 * the connection's disk thread, which also receives the downstream events, so it needs no locks.
 */
final class WriteExchange implements Exchange, Downstream.Listener {
  /** Longest pipeline accepted (the DataNodes after this one). */
  static final int MAX_DOWNSTREAM = 16;
  /**
   * Packets written here and waiting for their downstream ack before reading pauses: above a
   * client's window (64), so only a stalled downstream, never a writer within its window, pauses it.
   */
  static final int MAX_PENDING_ACKS = 128;

  private enum State { CONNECTING, RECEIVING, DONE }

  /** A packet written here, waiting for its downstream ack. */
  private record Pending(long seqno, long endOffset, boolean last) {}

  private final ExchangeHost host;
  private final TransferContext env;
  private final ReadThrottle throttle;
  private final WriteBlockOp op;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private ReplicaWriter writer;
  private Downstream downstream;
  private State state = State.CONNECTING;
  private long nextSeqno;
  private long nextOffset;
  private boolean lastReceived;
  /** The replica was moved to finalized. */
  private boolean finalized;

  WriteExchange(ExchangeHost host, TransferContext env, ReadThrottle throttle, WriteBlockOp op) {
    this.host = host;
    this.env = env;
    this.throttle = throttle;
    this.op = op;
  }

  @Override
  public void start() {
    String invalid = validate(op);
    if (invalid != null) {
      host.fail(Statuses.error(TransferStatus.BAD_REQUEST, invalid), invalid);
      return;
    }
    boolean create = !op.getRecovery() && !op.getAppend();
    // A new replica: ask the next node first, so the nodes create their files at the same time rather
    // than one after the other (creating a file is the costliest step of a small block's setup). An
    // append or a recovery changes existing replicas, so it goes on only once this node has accepted.
    if (create) {
      connectDownstream();
      openWriter();
    } else if (openWriter()) {
      connectDownstream();
    }
  }

  /** Opens this node's replica; false (the exchange failed) when the store refuses. */
  private boolean openWriter() {
    long id = op.getBlock().getId();
    try {
      long genstamp = op.getBlock().getGenstamp();
      long length = op.getBlock().getLengthBytes();
      writer = op.getRecovery() ? env.store().recoverForPipeline(id, genstamp, length)
          : op.getAppend() ? env.store().append(id, genstamp, length)
          : env.store().create(id, genstamp);
    } catch (CairnException e) {
      host.fail(Statuses.error(Statuses.of(e), e.getMessage()), e.getMessage());
      return false;
    }
    nextOffset = writer.bytesOnDisk();
    boolean last = op.getDownstreamList().isEmpty();
    if (!last) {
      writer.reportMayWait();
    }
    // Readers are sent first to the replica of a pipeline's last node, which reports it as kept in
    // the page cache; the other nodes' copies, and copies made for the NameNode, need not stay there.
    if (last && op.getSource().isEmpty()) {
      writer.keepInPageCache();
    } else if (env.config().dropCacheBehindWrites()) {
      writer.dropCacheBehind();
    }
    env.stats().transferStarted();
    if (last) {
      accept();
    }
    return true;
  }

  /** Sends the request on to the next node of the pipeline, if there is one; its answer comes later. */
  private void connectDownstream() {
    List<DatanodeInfo> rest = op.getDownstreamList();
    if (rest.isEmpty()) {
      return;
    }
    WriteBlockOp next = op.toBuilder().clearDownstream().addAllDownstream(rest.subList(1, rest.size())).build();
    downstream = Downstream.connect(host, env, rest.getFirst(), OpRequest.newBuilder().setWriteBlock(next).build(),
        this);
  }

  private static String validate(WriteBlockOp op) {
    if (!op.hasBlock() || op.getBlock().getGenstamp() < 0 || op.getBlock().getLengthBytes() < 0) {
      return "bad write request: a block with a generation stamp and length >= 0 is required";
    }
    if (op.getDownstreamCount() > MAX_DOWNSTREAM) {
      return "bad write request: " + op.getDownstreamCount() + " downstream nodes, at most " + MAX_DOWNSTREAM;
    }
    for (DatanodeInfo d : op.getDownstreamList()) {
      if (d.getHost().isEmpty() || d.getDataPort() <= 0 || d.getDataPort() > 65535) {
        return "bad write request: downstream node " + d.getUuid() + " has no valid address";
      }
    }
    return null;
  }

  private void accept() {
    state = State.RECEIVING;
    host.ctx().writeAndFlush(OpResponse.newBuilder().setStatus(TransferStatus.OK).build());
  }

  @Override
  public void onDownstreamResponse(OpResponse response) {
    if (state != State.CONNECTING) {
      onDownstreamFailure(downstream.describe() + " sent a second OP_RESPONSE");
    } else if (response.getStatus() == TransferStatus.OK) {
      accept();
    } else {
      OpResponse.Builder relay = response.toBuilder();
      if (relay.getFailedNode().isEmpty()) {
        relay.setFailedNode(downstream.target().getUuid());
      }
      host.fail(relay.build(), "downstream refused blk_" + op.getBlock().getId() + ": " + response.getStatus()
          + " " + response.getMessage());
    }
  }

  @Override
  public void onPacket(Packet packet) throws ProtocolException {
    PacketHeader h = packet.header();
    if (state != State.RECEIVING || lastReceived) {
      throw ProtocolException.badRequest(lastReceived ? "PACKET after the last one" : "PACKET before the OP_RESPONSE");
    }
    if (h.getSeqno() != nextSeqno || h.getOffsetInBlockBytes() != nextOffset) {
      throw ProtocolException.badRequest("blk_" + op.getBlock().getId() + ": expected packet " + nextSeqno
          + " at offset " + nextOffset + ", got " + h.getSeqno() + " at " + h.getOffsetInBlockBytes());
    }
    // The tail verifies every packet. Another node verifies only a last packet that finds every
    // earlier one acknowledged by the whole pipeline: then it knows every byte sound and finalizes at
    // once, in parallel with the nodes after it (a small file's whole block is one such packet). A last
    // packet that finds acks still due is forced now and finalized on its own ack.
    boolean finishNow = h.getLast() && (downstream == null || pending.isEmpty());
    if (downstream == null || finishNow) {
      int bad = Checksums.firstMismatch(packet.data().nioBuffer(), packet.checksums().nioBuffer());
      if (bad >= 0) {
        ackFailure(h.getSeqno(), TransferStatus.CHECKSUM_MISMATCH, "blk_" + op.getBlock().getId()
            + ": checksum mismatch in packet " + h.getSeqno() + ", chunk " + bad);
        return;
      }
    }
    if (downstream != null && !downstream.forward(packet)) {
      throttle.downstreamBusy(true);
    }
    try {
      writer.write(h.getOffsetInBlockBytes(), packet.data().nioBuffer(), packet.checksums().nioBuffer());
      if (finishNow) {
        writer.finish();
        finalized = true;
      } else if (h.getSync() || h.getLast()) {
        writer.sync();
      }
    } catch (CairnException e) {
      ackFailure(h.getSeqno(), Statuses.of(e), e.getMessage());
      return;
    }
    nextSeqno++;
    nextOffset += h.getDataLengthBytes();
    lastReceived = h.getLast();
    Pending written = new Pending(h.getSeqno(), nextOffset, h.getLast());
    if (downstream == null) {
      ackUpstream(written, PipelineAck.newBuilder().setSeqno(written.seqno()).addReplies(TransferStatus.OK));
    } else {
      pending.add(written);
      throttle.acksBusy(pending.size() >= MAX_PENDING_ACKS);
    }
  }

  @Override
  public void onDownstreamAck(PipelineAck ack) {
    PipelineAck.Builder up = PipelineAck.newBuilder().setSeqno(ack.getSeqno()).addReplies(TransferStatus.OK)
        .addAllReplies(ack.getRepliesList()).setMessage(ack.getMessage());
    if (ack.getRepliesList().stream().anyMatch(s -> s != TransferStatus.OK) || ack.getRepliesCount() == 0) {
      // A failure further down: relay it, so the sender learns which node failed from its position.
      host.fail(up.build(), "downstream reported a failure for blk_" + op.getBlock().getId() + ": "
          + ack.getRepliesList() + " " + ack.getMessage());
      return;
    }
    Pending head = pending.peek();
    if (state != State.RECEIVING || head == null || head.seqno() != ack.getSeqno()) {
      onDownstreamFailure(downstream.describe() + " acknowledged packet " + ack.getSeqno() + ", expected "
          + (head == null ? "none" : head.seqno()));
      return;
    }
    pending.poll();
    throttle.acksBusy(pending.size() >= MAX_PENDING_ACKS);
    ackUpstream(head, up);
  }

  private void ackUpstream(Pending p, PipelineAck.Builder ack) {
    if (p.last() && !finalized) {
      try {
        writer.finish();
        finalized = true;
      } catch (CairnException e) {
        ackFailure(p.seqno(), Statuses.of(e), e.getMessage());
        return;
      }
    }
    if (p.last()) {
      end();
      host.finished(this);
    } else {
      writer.publish(p.endOffset());
    }
    host.ctx().writeAndFlush(ack.build());
  }

  private void ackFailure(long seqno, TransferStatus status, String why) {
    host.fail(PipelineAck.newBuilder().setSeqno(seqno).addReplies(status).setMessage(why).build(), why);
  }

  @Override
  public void onDownstreamFailure(String why) {
    if (state == State.DONE) {
      return;
    }
    String message = "downstream " + downstream.describe() + " failed: " + why;
    if (state == State.CONNECTING) {
      host.fail(OpResponse.newBuilder().setStatus(TransferStatus.DOWNSTREAM_FAILED)
          .setFailedNode(downstream.target().getUuid()).setMessage(message).build(), message);
    } else {
      long seqno = pending.isEmpty() ? nextSeqno : pending.peek().seqno();
      host.fail(PipelineAck.newBuilder().setSeqno(seqno).addReplies(TransferStatus.OK)
          .addReplies(TransferStatus.DOWNSTREAM_FAILED).setMessage(message).build(), message);
    }
  }

  @Override
  public void onDownstreamIdle() {
    if (state == State.CONNECTING || !pending.isEmpty()) {
      onDownstreamFailure("no answer within " + env.config().ackTimeoutMs() + " ms");
    }
  }

  @Override
  public void onDownstreamWritable(boolean writable) {
    throttle.downstreamBusy(!writable);
  }

  @Override
  public void onWritabilityChanged() {
    // Acks are small and one per packet the sender wrote: they need no flow control of their own.
  }

  @Override
  public void abort() {
    end();
  }

  /** Releases the replica (left in rbw unless finalized), the downstream connection and the throttle. */
  private void end() {
    if (state == State.DONE) {
      return;
    }
    boolean started = writer != null;
    state = State.DONE;
    if (writer != null) {
      writer.close();
    }
    if (downstream != null) {
      downstream.close();
    }
    throttle.downstreamBusy(false);
    throttle.acksBusy(false);
    if (started) {
      env.stats().transferEnded();
    }
  }
}
