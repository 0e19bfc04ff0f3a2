package io.cairn.common.wire;

import java.io.IOException;

/**
 * The peer broke the data-transfer framing (docs/formats/data-transfer.md): a length out of range,
 * an unknown type, a truncated frame or a payload that does not parse. The connection cannot be
 * trusted afterwards and must be closed.
 */
public class FrameException extends IOException {
  private static final long serialVersionUID = 1L;

  public FrameException(String message) {
    super(message);
  }

  public FrameException(String message, Throwable cause) {
    super(message, cause);
  }
}
