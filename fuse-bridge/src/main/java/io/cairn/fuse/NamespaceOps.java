package io.cairn.fuse;

import io.cairn.common.path.PathStrings;
import io.cairn.proto.FileStatus;
import io.cairn.proto.GetDatanodeReportResponse;
import io.cairn.proto.GetListingResponse;
import io.cairn.proto.InodeType;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.cryptomator.jfuse.api.DirFiller;
import org.cryptomator.jfuse.api.Stat;
import org.cryptomator.jfuse.api.Statvfs;
import org.cryptomator.jfuse.api.TimeSpec;

/**
 * The operations on names and attributes (everything but file contents), with POSIX's rules where
 * they differ from Cairn's: rmdir of a file is ENOTDIR, unlink of a directory EISDIR, and rename
 * replaces a file or an empty directory of the same kind. Thread-safe.
 */
final class NamespaceOps {
  static final int RENAME_NOREPLACE = 1;
  static final int RENAME_EXCHANGE = 2;
  private static final int UNCHANGED_ID = -1;
  private static final long STATFS_BLOCK_BYTES = 4096;

  private final MountContext ctx;
  private final ConcurrentHashMap<Long, DirectoryCursor> directories = new ConcurrentHashMap<>();
  private final AtomicLong lastDirectoryHandle = new AtomicLong();

  NamespaceOps(MountContext ctx) {
    this.ctx = ctx;
  }

  /** Fills {@code stat}; {@code open} is the file's handle when the kernel gave one. */
  void getattr(String path, Stat stat, OpenFile open) throws IOException {
    FileStatus st = ctx.existing(path);
    long length = open != null && open.modified() ? open.visibleLengthBytes() : ctx.lengthOf(st);
    ctx.stats().fill(stat, st, length);
  }

  long opendir(String path) throws IOException {
    FileStatus st = ctx.existing(path);
    if (st.getType() != InodeType.DIRECTORY) {
      throw new FuseError(Errno.ENOTDIR, path + ": Not a directory");
    }
    DirectoryCursor cursor = new DirectoryCursor(after -> listPage(path, after));
    long handle = lastDirectoryHandle.incrementAndGet();
    directories.put(handle, cursor);
    return handle;
  }

  private GetListingResponse listPage(String path, String after) throws IOException {
    GetListingResponse page = ctx.retry().call(() -> ctx.fs().listPage(path, after, 0));
    if (page.getIsFile()) {
      throw new FuseError(Errno.ENOTDIR, path + ": Not a directory");
    }
    for (FileStatus child : page.getEntriesList()) {
      ctx.attributes().put(child.getPath(), child);
    }
    return page;
  }

  void readdir(long handle, DirFiller filler, long offset, boolean plus) throws IOException {
    DirectoryCursor cursor = directories.get(handle);
    if (cursor == null) {
      throw new FuseError(Errno.EBADF, "no open directory with handle " + handle);
    }
    cursor.fill(offset, (name, st, next) -> {
      boolean withStat = plus && st != null;
      return filler.fill(name, stat -> {
        if (withStat) {
          ctx.stats().fill(stat, st, ctx.lengthOf(st));
        }
      }, next, withStat ? DirFiller.FUSE_FILL_DIR_PLUS : 0) == 0;
    });
  }

  void releasedir(long handle) {
    directories.remove(handle);
  }

  void mkdir(String path, int mode) throws IOException {
    boolean created = ctx.retry().call(() -> ctx.fs().mkdirs(path, mode & 07777, false));
    ctx.changed(path);
    if (!created) {
      throw new FuseError(Errno.EEXIST, path + ": File exists");
    }
  }

  void rmdir(String path) throws IOException {
    FileStatus st = ctx.freshStatusOrFail(path);
    if (st.getType() != InodeType.DIRECTORY) {
      throw new FuseError(Errno.ENOTDIR, path + ": Not a directory");
    }
    delete(path);
  }

  void unlink(String path) throws IOException {
    FileStatus st = ctx.freshStatusOrFail(path);
    if (st.getType() == InodeType.DIRECTORY) {
      throw new FuseError(Errno.EISDIR, path + ": Is a directory");
    }
    delete(path);
  }

  private void delete(String path) throws IOException {
    boolean deleted = ctx.retry().call(() -> ctx.fs().delete(path, false));
    ctx.attributes().invalidateTree(path);
    ctx.changed(path);
    if (!deleted) {
      throw new FuseError(Errno.ENOENT, path + ": No such file or directory");
    }
  }

