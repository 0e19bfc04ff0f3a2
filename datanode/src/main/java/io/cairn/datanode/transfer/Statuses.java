package io.cairn.datanode.transfer;

import io.cairn.common.error.CairnException;
import io.cairn.proto.OpResponse;
import io.cairn.proto.TransferStatus;

/** Maps storage failures to transfer statuses and builds error answers. */
final class Statuses {
  private Statuses() {}

  static TransferStatus of(CairnException e) {
    return switch (e.code()) {
      case NOT_FOUND -> TransferStatus.REPLICA_NOT_FOUND;
      case IO -> TransferStatus.IO_ERROR;
      default -> TransferStatus.BAD_REQUEST;
    };
  }

  static OpResponse error(TransferStatus status, String message) {
    return OpResponse.newBuilder().setStatus(status).setMessage(message).build();
  }
}
