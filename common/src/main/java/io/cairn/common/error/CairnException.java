package io.cairn.common.error;

import java.io.IOException;

/** An expected failure with a machine-readable {@link ErrorCode} and a message that names the problem. */
public class CairnException extends IOException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public CairnException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public CairnException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }

  public static CairnException notFound(String path) {
    return new CairnException(ErrorCode.NOT_FOUND, path + ": No such file or directory");
  }

  public static CairnException exists(String path) {
    return new CairnException(ErrorCode.EXISTS, path + ": File exists");
  }

  public static CairnException notDirectory(String path) {
    return new CairnException(ErrorCode.NOT_DIRECTORY, path + ": Not a directory");
  }

  public static CairnException isDirectory(String path) {
    return new CairnException(ErrorCode.IS_DIRECTORY, path + ": Is a directory");
  }

  public static CairnException notEmpty(String path) {
    return new CairnException(ErrorCode.NOT_EMPTY, path + ": Directory is not empty");
  }

  public static CairnException invalidPath(String path, String why) {
    return new CairnException(ErrorCode.INVALID_PATH, printable(path) + ": Invalid path: " + why);
  }

  public static CairnException invalidArgument(String message) {
    return new CairnException(ErrorCode.INVALID_ARGUMENT, message);
  }

  /** Keeps control characters (a NUL in a bad path) out of terminals and logs, and bounds the length. */
  public static String printable(String s) {
    StringBuilder out = new StringBuilder();
    int limit = Math.min(s.length(), 200);
    for (int i = 0; i < limit; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        out.append(String.format("\\x%02x", (int) c));
      } else {
        out.append(c);
      }
    }
    if (s.length() > limit) {
      out.append("...(").append(s.length()).append(" chars)");
    }
    return out.toString();
  }
}
