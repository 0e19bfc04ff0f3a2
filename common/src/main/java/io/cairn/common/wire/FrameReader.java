package io.cairn.common.wire;

import io.cairn.proto.PacketHeader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/**
 * Reads data-transfer frames from a blocking stream (docs/formats/data-transfer.md). Not
 * thread-safe: one reader per connection, used by one thread at a time. Read timeouts are the
 * stream's (set {@code SO_TIMEOUT} on the socket); a timeout inside a frame leaves the stream
 * unusable and surfaces as a {@link FrameException}.
 */
public final class FrameReader {
  private final DataInputStream in;
  private final int maxFrameBytes;

  /** {@code in} should be buffered; frames above {@link DataTransfer#MAX_FRAME_BYTES} are refused. */
  public FrameReader(InputStream in) {
    this(in, DataTransfer.MAX_FRAME_BYTES);
  }

  /** For tests and peers that agree on a smaller limit. */
  public FrameReader(InputStream in, int maxFrameBytes) {
    this.in = in instanceof DataInputStream d ? d : new DataInputStream(in);
    this.maxFrameBytes = maxFrameBytes;
  }

  /**
   * The next frame. Throws {@link EOFException} when the peer closed the connection between
   * frames, {@link SocketTimeoutException} when nothing arrived in time (no byte of a frame was
   * consumed, so the caller may wait again), and {@link FrameException} for a malformed or truncated
   * frame.
   */
  public Frame read() throws IOException {
    int length = readLength();
    try {
      FrameType type = readType();
      return new Frame(type, readPayload(length - 1));
    } catch (EOFException e) {
      throw truncated(e);
    } catch (SocketTimeoutException e) {
      throw timedOut(e);
    }
  }

  /**
   * Reads the next frame like {@link #read()}, except a PACKET frame: of that only the header and
   * checksums are read, into {@code head} (validated as {@link Packet#decode} does), and null is
   * returned; its {@code head.dataLength()} data bytes are left on the stream for
   * {@link #readData}, which must take all of them before the next frame is read. This lets a
   * reader put the data straight where it is wanted, with no array per packet.
   */
  public Frame readOrPacketHead(PacketHead head) throws IOException {
    int length = readLength();
    try {
      FrameType type = readType();
      if (type != FrameType.PACKET) {
        return new Frame(type, readPayload(length - 1));
      }
      readPacketHead(length - 1, head);
      return null;
    } catch (EOFException e) {
      throw truncated(e);
    } catch (SocketTimeoutException e) {
      throw timedOut(e);
    }
  }

  /** Reads exactly {@code len} data bytes of the packet whose head was read last into {@code b[off, off+len)}. */
  public void readData(byte[] b, int off, int len) throws IOException {
    try {
      in.readFully(b, off, len);
    } catch (EOFException e) {
      throw truncated(e);
    } catch (SocketTimeoutException e) {
      throw timedOut(e);
    }
  }

  private void readPacketHead(int payloadLength, PacketHead head) throws IOException {
    Packet.checkHoldsHeaderLength(payloadLength);
    int headerLength = in.readInt();
    Packet.checkHeaderLength(headerLength, payloadLength);
    PacketHeader header = Packet.parseHeader(ByteBuffer.wrap(readPayload(headerLength)));
    int sumsLength = Packet.checkedChecksumsLength(header, headerLength, payloadLength);
    in.readFully(head.checksumArray(), 0, sumsLength);
    head.set(header, sumsLength);
  }

  /** The length field of the next frame; {@link EOFException} when the peer closed between frames. */
  private int readLength() throws IOException {
    int first = in.read();
    if (first < 0) {
      throw new EOFException("connection closed by the peer");
    }
    try {
      int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
          | in.readUnsignedByte();
      if (length < 1 || length > maxFrameBytes) {
        throw new FrameException("frame length " + Integer.toUnsignedString(length) + " is outside [1, "
            + maxFrameBytes + "]");
      }
      return length;
    } catch (EOFException e) {
      throw truncated(e);
    } catch (SocketTimeoutException e) {
      throw timedOut(e);
    }
  }

  private FrameType readType() throws IOException {
    byte code = in.readByte();
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw new FrameException("unknown frame type " + (code & 0xff));
    }
    return type;
  }

  private byte[] readPayload(int length) throws IOException {
    byte[] payload = new byte[length];
    in.readFully(payload);
    return payload;
  }

  private static FrameException truncated(EOFException e) {
    return new FrameException("truncated frame: the connection closed inside it", e);
  }

  private static FrameException timedOut(SocketTimeoutException e) {
    return new FrameException("timed out inside a frame", e);
  }
}
