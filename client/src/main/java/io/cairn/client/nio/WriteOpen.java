package io.cairn.client.nio;

import io.cairn.client.CairnClient;
import io.cairn.client.CreateOptions;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.common.error.CairnException;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * Opens a Cairn file for writing as NIO's open options ask, within what Cairn can do: a new file,
 * an existing one replaced (TRUNCATE_EXISTING: a new file in its place, with the new mode), or
 * appended to. Writing into an existing file from its start without truncating it is refused.
 */
final class WriteOpen {
  private WriteOpen() {}

  static CairnOutputStream open(CairnClient client, String path, Set<? extends OpenOption> options,
      FileAttribute<?>... attrs) throws IOException {
    if (options.contains(StandardOpenOption.READ)) {
      throw new UnsupportedOperationException("cairn: a file is opened to read or to write, not both (" + path + ")");
    }
    boolean append = options.contains(StandardOpenOption.APPEND);
    if (append && options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
      throw new IllegalArgumentException("APPEND and TRUNCATE_EXISTING together");
    }
    CreateOptions create = CreateOptions.defaults().createParents(false)
        .mode(mode(attrs, CairnClient.DEFAULT_FILE_MODE & ~CairnClient.DEFAULT_UMASK));
    try {
      if (options.contains(StandardOpenOption.CREATE_NEW)) {
        return client.create(path, create.overwrite(false));
      }
      FileStatus existing = client.getFileInfo(path);
      if (existing == null) {
        if (!options.contains(StandardOpenOption.CREATE)) {
          throw new NoSuchFileException(path);
        }
        return client.create(path, create.overwrite(false));
      }
      if (existing.getType() == InodeType.DIRECTORY) {
        throw new FileSystemException(path, null, "Is a directory");
      }
      if (append) {
        return client.append(path);
      }
      if (options.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
        return client.create(path, create.overwrite(true));
      }
      throw new UnsupportedOperationException("cairn: " + path + " exists and files are written sequentially: open "
          + "it with TRUNCATE_EXISTING to replace it or APPEND to add to it");
    } catch (CairnException e) {
      throw NioErrors.translate(e, path);
    }
  }

  /**
   * The mode a "posix:permissions" attribute asks for less the umask (022), as on POSIX, else
   * {@code otherwise}; other attributes are refused.
   */
  @SuppressWarnings("unchecked")
  static int mode(FileAttribute<?>[] attrs, int otherwise) {
    int mode = otherwise;
    for (FileAttribute<?> a : attrs) {
      if (!a.name().equals("posix:permissions") && !a.name().equals("unix:permissions")) {
        throw new UnsupportedOperationException("cairn: cannot set '" + a.name() + "' when creating a file");
      }
      mode = CairnFileAttributes.mode((Set<PosixFilePermission>) a.value()) & ~CairnClient.DEFAULT_UMASK;
    }
    return mode;
  }
}
