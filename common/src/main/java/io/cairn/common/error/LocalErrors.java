package io.cairn.common.error;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One line for a failure, in the words of the shell: local file errors read like Cairn's own
 * ("PATH: No such file or directory"). The shell and the servers' start-up print through it.
 */
public final class LocalErrors {
  private LocalErrors() {}

  public static String describe(Throwable e) {
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
    if (e instanceof FileSystemException fse) {
      // Without a reason its message is the path alone: the kind of failure is what is left to say.
      return fse.getFile() + ": " + (fse.getReason() != null ? fse.getReason() : fse.getClass().getSimpleName());
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  public static String describe(IOException e) {
    return describe((Throwable) e);
  }
}
