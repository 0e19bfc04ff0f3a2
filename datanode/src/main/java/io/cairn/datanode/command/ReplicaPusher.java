package io.cairn.datanode.command;

import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.datanode.storage.Replica;
import io.cairn.datanode.storage.ReplicaInput;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.io.IOException;
import java.util.List;

/**
 * Copies a local replica to other DataNodes with a WRITE_BLOCK pipeline, as a client would. The
 * checksums are the stored ones, so the receivers' verification also catches a corrupt local copy.
 * Blocking: runs on a replication thread.
 */
final class ReplicaPusher {
  /** Packets sent and not yet acknowledged, at most. */
  static final int WINDOW_PACKETS = 16;

  private final ReplicaStore store;
  private final String selfUuid;
  private final int connectTimeoutMs;
  private final int readTimeoutMs;

  ReplicaPusher(ReplicaStore store, String selfUuid, int connectTimeoutMs, int readTimeoutMs) {
    this.store = store;
    this.selfUuid = selfUuid;
    this.connectTimeoutMs = connectTimeoutMs;
    this.readTimeoutMs = readTimeoutMs;
  }

  /** Pushes the local replica of {@code block} through {@code targets}; throws when any of them fails. */
  void push(Block block, List<DatanodeInfo> targets) throws IOException {
    DatanodeInfo first = targets.getFirst();
    try (ReplicaInput input = store.openForRead(block.getId(), block.getGenstamp());
        FrameSocket socket = new FrameSocket(first.getHost(), first.getDataPort(), connectTimeoutMs, readTimeoutMs)) {
      Replica r = input.replica();
      if (!r.finalized()) {
        throw new IOException("blk_" + r.blockId() + " is not finalized here");
      }
      Block sent = Block.newBuilder().setId(r.blockId()).setGenstamp(r.genstamp()).setLengthBytes(r.lengthBytes())
          .build();
      socket.send(FrameType.OP_REQUEST, OpRequest.newBuilder().setWriteBlock(WriteBlockOp.newBuilder()
          .setBlock(sent).addAllDownstream(targets.subList(1, targets.size())).setSource(selfUuid)).build());
      Object answer = socket.read();
      if (!(answer instanceof OpResponse resp) || resp.getStatus() != TransferStatus.OK) {
        throw new IOException("the pipeline refused blk_" + r.blockId() + ": " + answer);
      }
      sendPackets(socket, input, r.lengthBytes());
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
      socket.sendPacket(h, input.readChecksums(offset / DataTransfer.BYTES_PER_CHECKSUM,
          DataTransfer.checksumCount(len)), input.readData(offset, len));
      offset += len;
      while (seqno - acked > (last ? 0 : WINDOW_PACKETS - 1)) {
        expectAck(socket, acked++);
      }
    }
  }

  private static void expectAck(FrameSocket socket, long seqno) throws IOException {
    Object frame = socket.read();
    if (!(frame instanceof PipelineAck ack) || ack.getSeqno() != seqno
        || ack.getRepliesList().stream().anyMatch(s -> s != TransferStatus.OK)) {
      throw new IOException("packet " + seqno + " was not acknowledged: " + frame);
    }
  }
}
