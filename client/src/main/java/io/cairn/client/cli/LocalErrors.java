package io.cairn.client.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** One line for a failure, in the words of the shell: local file errors read like Cairn's own. */
final class LocalErrors {
  private LocalErrors() {}

  static String describe(Throwable e) {
    String reason = switch (e) {
      case NoSuchFileException x -> "No such file or directory";
      case FileAlreadyExistsException x -> "File exists";
      case AccessDeniedException x -> "Permission denied";
      case NotDirectoryException x -> "Not a directory";
      case DirectoryNotEmptyException x -> "Directory is not empty";
      default -> null;
    };
    if (reason != null && e instanceof FileSystemException fse) {
      return fse.getFile() + ": " + reason;
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getFile() + ": " + fse.getReason();
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  static String describe(IOException e) {
    return describe((Throwable) e);
  }
}
