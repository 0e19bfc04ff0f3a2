package io.cairn.fuse;

/** A failure the bridge answers with a specific errno, raised where the bridge itself decides (not the NameNode). */
final class FuseError extends java.io.IOException {
  private static final long serialVersionUID = 1L;

  private final int errno;

  FuseError(int errno, String message) {
    super(message);
    this.errno = errno;
  }

  int errno() {
    return errno;
  }
}
