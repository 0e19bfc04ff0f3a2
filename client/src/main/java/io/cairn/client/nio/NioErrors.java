package io.cairn.client.nio;

import io.cairn.common.error.CairnException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Turns a {@link CairnException} into the {@link FileSystemException} java.nio.file names for the
 * same failure, naming the path and keeping the original as the cause. Codes without a
 * counterpart stay CairnExceptions (IOExceptions with a clear message).
 */
final class NioErrors {
  private NioErrors() {}

  static IOException translate(CairnException e, String path) {
    return translate(e, path, null);
  }

  /** As {@link #translate(CairnException, String)} for a two-path operation (copy, move). */
  static IOException translate(CairnException e, String path, String other) {
    IOException mapped = switch (e.code()) {
      case NOT_FOUND -> new NoSuchFileException(path, other, e.getMessage());
      case EXISTS -> new FileAlreadyExistsException(other != null ? other : path, null, e.getMessage());
      case NOT_EMPTY -> new DirectoryNotEmptyException(other != null ? other : path);
      case PERMISSION -> new AccessDeniedException(path, other, e.getMessage());
      case NOT_DIRECTORY -> new NotDirectoryException(path);
      case IS_DIRECTORY -> new FileSystemException(path, other, "Is a directory");
      case INVALID_ARGUMENT -> new FileSystemException(path, other, e.getMessage());
      default -> e;
    };
    if (mapped != e) {
      mapped.initCause(e);
    }
    return mapped;
  }
}
