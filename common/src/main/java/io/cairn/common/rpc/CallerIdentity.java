package io.cairn.common.rpc;

import io.grpc.Metadata;

/** The request header that carries the caller's user name (simple identity, as HDFS's simple auth). */
public final class CallerIdentity {
  public static final Metadata.Key<String> USER_HEADER =
      Metadata.Key.of("cairn-user", Metadata.ASCII_STRING_MARSHALLER);

  private CallerIdentity() {}

  /**
   * The user this process acts as: {@code CAIRN_USER} when set, else {@code HADOOP_USER_NAME} (as
   * HDFS's simple identity reads it, so the habit carries over), else the OS user.
   */
  public static String currentUser() {
    for (String variable : new String[] {"CAIRN_USER", "HADOOP_USER_NAME"}) {
      String override = System.getenv(variable);
      if (override != null && !override.isBlank()) {
        return override.trim();
      }
    }
    return System.getProperty("user.name");
  }

  /**
   * Whether {@code name} can be a user or group: 1-255 characters, none of them blank, a control
   * character or ':' (which separates owner and group in chown), so listings stay one column each.
   */
  public static boolean isValidName(String name) {
    return name != null && !name.isEmpty() && name.length() <= 255
        && name.chars().noneMatch(c -> c <= 0x20 || c == ':' || c == 0x7f);
  }
}
