package io.cairn.common.rpc;

import io.grpc.Metadata;

/** The request header that carries the caller's user name (simple identity, as HDFS's simple auth). */
public final class CallerIdentity {
  public static final Metadata.Key<String> USER_HEADER =
      Metadata.Key.of("cairn-user", Metadata.ASCII_STRING_MARSHALLER);

  private CallerIdentity() {}

  /** The user this process acts as: {@code CAIRN_USER} when set, else the OS user. */
  public static String currentUser() {
    String override = System.getenv("CAIRN_USER");
    if (override != null && !override.isBlank()) {
      return override.trim();
    }
    return System.getProperty("user.name");
  }
}
