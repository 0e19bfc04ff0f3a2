package io.cairn.fuse;

/**
 * Linux errno values (x86-64 and every other Linux architecture jfuse supports share them). jfuse's
 * own {@code Errno} lacks several the bridge needs (EXDEV, ENOSPC, EBUSY, EFBIG), so they live here.
 */
final class Errno {
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EIO = 5;
  static final int EBADF = 9;
  static final int EAGAIN = 11;
  static final int EACCES = 13;
  static final int EBUSY = 16;
  static final int EEXIST = 17;
  static final int EXDEV = 18;
  static final int ENOTDIR = 20;
  static final int EISDIR = 21;
  static final int EINVAL = 22;
  static final int EFBIG = 27;
  static final int ENOSPC = 28;
  static final int EROFS = 30;
  static final int ENAMETOOLONG = 36;
  static final int ENOSYS = 38;
  static final int ENOTEMPTY = 39;
  static final int ENODATA = 61;
  static final int ENOTSUP = 95;
  static final int ETIMEDOUT = 110;

  private Errno() {}
}
