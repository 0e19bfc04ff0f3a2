package io.cairn.fuse;

import io.cairn.client.CairnClient;
import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import java.io.IOException;

/**
 * What the operations of one mount share: the client, the retry policy, the attribute cache and the
 * open files. Thread-safe.
 */
record MountContext(CairnClient fs, NameNodeRetry retry, AttributeCache attributes, OpenFiles openFiles,
    StatMapping stats, OpenFile.Context files) {

  /** The status of {@code path} (from the cache when fresh), or null when nothing is there. */
  FileStatus status(String path) throws IOException {
    FileStatus st = attributes.get(path);
    if (st == null) {
      st = freshStatus(path);
    }
    return st;
  }

  /** The status of {@code path} from the NameNode, bypassing the cache (and refreshing it). */
  FileStatus freshStatus(String path) throws IOException {
    FileStatus st = retry.call(() -> fs.getFileInfo(path));
    if (st != null) {
      attributes.put(path, st);
    } else {
      attributes.invalidate(path);
    }
    return st;
  }

  /** The status of {@code path} from the NameNode; ENOENT when nothing is there. */
  FileStatus freshStatusOrFail(String path) throws IOException {
    FileStatus st = freshStatus(path);
    if (st == null) {
      throw new FuseError(Errno.ENOENT, path + ": No such file or directory");
    }
    return st;
  }

  FileStatus existing(String path) throws IOException {
    FileStatus st = status(path);
    if (st == null) {
      throw new FuseError(Errno.ENOENT, path + ": No such file or directory");
    }
    return st;
  }

  /** The length to show for a file: what a handle of this mount wrote, else what the NameNode says. */
  long lengthOf(FileStatus st) {
    return openFiles.writtenLength(st.getPath()).orElse(st.getLengthBytes());
  }

  /** Forgets what a change to {@code path} made stale: its attributes and its parent's times. */
  void changed(String path) {
    attributes.invalidate(path);
    attributes.invalidate(PathStrings.parent(path));
  }

  void ran(NameNodeRetry.Call<?> call) throws IOException {
    retry.call(call);
  }
}
