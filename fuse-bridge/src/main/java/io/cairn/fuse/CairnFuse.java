package io.cairn.fuse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.FileInfo;
import org.cryptomator.jfuse.api.FuseConfig;
import org.cryptomator.jfuse.api.FuseConnInfo;
import org.cryptomator.jfuse.api.FuseOperations;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.cryptomator.jfuse.api.TimeSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boundary with libfuse: each callback hands its work to {@link NamespaceOps} or {@link FileOps}
 * and turns the outcome into 0, a count, or {@code -errno}. Nothing may escape a callback (an
 * exception thrown out of an FFM upcall ends the JVM), so every failure, expected or not, is caught
 * here; unexpected ones are logged once and answered EIO. Called on libfuse's worker threads.
 */
final class CairnFuse implements FuseOperations {
  private static final Logger LOG = LoggerFactory.getLogger(CairnFuse.class);

  /** A callback's work; returns the callback's non-negative answer. */
  @FunctionalInterface
  private interface Work {
    int run() throws IOException;
  }

  private final org.cryptomator.jfuse.api.Errno errno;
  private final NamespaceOps names;
  private final FileOps files;
  private final MountContext ctx;
  private final Identities identities;
  private final int maxWriteBytes;

  CairnFuse(org.cryptomator.jfuse.api.Errno errno, MountContext ctx, Identities identities, int maxWriteBytes) {
    this.errno = errno;
    this.ctx = ctx;
    this.names = new NamespaceOps(ctx);
    this.files = new FileOps(ctx);
    this.identities = identities;
    this.maxWriteBytes = maxWriteBytes;
  }

  @Override
  public org.cryptomator.jfuse.api.Errno errno() {
    return errno;
  }

  @Override
  public Set<Operation> supportedOperations() {
    return EnumSet.of(Operation.INIT, Operation.GET_ATTR, Operation.OPEN_DIR, Operation.READ_DIR,
        Operation.RELEASE_DIR, Operation.MKDIR, Operation.RMDIR, Operation.UNLINK, Operation.RENAME,
        Operation.CHMOD, Operation.CHOWN, Operation.UTIMENS, Operation.STATFS, Operation.CREATE, Operation.OPEN,
        Operation.READ, Operation.WRITE, Operation.FLUSH, Operation.FSYNC, Operation.RELEASE, Operation.TRUNCATE);
  }

  @Override
  public void init(FuseConnInfo conn, FuseConfig cfg) {
    // Large requests are what make sequential throughput: the kernel's default is 128 KiB.
    conn.setMaxWrite(maxWriteBytes);
    conn.setWant(conn.want() | (conn.capable() & FuseConnInfo.FUSE_CAP_ATOMIC_O_TRUNC));
    // Writes must reach the bridge in order and at once (no kernel writeback cache): a write at the
    // end streams to the DataNodes, and close must mean the data is in Cairn.
    conn.setWant(conn.want() & ~FuseConnInfo.FUSE_CAP_WRITEBACK_CACHE);
  }

  @Override
  public int getattr(String path, Stat stat, FileInfo fi) {
    return guard("getattr", path, () -> {
      names.getattr(path, stat, fi == null ? null : ctx.openFiles().find(fi.getFh(), path));
      return 0;
    });
  }

  @Override
  public int opendir(String path, FileInfo fi) {
    return guard("opendir", path, () -> {
      fi.setFh(names.opendir(path));
      return 0;
    });
  }

  @Override
  public int readdir(String path, DirFiller filler, long offset, FileInfo fi, int flags) {
    return guard("readdir", path, () -> {
      names.readdir(fi.getFh(), filler, offset, (flags & FUSE_READDIR_PLUS) != 0);
      return 0;
    });
  }

  @Override
  public int releasedir(String path, FileInfo fi) {
    return guard("releasedir", path, () -> {
      names.releasedir(fi.getFh());
      return 0;
    });
  }

  @Override
  public int mkdir(String path, int mode) {
    return guard("mkdir", path, () -> {
      names.mkdir(path, mode);
      return 0;
    });
  }

  @Override
  public int rmdir(String path) {
    return guard("rmdir", path, () -> {
      names.rmdir(path);
      return 0;
    });
  }

  @Override
  public int unlink(String path) {
    return guard("unlink", path, () -> {
      names.unlink(path);
      return 0;
    });
  }

  @Override
  public int rename(String oldpath, String newpath, int flags) {
    return guard("rename", oldpath, () -> {
      names.rename(oldpath, newpath, flags);
      return 0;
    });
  }

  @Override
  public int chmod(String path, int mode, FileInfo fi) {
    return guard("chmod", path, () -> {
      names.chmod(path, mode);
      return 0;
    });
  }

  @Override
  public int chown(String path, int uid, int gid, FileInfo fi) {
    return guard("chown", path, () -> {
      names.chown(path, uid, gid, identities);
      return 0;
    });
  }

  @Override
  public int utimens(String path, TimeSpec atime, TimeSpec mtime, FileInfo fi) {
    return guard("utimens", path, () -> {
      names.utimens(path, atime, mtime);
      return 0;
    });
  }

  @Override
  public int statfs(String path, Statvfs statvfs) {
    return guard("statfs", path, () -> {
      names.statfs(statvfs);
      return 0;
    });
  }

  @Override
  public int create(String path, int mode, FileInfo fi) {
    return guard("create", path, () -> {
      fi.setFh(files.create(path, mode, fi.getFlags()));
      return 0;
    });
  }

  @Override
  public int open(String path, FileInfo fi) {
    return guard("open", path, () -> {
      fi.setFh(files.open(path, fi.getFlags()));
      return 0;
    });
  }

  @Override
  public int read(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
    return guard("read", path, () -> files.read(fi.getFh(), buf, count, offset));
  }

  @Override
  public int write(String path, ByteBuffer buf, long count, long offset, FileInfo fi) {
    return guard("write", path, () -> files.write(fi.getFh(), buf, count, offset));
  }

  @Override
  public int flush(String path, FileInfo fi) {
    return guard("flush", path, () -> {
      files.flush(fi.getFh());
      return 0;
    });
  }

  @Override
  public int fsync(String path, int datasync, FileInfo fi) {
    return guard("fsync", path, () -> {
      files.fsync(fi.getFh());
      return 0;
    });
  }

  @Override
  public int release(String path, FileInfo fi) {
    return guard("release", path, () -> {
      files.release(fi.getFh());
      return 0;
    });
  }

  @Override
  public int truncate(String path, long size, FileInfo fi) {
    return guard("truncate", path, () -> {
      files.truncate(path, size, fi == null ? null : fi.getFh());
      return 0;
    });
  }

  private static int guard(String op, String path, Work work) {
    try {
      return work.run();
    } catch (IOException e) {
      int code = ErrnoMapping.errnoOf(e);
      if (code == Errno.EIO || code == Errno.ENOSPC) {
        LOG.warn("{} {} failed: {}", op, path, e.toString());
      } else {
        LOG.debug("{} {}: {}", op, path, e.getMessage());
      }
      return -code;
    } catch (Throwable t) {
      LOG.error("{} {} failed unexpectedly; answered EIO", op, path, t);
      return -Errno.EIO;
    }
  }
}
