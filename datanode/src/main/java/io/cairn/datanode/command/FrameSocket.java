package io.cairn.datanode.command;

import com.google.protobuf.MessageLite;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;

/**
 * A blocking data-transfer connection for a DataNode acting as a client (replication). Frames as in
 * docs/formats/data-transfer.md. Not thread-safe.
 */
final class FrameSocket implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;

  FrameSocket(String host, int port, int connectTimeoutMs, int readTimeoutMs) throws IOException {
    socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(readTimeoutMs);
      socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
      in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 << 10));
      out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 128 << 10));
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  void send(FrameType type, MessageLite message) throws IOException {
    byte[] payload = message.toByteArray();
    out.writeInt(1 + payload.length);
    out.writeByte(type.code());
    out.write(payload);
    out.flush();
  }

  /** Sends a PACKET; {@code sums} and {@code data} are written from position to limit. */
  void sendPacket(PacketHeader header, ByteBuffer sums, ByteBuffer data) throws IOException {
    byte[] h = header.toByteArray();
    out.writeInt(1 + 4 + h.length + sums.remaining() + data.remaining());
    out.writeByte(FrameType.PACKET.code());
    out.writeInt(h.length);
    out.write(h);
    write(sums);
    write(data);
    out.flush();
  }

  private void write(ByteBuffer b) throws IOException {
    if (b.hasArray()) {
      out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
    } else {
      byte[] copy = new byte[b.remaining()];
      b.duplicate().get(copy);
      out.write(copy);
    }
  }

  /** Reads one frame: an {@link OpResponse} or a {@link PipelineAck}; anything else is an IOException. */
  Object read() throws IOException {
    int length = in.readInt();
    if (length < 1 || length > DataTransfer.MAX_FRAME_BYTES) {
      throw new IOException("the peer sent a frame of length " + length);
    }
    byte[] frame = new byte[length];
    in.readFully(frame);
    FrameType type = FrameType.of(frame[0]);
    if (type == FrameType.OP_RESPONSE) {
      return OpResponse.parseFrom(ByteBuffer.wrap(frame, 1, length - 1));
    }
    if (type == FrameType.PIPELINE_ACK) {
      return PipelineAck.parseFrom(ByteBuffer.wrap(frame, 1, length - 1));
    }
    throw new IOException("the peer sent an unexpected frame of type " + (frame[0] & 0xFF));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