  void rename(String from, String to, int flags) throws IOException {
    if ((flags & RENAME_EXCHANGE) != 0) {
      throw new FuseError(Errno.EINVAL, from + ": exchanging two files (RENAME_EXCHANGE) is not supported");
    }
    FileStatus src = ctx.freshStatusOrFail(from);
    if (from.equals(to)) {
      return;
    }
    if (src.getType() == InodeType.DIRECTORY && PathStrings.isWithin(to, from)) {
      throw new FuseError(Errno.EINVAL, to + ": cannot move a directory into itself");
    }
    FileStatus dst = ctx.freshStatus(to);
    if (dst != null) {
      checkReplaceable(src, dst, flags);
    }
    ctx.ran(() -> {
      ctx.fs().rename(from, to, dst != null);
      return null;
    });
    ctx.attributes().invalidateTree(from);
    ctx.attributes().invalidateTree(to);
    ctx.changed(from);
    ctx.changed(to);
    ctx.openFiles().renamed(from, to);
  }

  /** POSIX rename(2): a file replaces a file, a directory an empty directory. */
  private void checkReplaceable(FileStatus src, FileStatus dst, int flags) throws IOException {
    String to = dst.getPath();
    if ((flags & RENAME_NOREPLACE) != 0) {
      throw new FuseError(Errno.EEXIST, to + ": File exists");
    }
    boolean srcDir = src.getType() == InodeType.DIRECTORY;
    boolean dstDir = dst.getType() == InodeType.DIRECTORY;
    if (srcDir && !dstDir) {
      throw new FuseError(Errno.ENOTDIR, to + ": Not a directory");
    }
    if (!srcDir && dstDir) {
      throw new FuseError(Errno.EISDIR, to + ": Is a directory");
    }
    if (dstDir && ctx.retry().call(() -> ctx.fs().listPage(to, "", 1)).getEntriesCount() > 0) {
      throw new FuseError(Errno.ENOTEMPTY, to + ": Directory not empty");
    }
  }

  void chmod(String path, int mode) throws IOException {
    ctx.ran(() -> {
      ctx.fs().setPermission(path, mode & 07777);
      return null;
    });
    ctx.attributes().invalidate(path);
  }

  void chown(String path, int uid, int gid, Identities identities) throws IOException {
    String owner = uid == UNCHANGED_ID ? "" : identities.userName(uid);
    String group = gid == UNCHANGED_ID ? "" : identities.groupName(gid);
    if (owner.isEmpty() && group.isEmpty()) {
      return;
    }
    ctx.ran(() -> {
      ctx.fs().setOwner(path, owner, group);
      return null;
    });
    ctx.attributes().invalidate(path);
  }

  void utimens(String path, TimeSpec atime, TimeSpec mtime) throws IOException {
    long atimeMs = millis(atime);
    long mtimeMs = millis(mtime);
    if (atimeMs < 0 && mtimeMs < 0) {
      return;
    }
    ctx.ran(() -> {
      ctx.fs().setTimes(path, mtimeMs, atimeMs);
      return null;
    });
    ctx.openFiles().timesSet(path, mtimeMs, atimeMs);
    ctx.attributes().invalidate(path);
  }

  /** Milliseconds since the epoch, or -1 for UTIME_OMIT (unchanged). */
  private static long millis(TimeSpec t) {
    Optional<Instant> at = t.getOptional();
    return at.map(Instant::toEpochMilli).orElse(-1L);
  }

  /** The live DataNodes' capacity and free space, as {@code cairn df} shows them. */
  void statfs(Statvfs statvfs) throws IOException {
    GetDatanodeReportResponse r = ctx.retry().call(() -> ctx.fs().datanodeReport());
    statvfs.setBsize(STATFS_BLOCK_BYTES);
    statvfs.setFrsize(STATFS_BLOCK_BYTES);
    statvfs.setBlocks(r.getCapacityBytes() / STATFS_BLOCK_BYTES);
    // Free = all but what Cairn uses, so df's "Used" is Cairn's as in cairn df (the DataNodes' disks
    // also hold other files); "Avail" is what Cairn can still take.
    statvfs.setBfree(Math.max(0, r.getCapacityBytes() - r.getUsedBytes()) / STATFS_BLOCK_BYTES);
    statvfs.setBavail(r.getRemainingBytes() / STATFS_BLOCK_BYTES);
    statvfs.setNameMax(255);
  }
}
