package io.cairn.common.rpc;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Maps {@link CairnException} to a gRPC status with a {@code cairn-error} trailer, and back. */
public final class ErrorStatus {
  public static final Metadata.Key<String> ERROR_TRAILER =
      Metadata.Key.of("cairn-error", Metadata.ASCII_STRING_MARSHALLER);

  private ErrorStatus() {}

  public static StatusRuntimeException toStatus(CairnException e) {
    Metadata trailers = new Metadata();
    trailers.put(ERROR_TRAILER, e.code().name());
    return grpcStatus(e.code()).withDescription(e.getMessage()).asRuntimeException(trailers);
  }

  /** Turns a failed call into the matching CairnException; transport failures become UNAVAILABLE. */
  public static CairnException fromStatus(StatusRuntimeException e, String target) {
    String name = e.getTrailers() == null ? null : e.getTrailers().get(ERROR_TRAILER);
    if (name != null) {
      return new CairnException(ErrorCode.fromName(name), e.getStatus().getDescription(), e);
    }
    Status.Code code = e.getStatus().getCode();
    String detail = e.getStatus().getDescription() == null ? code.name() : e.getStatus().getDescription();
    Throwable cause = e.getCause();
    while (cause != null && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause != null && cause.getMessage() != null) {
      // Netty's native transport words it "finishConnect(..) failed with error(-111): Connection refused".
      String message = cause.getMessage();
      detail = message.contains(": ") && message.contains("failed with error")
          ? message.substring(message.lastIndexOf(": ") + 2) : message;
    }
    if (detail.contains("was not SETTINGS")) {
      // The peer spoke, but not HTTP/2: a DataNode's port, or another service.
      return new CairnException(ErrorCode.UNAVAILABLE, "what answers at " + target + " is not a NameNode", e);
    }
    return switch (code) {
      case DEADLINE_EXCEEDED -> new CairnException(ErrorCode.UNAVAILABLE, "no answer from the NameNode at " + target
          + " in time (" + firstSentence(detail) + ")", e);
      case UNAVAILABLE ->
          new CairnException(ErrorCode.UNAVAILABLE, "cannot reach the NameNode at " + target + ": " + detail, e);
      case RESOURCE_EXHAUSTED -> new CairnException(ErrorCode.INVALID_ARGUMENT, "request refused: " + detail, e);
      case PERMISSION_DENIED -> new CairnException(ErrorCode.PERMISSION, detail, e);
      default -> new CairnException(ErrorCode.INTERNAL, "NameNode error " + code + ": " + detail, e);
    };
  }

  /** gRPC's deadline message goes on with resolver and connection internals after its first sentence. */
  private static String firstSentence(String detail) {
    int end = detail.indexOf(". ");
    return (end < 0 ? detail : detail.substring(0, end)).replace("CallOptions deadline", "deadline");
  }

  private static Status grpcStatus(ErrorCode code) {
    return switch (code) {
      case NOT_FOUND -> Status.NOT_FOUND;
      case EXISTS -> Status.ALREADY_EXISTS;
      case PERMISSION -> Status.PERMISSION_DENIED;
      case INVALID_PATH, INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
      case NOT_EMPTY, NOT_DIRECTORY, IS_DIRECTORY, LEASE_CONFLICT, SAFE_MODE -> Status.FAILED_PRECONDITION;
      case UNAVAILABLE -> Status.UNAVAILABLE;
      case IO, INTERNAL -> Status.INTERNAL;
      case NO_SPACE -> Status.RESOURCE_EXHAUSTED;
    };
  }
}
