package io.cairn.datanode.testing;

import com.google.protobuf.MessageLite;
import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.WriteBlockOp;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A small blocking client written from docs/formats/data-transfer.md, independent of the server's codec. */
public final class TestClient implements AutoCloseable {
  /** A PACKET as received. */
  public record ReceivedPacket(PacketHeader header, byte[] checksums, byte[] data) {}

  /** The answer to a read and the packets that followed. */
  public record ReadResult(OpResponse response, List<ReceivedPacket> packets) {
    /** The data of every packet, joined. */
    public byte[] data() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      packets.forEach(p -> out.writeBytes(p.data()));
      return out.toByteArray();
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  public TestClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = new DataOutputStream(socket.getOutputStream());
  }

  public void send(FrameType type, MessageLite m) throws IOException {
    byte[] payload = m.toByteArray();
    out.writeInt(1 + payload.length);
    out.writeByte(type.code());
    out.write(payload);
    out.flush();
  }

  public void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Sends {@code data[off, off+len)} as packet {@code seqno}; {@code corrupt} flips a bit of its first checksum. */
  public void sendPacket(long seqno, long offset, byte[] data, int off, int len, boolean last, boolean corrupt)
      throws IOException {
    byte[] header = PacketHeader.newBuilder().setSeqno(seqno).setOffsetInBlockBytes(offset).setDataLengthBytes(len)
        .setLast(last).build().toByteArray();
    byte[] sums = Checksums.compute(data, off, len);
    if (corrupt && sums.length > 0) {
      sums[0] ^= 1;
    }
    out.writeInt(1 + 4 + header.length + sums.length + len);
    out.writeByte(FrameType.PACKET.code());
    out.writeInt(header.length);
    out.write(header);
    out.write(sums);
    out.write(data, off, len);
    out.flush();
  }

  /** The next frame: an OpResponse, PipelineAck or ReceivedPacket; null when the server closed the connection. */
  public Object readFrame() throws IOException {
    int length;
    try {
      length = in.readInt();
    } catch (EOFException e) {
      return null;
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    FrameType type = FrameType.of(frame[0]);
    byte[] payload = Arrays.copyOfRange(frame, 1, frame.length);
    return switch (type) {
      case OP_RESPONSE -> OpResponse.parseFrom(payload);
      case PIPELINE_ACK -> PipelineAck.parseFrom(payload);
      case PACKET -> packet(payload);
      default -> throw new IOException("unexpected frame type " + type);
    };
  }

  private static ReceivedPacket packet(byte[] payload) throws IOException {
    int headerLength = ((payload[0] & 0xFF) << 24) | ((payload[1] & 0xFF) << 16) | ((payload[2] & 0xFF) << 8)
        | (payload[3] & 0xFF);
    PacketHeader h = PacketHeader.parseFrom(Arrays.copyOfRange(payload, 4, 4 + headerLength));
    int sumsAt = 4 + headerLength;
    int dataAt = sumsAt + DataTransfer.checksumCount(h.getDataLengthBytes()) * DataTransfer.CHECKSUM_SIZE;
    return new ReceivedPacket(h, Arrays.copyOfRange(payload, sumsAt, dataAt),
        Arrays.copyOfRange(payload, dataAt, payload.length));
  }

  public OpResponse startWrite(Block block, List<DatanodeInfo> downstream) throws IOException {
    send(FrameType.OP_REQUEST, OpRequest.newBuilder().setWriteBlock(WriteBlockOp.newBuilder().setBlock(block)
        .addAllDownstream(downstream).setClientName("test")).build());
    return (OpResponse) readFrame();
  }

  /** Sends {@code data} in packets of {@code packetBytes} (the last with last=true) and collects one ack per packet. */
  public List<PipelineAck> writePackets(byte[] data, int packetBytes) throws IOException {
    int count = Math.max(1, (data.length + packetBytes - 1) / packetBytes);
    for (int i = 0; i < count; i++) {
      int off = i * packetBytes;
      sendPacket(i, off, data, off, Math.min(packetBytes, data.length - off), i == count - 1, false);
    }
    List<PipelineAck> acks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      acks.add((PipelineAck) readFrame());
    }
    return acks;
  }

  /** A read by a reader that does not state the packet size it takes. */
  public ReadResult read(Block block, long offset, long length) throws IOException {
    return read(block, offset, length, 0);
  }

  public ReadResult read(Block block, long offset, long length, int maxPacketBytes) throws IOException {
    send(FrameType.OP_REQUEST, OpRequest.newBuilder().setReadBlock(ReadBlockOp.newBuilder().setBlock(block)
        .setOffsetBytes(offset).setLengthBytes(length).setClientName("test").setMaxPacketBytes(maxPacketBytes))
        .build());
    OpResponse response = (OpResponse) readFrame();
    List<ReceivedPacket> packets = new ArrayList<>();
    if (response != null && response.getStatus() == io.cairn.proto.TransferStatus.OK) {
      ReceivedPacket p;
      do {
        p = (ReceivedPacket) readFrame();
        packets.add(p);
      } while (!p.header().getLast());
    }
    return new ReadResult(response, packets);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
