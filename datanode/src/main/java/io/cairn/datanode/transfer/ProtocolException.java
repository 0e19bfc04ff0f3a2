package io.cairn.datanode.transfer;

import io.cairn.proto.TransferStatus;

/** A peer broke the data-transfer protocol; answered with {@link #status()} and the connection closed. */
public final class ProtocolException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient TransferStatus status;

  public ProtocolException(TransferStatus status, String message) {
    super(message);
    this.status = status;
  }

  public static ProtocolException badRequest(String message) {
    return new ProtocolException(TransferStatus.BAD_REQUEST, message);
  }

  public TransferStatus status() {
    return status;
  }
}
