package io.cairn.common.wire;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

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
      byte code = in.readByte();
      FrameType type = FrameType.of(code);
      if (type == null) {
        throw new FrameException("unknown frame type " + (code & 0xff));
      }
      byte[] payload = new byte[length - 1];
      in.readFully(payload);
      return new Frame(type, payload);
    } catch (EOFException e) {
      throw new FrameException("truncated frame: the connection closed inside it", e);
    } catch (SocketTimeoutException e) {
      throw new FrameException("timed out inside a frame", e);
    }
  }
}
