package io.cairn.common.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;

/**
 * One data-transfer frame: its type and its payload (the bytes after the type byte). The payload
 * array is owned by the frame; nothing else writes to it.
 */
public record Frame(FrameType type, byte[] payload) {
  /** Parses the payload as a protobuf message; a payload that does not parse is a {@link FrameException}. */
  public <T> T parse(Parser<T> parser) throws FrameException {
    try {
      return parser.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new FrameException("the payload of a " + type + " frame does not parse: " + e.getMessage(), e);
    }
  }

  /** Parses the payload as a packet (header, checksums, data). */
  public Packet packet() throws FrameException {
    return Packet.decode(payload);
  }
}
