package io.cairn.fuse;

import io.cairn.client.io.CairnOutputStream;
import io.cairn.proto.FileStatus;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.nio.ByteBuffer;

/** The operations on file contents: create, open, read, write, flush, fsync, release, truncate. Thread-safe. */
final class FileOps {
  private static final int O_ACCMODE = 03;
  private static final int O_RDONLY = 0;
  private static final int O_TRUNC = 01000;
  private static final int O_APPEND = 02000;

  private final MountContext ctx;

  FileOps(MountContext ctx) {
    this.ctx = ctx;
  }

  /** Creates a new file and opens it for writing; the handle streams into it. */
  long create(String path, int mode, int flags) throws IOException {
    FileShape shape = FileShape.created(mode);
    CairnOutputStream out = ctx.retry().call(() -> ctx.fs().create(path, shape.createOptions(false)));
    ctx.changed(path);
    return ctx.openFiles().add(new OpenFile(ctx.files(), path, modeOf(flags), shape, out, 0));
  }

  long open(String path, int flags) throws IOException {
    FileStatus st = ctx.freshStatusOrFail(path);
    if (st.getType() == InodeType.DIRECTORY) {
      throw new FuseError(Errno.EISDIR, path + ": Is a directory");
    }
    OpenFile.Mode mode = modeOf(flags);
    OpenFile file = new OpenFile(ctx.files(), path, mode, FileShape.of(st), null, st.getLengthBytes());
    if (mode != OpenFile.Mode.READ && (flags & O_TRUNC) != 0) {
      file.truncate(0);
      ctx.changed(path);
    }
    return ctx.openFiles().add(file);
  }

  private static OpenFile.Mode modeOf(int flags) {
    if ((flags & O_ACCMODE) == O_RDONLY) {
      return OpenFile.Mode.READ;
    }
    return (flags & O_APPEND) != 0 ? OpenFile.Mode.APPEND : OpenFile.Mode.WRITE;
  }

  int read(long fh, ByteBuffer buf, long count, long offset) throws IOException {
    return ctx.openFiles().get(fh).read(offset, buf, clamp(count));
  }

  int write(long fh, ByteBuffer buf, long count, long offset) throws IOException {
    OpenFile file = ctx.openFiles().get(fh);
    file.write(offset, buf, clamp(count));
    ctx.attributes().invalidate(file.path());
    return clamp(count);
  }

  void flush(long fh) throws IOException {
    OpenFile file = ctx.openFiles().get(fh);
    try {
      file.flush();
    } finally {
      ctx.changed(file.path());
    }
  }

  void fsync(long fh) throws IOException {
    ctx.openFiles().get(fh).fsync();
  }

  /**
   * The handle stays registered until its release has given the file's lease back, so that an
   * appender here that meets the lease meanwhile knows to wait for it (OpenFiles.anotherWriter).
   */
  void release(long fh) throws IOException {
    OpenFile file = ctx.openFiles().get(fh);
    try {
      file.release();
    } finally {
      ctx.openFiles().discard(fh);
      ctx.changed(file.path());
    }
  }

  /** ftruncate when the kernel names a handle; truncate(2) of a path otherwise, through a handle of its own. */
  void truncate(String path, long size, Long fh) throws IOException {
    if (size < 0) {
      throw new FuseError(Errno.EINVAL, path + ": negative length " + size);
    }
    try {
      if (fh != null) {
        ctx.openFiles().get(fh).truncate(size);
        return;
      }
      FileStatus st = ctx.freshStatusOrFail(path);
      if (st.getType() == InodeType.DIRECTORY) {
        throw new FuseError(Errno.EISDIR, path + ": Is a directory");
      }
      OpenFile file = new OpenFile(ctx.files(), path, OpenFile.Mode.WRITE, FileShape.of(st), null,
          st.getLengthBytes());
      try {
        file.truncate(size);
      } finally {
        file.release();
      }
    } finally {
      ctx.changed(path);
    }
  }

  /** The kernel never asks for more than max_write/max_read (1 MiB), so the count fits an int. */
  private static int clamp(long count) {
    return (int) Math.min(count, Integer.MAX_VALUE);
  }
}
