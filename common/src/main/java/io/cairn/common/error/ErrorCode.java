package io.cairn.common.error;

/**
 * Why an expected operation failed. Travels over the wire by name (gRPC trailer {@code cairn-error}),
 * so clients switch on it instead of parsing messages. Never rename a constant.
 */
public enum ErrorCode {
  /** The path, or one of its parents, does not exist. */
  NOT_FOUND,
  /** Something already exists where the operation wanted to create. */
  EXISTS,
  /** A directory that had to be empty is not. */
  NOT_EMPTY,
  /** A path component that must be a directory is a file. */
  NOT_DIRECTORY,
  /** The operation needs a file and found a directory. */
  IS_DIRECTORY,
  /** The caller lacks the permission. */
  PERMISSION,
  /** The path itself is malformed (relative, "..", a NUL, too long, ...). */
  INVALID_PATH,
  /** An argument other than the path is out of range or malformed. */
  INVALID_ARGUMENT,
  /** Another writer holds the file's lease. */
  LEASE_CONFLICT,
  /** The NameNode is in safe mode and refuses mutations. */
  SAFE_MODE,
  /** The server could not be reached or did not answer in time. */
  UNAVAILABLE,
  /** A storage or I/O failure on the server. */
  IO,
  /** A bug: an invariant did not hold. */
  INTERNAL,
  /** A disk the operation needs is full, or below the room its server keeps in reserve. */
  NO_SPACE;

  /** Decodes a name from the wire; an unknown name (a newer server) becomes {@link #INTERNAL}. */
  public static ErrorCode fromName(String name) {
    if (name == null) {
      return INTERNAL;
    }
    try {
      return valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return INTERNAL;
    }
  }
}
