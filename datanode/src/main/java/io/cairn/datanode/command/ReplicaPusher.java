package io.cairn.datanode.command;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaInput;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.datanode.transfer.ReplicaCopier;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Copies a local replica to other DataNodes with a WRITE_BLOCK pipeline, as a client would. The
 * checksums are the stored ones, so the receivers' verification also catches a corrupt local copy.
 * Blocking: runs on a replication thread, or a transfer's own thread.
 */
public final class ReplicaPusher implements ReplicaCopier {
  /** Packets sent and not yet acknowledged, at most. */
  static final int WINDOW_PACKETS = 16;

  private final ReplicaStore store;
  private final String selfUuid;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;

  public ReplicaPusher(ReplicaStore store, String selfUuid, int connectTimeoutMs, int readTimeoutMs) {
    this.store = store;
    this.selfUuid = selfUuid;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  /** Pushes the local finalized replica of {@code block} through {@code targets}; throws when any of them fails. */
  void push(Block block, List<DatanodeInfo> targets) throws IOException {
    try (ReplicaInput input = store.openForRead(block.getId(), block.getGenstamp())) {
      Replica r = input.replica();
      if (!r.finalized()) {
        throw new IOException("blk_" + r.blockId() + " is not finalized here");
      }
      send(input, Block.newBuilder().setId(r.blockId()).setGenstamp(r.genstamp()).setLengthBytes(r.lengthBytes())
          .build(), targets);
    }
  }

  /**
   * Pipeline recovery's transfer: pushes the first {@code source.length_bytes} of the local replica of
   * {@code source} (finalized or being written) to {@code targets} as a replica at {@code newGenstamp}.
   */
  @Override
  public void copy(Block source, long newGenstamp, List<DatanodeInfo> targets) throws IOException {
    try (ReplicaInput input = store.openForRead(source.getId(), source.getGenstamp())) {
      Replica r = input.replica();
      if (r.genstamp() != source.getGenstamp() || r.lengthBytes() < source.getLengthBytes()) {
        throw new IOException("blk_" + r.blockId() + "_" + r.genstamp() + " holds " + r.lengthBytes()
            + " bytes here, the transfer asks for " + source.getLengthBytes() + " at stamp " + source.getGenstamp());
      }
      send(input, source.toBuilder().setGenstamp(newGenstamp).build(), targets);
    }
  }

  private void send(ReplicaInput input, Block sent, List<DatanodeInfo> targets) throws IOException {
    DatanodeInfo first = targets.getFirst();
    try (FrameSocket socket = new FrameSocket(first.getHost(), first.getDataPort(), connectTimeoutMs, readTimeoutMs)) {
      socket.send(FrameType.OP_REQUEST, OpRequest.newBuilder().setWriteBlock(WriteBlockOp.newBuilder()
          .setBlock(sent).addAllDownstream(targets.subList(1, targets.size())).setSource(selfUuid)).build());
      Object answer = socket.read();
      if (!(answer instanceof OpResponse resp) || resp.getStatus() != TransferStatus.OK) {
        throw new IOException("the pipeline refused blk_" + sent.getId() + ": " + answer);
      }
      sendPackets(socket, input, sent.getLengthBytes());
    }
  }

  private static void sendPackets(FrameSocket socket, ReplicaInput input, long length) throws IOException {
    long seqno = 0;
    long acked = 0;
    long offset = 0;
    boolean last = false;
    while (!last) {
      int len = (int) Math.min(DataTransfer.MAX_PACKET_DATA_BYTES, length - offset);
      last = offset + len >= length;
      PacketHeader h = PacketHeader.newBuilder().setSeqno(seqno++).setOffsetInBlockBytes(offset)
          .setDataLengthBytes(len).setLast(last).build();
      ByteBuffer data = input.readData(offset, len);
      socket.sendPacket(h, checksums(input, offset, len, data, last && length < input.replica().lengthBytes()), data);
      offset += len;
      while (seqno - acked > (last ? 0 : WINDOW_PACKETS - 1)) {
        expectAck(socket, acked++);
      }
    }
  }

  /**
   * The stored checksums of a packet, except that a copy cut inside a chunk (a prefix of a longer
   * replica) gets that last chunk's checksum computed over the bytes it sends, since the stored one
   * covers bytes it leaves out.
   */
  private static ByteBuffer checksums(ReplicaInput input, long offset, int len, ByteBuffer data, boolean cut)
      throws IOException {
    ByteBuffer sums = input.readChecksums(offset / DataTransfer.BYTES_PER_CHECKSUM, DataTransfer.checksumCount(len));
    int tail = len % DataTransfer.BYTES_PER_CHECKSUM;
    if (cut && tail != 0) {
      byte[] bytes = new byte[tail];
      data.duplicate().position(len - tail).get(bytes);
      sums.put(sums.limit() - DataTransfer.CHECKSUM_SIZE, Checksums.compute(bytes, 0, tail));
    }
    return sums;
  }

  private static void expectAck(FrameSocket socket, long seqno) throws IOException {
    Object frame = socket.read();
    if (!(frame instanceof PipelineAck ack) || ack.getSeqno() != seqno
        || ack.getRepliesList().stream().anyMatch(s -> s != TransferStatus.OK)) {
      throw new IOException("packet " + seqno + " was not acknowledged: " + frame);
    }
  }
}
