package io.cairn.fuse;

import io.cairn.client.io.DataNodeException;
import io.cairn.common.error.CairnException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a failure into the errno the kernel passes on to the program (positive; callers negate it). */
final class ErrnoMapping {
  private ErrnoMapping() {}

  static int errnoOf(Throwable t) {
    return switch (t) {
      case FuseError e -> e.errno();
      case DataNodeException e -> looksLikeNoSpace(e) ? Errno.ENOSPC : Errno.EIO;
      case CairnException e -> errnoOf(e);
      case NoSuchFileException e -> Errno.ENOENT;
      case FileNotFoundException e -> Errno.ENOENT;
      case FileSystemException e -> looksLikeNoSpace(e) ? Errno.ENOSPC : Errno.EIO;
      case IOException e -> looksLikeNoSpace(e) ? Errno.ENOSPC : Errno.EIO;
      default -> Errno.EIO;
    };
  }

  private static int errnoOf(CairnException e) {
    return switch (e.code()) {
      case NOT_FOUND -> Errno.ENOENT;
      case EXISTS -> Errno.EEXIST;
      case NOT_EMPTY -> Errno.ENOTEMPTY;
      case NOT_DIRECTORY -> Errno.ENOTDIR;
      case IS_DIRECTORY -> Errno.EISDIR;
      case PERMISSION -> Errno.EACCES;
      case INVALID_PATH -> e.getMessage() != null && e.getMessage().contains("too long")
          ? Errno.ENAMETOOLONG : Errno.EINVAL;
      case INVALID_ARGUMENT -> Errno.EINVAL;
      case LEASE_CONFLICT -> Errno.EBUSY;
      case SAFE_MODE -> Errno.EROFS;
      case UNAVAILABLE -> Errno.EIO;
      case IO -> looksLikeNoSpace(e) ? Errno.ENOSPC : Errno.EIO;
      case INTERNAL -> Errno.EIO;
      case NO_SPACE -> Errno.ENOSPC;
    };
  }

  /** DataNodes and the NameNode report a full disk or no place for a block only in words. */
  private static boolean looksLikeNoSpace(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null) {
        String lower = m.toLowerCase(java.util.Locale.ROOT);
        if (lower.contains("no space") || lower.contains("not enough space") || lower.contains("disk full")
            || lower.contains("no live datanode can take")) {
          return true;
        }
      }
    }
    return false;
  }
}
