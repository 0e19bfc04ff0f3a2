package io.cairn.common.wire;

/** The type byte of a data-plane frame (docs/formats/data-transfer.md). Never renumber. */
public enum FrameType {
  OP_REQUEST(1),
  OP_RESPONSE(2),
  PACKET(3),
  PIPELINE_ACK(4);

  private final byte code;

  FrameType(int code) {
    this.code = (byte) code;
  }

  public byte code() {
    return code;
  }

  /** Null for an unknown code. */
  public static FrameType of(byte code) {
    for (FrameType t : values()) {
      if (t.code == code) {
        return t;
      }
    }
    return null;
  }
}
