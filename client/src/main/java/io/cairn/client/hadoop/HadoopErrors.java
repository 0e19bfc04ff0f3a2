package io.cairn.client.hadoop;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.FileNotFoundException;
import java.io.IOException;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.security.AccessControlException;

/**
 * Turns a {@link CairnException} into the exception Hadoop's FileSystem contract names for the
 * same failure, keeping the message and the original as the cause. Codes without a Hadoop
 * counterpart (bad paths, lease conflicts, safe mode, I/O) stay CairnExceptions, which are IOExceptions.
 */
final class HadoopErrors {
  private HadoopErrors() {}

  static IOException translate(CairnException e) {
    IOException mapped = switch (e.code()) {
      case NOT_FOUND -> new FileNotFoundException(e.getMessage());
      case EXISTS -> new FileAlreadyExistsException(e.getMessage());
      case NOT_EMPTY -> new PathIsNotEmptyDirectoryException(e.getMessage());
      case NOT_DIRECTORY -> new ParentNotDirectoryException(e.getMessage());
      case PERMISSION -> new AccessControlException(e.getMessage());
      default -> e;
    };
    if (mapped != e) {
      mapped.initCause(e);
    }
    return mapped;
  }

  /**
   * As {@link #translate}, for calls that look a path up: a path under a file is not found
   * (FileNotFoundException), as HDFS answers, not a ParentNotDirectoryException.
   */
  static IOException translateLookup(CairnException e) {
    return e.code() == ErrorCode.NOT_DIRECTORY ? notFound(e) : translate(e);
  }

  /**
   * As {@link #translateLookup}, for calls that need a file: HDFS reports a directory there as
   * "not found" too, and Hadoop's callers rely on that.
   */
  static IOException translateForFile(CairnException e) {
    return e.code() == ErrorCode.IS_DIRECTORY ? notFound(e) : translateLookup(e);
  }

  /** For create: a directory in the way is something that already exists, as in HDFS. */
  static IOException translateForCreate(CairnException e) {
    if (e.code() == ErrorCode.IS_DIRECTORY) {
      FileAlreadyExistsException mapped = new FileAlreadyExistsException(e.getMessage());
      mapped.initCause(e);
      return mapped;
    }
    return translate(e);
  }

  private static FileNotFoundException notFound(CairnException e) {
    FileNotFoundException mapped = new FileNotFoundException(e.getMessage());
    mapped.initCause(e);
    return mapped;
  }
}
