package io.cairn.client.io;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameReader;
import io.cairn.common.wire.FrameType;
import io.cairn.common.wire.FrameWriter;
import io.cairn.common.wire.Packet;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test double of a DataNode that follows docs/formats/data-transfer.md over a real socket: it
 * serves reads of the blocks it holds (checksums computed from the data, so a corrupted byte is
 * caught) and receives write pipelines as their only member, verifying checksums and acking every
 * packet. Faults are switched on through its public fields.
 */
final class FakeDataNode implements AutoCloseable {
  final Map<Long, byte[]> blocks = new ConcurrentHashMap<>();
  final List<PacketHeader> received = new CopyOnWriteArrayList<>();
  final AtomicInteger connections = new AtomicInteger();
  final AtomicInteger readExchanges = new AtomicInteger();
  /** Reads: this block offset is served with one bit flipped. */
  volatile long corruptOffset = -1;
  /** Closes every connection after one exchange (as a DataNode that drops idle connections). */
  volatile boolean oneExchangePerConnection;
  /** Writes: the setup answer. */
  volatile TransferStatus setupStatus = TransferStatus.OK;
  /** Writes: packets with this seqno are acknowledged with {@link #badAckStatus}. */
  volatile long badAckSeqno = -1;
  volatile TransferStatus badAckStatus = TransferStatus.IO_ERROR;
  /** Writes: packets from this seqno on are never acknowledged. */
  volatile long silentFromSeqno = Long.MAX_VALUE;

  private final ServerSocket server;
  private final String uuid;

  FakeDataNode(String uuid) throws IOException {
    this.uuid = uuid;
    this.server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    Thread.ofVirtual().name("fake-dn-accept").start(this::acceptLoop);
  }

  DatanodeInfo info() {
    return DatanodeInfo.newBuilder().setUuid(uuid).setHost("127.0.0.1").setDataPort(server.getLocalPort()).build();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread.ofVirtual().start(() -> serve(s));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      FrameReader in = new FrameReader(new BufferedInputStream(s.getInputStream()));
      FrameWriter out = new FrameWriter(new BufferedOutputStream(s.getOutputStream()));
      boolean more = true;
      while (more) {
        OpRequest request = in.read().parse(OpRequest.parser());
        more = request.hasReadBlock() ? read(request.getReadBlock(), out) : write(request.getWriteBlock(), in, out);
        out.flush();
        more &= !oneExchangePerConnection;
      }
    } catch (IOException endOfConnection) {
      // The client went away, or a fault closed the connection on purpose.
    }
  }

  private boolean read(ReadBlockOp op, FrameWriter out) throws IOException {
    readExchanges.incrementAndGet();
    byte[] data = blocks.get(op.getBlock().getId());
    if (data == null || op.getOffsetBytes() > data.length) {
      TransferStatus status = data == null ? TransferStatus.REPLICA_NOT_FOUND : TransferStatus.BAD_REQUEST;
      out.write(FrameType.OP_RESPONSE, OpResponse.newBuilder().setStatus(status).setMessage("no").build());
      return false;
    }
    int chunk = DataTransfer.BYTES_PER_CHECKSUM;
    long first = op.getOffsetBytes() / chunk * chunk;
    long wanted = op.getLengthBytes() < 0 ? data.length : Math.min(data.length, op.getOffsetBytes() + op.getLengthBytes());
    // Whole chunks, as HDFS sends them, so the client can verify the last one.
    long end = Math.min(data.length, (wanted + chunk - 1) / chunk * chunk);
    out.write(FrameType.OP_RESPONSE, OpResponse.newBuilder().setStatus(TransferStatus.OK)
        .setFirstChunkOffsetBytes(first).setBytesPerChecksum(chunk).setReplicaLengthBytes(data.length).build());
    long at = first;
    long seqno = 0;
    do {
      int n = (int) Math.min(DataTransfer.MAX_PACKET_DATA_BYTES, end - at);
      byte[] piece = java.util.Arrays.copyOfRange(data, (int) at, (int) at + n);
      byte[] sums = Checksums.compute(piece, 0, n);
      if (corruptOffset >= at && corruptOffset < at + n) {
        piece[(int) (corruptOffset - at)] ^= 1;
      }
      PacketHeader h = PacketHeader.newBuilder().setSeqno(seqno++).setOffsetInBlockBytes(at).setDataLengthBytes(n)
          .setLast(at + n >= end).build();
      out.writePacket(h, sums, piece, 0, n);
      at += n;
    } while (at < end);
    return true;
  }

  private boolean write(WriteBlockOp op, FrameReader in, FrameWriter out) throws IOException {
    out.write(FrameType.OP_RESPONSE, OpResponse.newBuilder().setStatus(setupStatus).setFailedNode(uuid).build());
    out.flush();
    if (setupStatus != TransferStatus.OK) {
      return false;
    }
    ByteArrayOutputStream replica = new ByteArrayOutputStream();
    if (op.getAppend()) {
      byte[] existing = blocks.get(op.getBlock().getId());
      replica.write(existing, 0, (int) op.getBlock().getLengthBytes());
    }
    while (true) {
      Frame frame = in.read();
      Packet p = frame.packet();
      received.add(p.header());
      long seqno = p.header().getSeqno();
      if (seqno >= silentFromSeqno) {
        continue;
      }
      boolean good = Checksums.firstMismatch(p.data(), p.checksums()) < 0
          && p.header().getOffsetInBlockBytes() == replica.size();
      TransferStatus status = !good ? TransferStatus.CHECKSUM_MISMATCH
          : seqno == badAckSeqno ? badAckStatus : TransferStatus.OK;
      if (status == TransferStatus.OK) {
        byte[] bytes = new byte[p.data().remaining()];
        p.data().get(bytes);
        replica.write(bytes);
        // Stored before the ack, and readable up to what is acknowledged, as a replica being written is.
        blocks.put(op.getBlock().getId(), replica.toByteArray());
      }
      out.write(FrameType.PIPELINE_ACK, PipelineAck.newBuilder().setSeqno(seqno).addReplies(status).build());
      out.flush();
      if (status != TransferStatus.OK) {
        return false;
      }
      if (p.header().getLast()) {
        return true;
      }
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
