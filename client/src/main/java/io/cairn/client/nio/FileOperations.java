package io.cairn.client.nio;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardCopyOption;
import java.util.Set;

/** The provider's operations on files that take more than one NameNode call: open, delete, copy, move, access. */
final class FileOperations {
  private FileOperations() {}

  static CairnInputStream open(CairnPath p) throws IOException {
    String cp = p.cairnPath();
    try {
      return p.getFileSystem().client().open(cp);
    } catch (CairnException e) {
      throw NioErrors.translate(e, cp);
    }
  }

  /** Files.delete: NoSuchFileException when nothing is there; a directory must be empty; "/" stays. */
  static void delete(CairnPath p) throws IOException {
    String cp = p.cairnPath();
    if (cp.equals("/")) {
      throw new FileSystemException(cp, null, "the root directory cannot be deleted");
    }
    try {
      if (!p.getFileSystem().client().delete(cp, false)) {
        throw new NoSuchFileException(cp);
      }
    } catch (CairnException e) {
      throw NioErrors.translate(e, cp);
    }
  }

  /**
   * Files.copy within Cairn (one cluster or two): a file's bytes are streamed through this client, a
   * directory is created empty. REPLACE_EXISTING replaces a file or an empty directory;
   * COPY_ATTRIBUTES also copies the times and permissions.
   */
  static void copy(CairnPath source, CairnPath target, CopyOption... options) throws IOException {
    Set<CopyOption> opts = Set.of(options);
    if (opts.contains(StandardCopyOption.ATOMIC_MOVE)) {
      throw new UnsupportedOperationException("cairn: ATOMIC_MOVE is an option of move, not copy");
    }
    for (CopyOption o : opts) {
      if (o != StandardCopyOption.REPLACE_EXISTING && o != StandardCopyOption.COPY_ATTRIBUTES
          && o != LinkOption.NOFOLLOW_LINKS) {
        throw new UnsupportedOperationException("cairn: copy option " + o + " is not supported");
      }
    }
    CairnFileAttributes attrs = source.getFileSystem().provider().attributes(source);
    if (source.getFileSystem() == target.getFileSystem() && source.cairnPath().equals(target.cairnPath())) {
      return;
    }
    String dst = target.cairnPath();
    CairnClient to = target.getFileSystem().client();
    try {
      clearTarget(to, dst, opts.contains(StandardCopyOption.REPLACE_EXISTING));
      int mode = opts.contains(StandardCopyOption.COPY_ATTRIBUTES) ? attrs.status().getMode() & 07777
          : (attrs.isDirectory() ? CairnClient.DEFAULT_DIR_MODE : CairnClient.DEFAULT_FILE_MODE) & ~CairnClient.DEFAULT_UMASK;
      if (attrs.isDirectory()) {
        to.mkdirs(dst, mode, false);
      } else {
        try (CairnInputStream in = open(source);
            CairnOutputStream out = to.create(dst, CreateOptions.defaults().createParents(false).mode(mode))) {
          in.transferTo(out);
        }
      }
      if (opts.contains(StandardCopyOption.COPY_ATTRIBUTES)) {
        to.setTimes(dst, attrs.status().getMtimeMs(), attrs.status().getAtimeMs());
      }
    } catch (CairnException e) {
      throw NioErrors.translate(e, source.cairnPath(), dst);
    }
  }

  private static void clearTarget(CairnClient to, String dst, boolean replace) throws IOException {
    if (to.getFileInfo(dst) == null) {
      return;
    }
    if (!replace) {
      throw new FileAlreadyExistsException(dst);
    }
    try {
      to.delete(dst, false);
    } catch (CairnException e) {
      if (e.code() == io.cairn.common.error.ErrorCode.NOT_EMPTY) {
        throw new DirectoryNotEmptyException(dst);
      }
      throw e;
    }
  }

  /**
   * Files.move within one cluster is a rename, atomic whatever the options; REPLACE_EXISTING replaces
   * a file or an empty directory. Between clusters it is a copy and a delete, never atomic.
   */
  static void move(CairnPath source, CairnPath target, CopyOption... options) throws IOException {
    Set<CopyOption> opts = Set.of(options);
    boolean replace = opts.contains(StandardCopyOption.REPLACE_EXISTING);
    if (source.getFileSystem() != target.getFileSystem()) {
      if (opts.contains(StandardCopyOption.ATOMIC_MOVE)) {
        throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "different Cairn clusters");
      }
      copy(source, target, replace ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES}
          : new CopyOption[] {StandardCopyOption.COPY_ATTRIBUTES});
      delete(source);
      return;
    }
    String src = source.cairnPath();
    String dst = target.cairnPath();
    if (src.equals(dst)) {
      source.getFileSystem().provider().attributes(source);
      return;
    }
    CairnClient client = source.getFileSystem().client();
    try {
      try {
        client.rename(src, dst, replace);
      } catch (CairnException e) {
        // A rename replaces only its own kind. As the JDK's own move, REPLACE_EXISTING without
        // ATOMIC_MOVE takes a target of the other kind away first (a directory only if empty).
        boolean otherKind = e.code() == ErrorCode.IS_DIRECTORY || e.code() == ErrorCode.NOT_DIRECTORY;
        if (!replace || opts.contains(StandardCopyOption.ATOMIC_MOVE) || !otherKind) {
          throw e;
        }
        clearTarget(client, dst, true);
        client.rename(src, dst, true);
      }
    } catch (CairnException e) {
      throw NioErrors.translate(e, src, dst);
    }
  }

  /**
   * What the permission bits allow: the owner's bits for the owner; for anyone else the group bits
   * or the others' bits, since group membership is resolved on the NameNode, which checks every
   * operation itself. No mode = existence only.
   */
  static void checkAccess(CairnPath p, CairnFileAttributes attrs, Set<AccessMode> modes) throws IOException {
    int mode = attrs.status().getMode();
    boolean owner = attrs.status().getOwner().equals(p.getFileSystem().client().user());
    for (AccessMode m : modes) {
      int bit = switch (m) {
        case READ -> 4;
        case WRITE -> 2;
        case EXECUTE -> 1;
      };
      boolean allowed = owner ? (mode & (bit << 6)) != 0 : (mode & ((bit << 3) | bit)) != 0;
      if (!allowed) {
        throw new AccessDeniedException(p.cairnPath(), null, m + " not permitted by mode " + Integer.toOctalString(mode));
      }
    }
  }
}
