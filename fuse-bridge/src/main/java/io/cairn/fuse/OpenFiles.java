package io.cairn.fuse;

import io.cairn.common.path.PathStrings;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The mount's open file handles by FUSE file handle number. Thread-safe. */
final class OpenFiles {
  private final ConcurrentHashMap<Long, OpenFile> byHandle = new ConcurrentHashMap<>();
  private final AtomicLong lastHandle = new AtomicLong();

  long add(OpenFile file) {
    long fh = lastHandle.incrementAndGet();
    byHandle.put(fh, file);
    return fh;
  }

  OpenFile get(long fh) throws FuseError {
    OpenFile f = byHandle.get(fh);
    if (f == null) {
      throw new FuseError(Errno.EBADF, "no open file with handle " + fh);
    }
    return f;
  }

  /** The handle {@code fh} when it is open on {@code path}, else null (it may be a directory's handle). */
  OpenFile find(long fh, String path) {
    OpenFile f = byHandle.get(fh);
    return f != null && f.path().equals(path) ? f : null;
  }

  /** Forgets {@code fh}, if it is still there (an unmount may have drained it meanwhile). */
  void discard(long fh) {
    byHandle.remove(fh);
  }

  /**
   * The length a handle that wrote {@code path} shows, when one did: a file being written is shorter
   * in the NameNode's eyes (only finished blocks count) than what its writer has written.
   */
  OptionalLong writtenLength(String path) {
    long best = -1;
    for (OpenFile f : byHandle.values()) {
      if (f.modified() && f.path().equals(path)) {
        best = Math.max(best, f.visibleLengthBytes());
      }
    }
    return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
  }

  /**
   * Whether a handle other than {@code self} is open for writing on {@code path}: it may hold the
   * file's lease, be taking it, or be giving it back.
   */
  boolean anotherWriter(String path, OpenFile self) {
    for (OpenFile f : byHandle.values()) {
      if (f != self && f.writable() && f.path().equals(path)) {
        return true;
      }
    }
    return false;
  }

  /** Times were set on {@code path}: the handles holding writes to it keep them past their commit. */
  void timesSet(String path, long mtimeMs, long atimeMs) {
    for (OpenFile f : byHandle.values()) {
      if (f.modified() && f.path().equals(path)) {
        f.timesSet(mtimeMs, atimeMs);
      }
    }
  }

  /** Handles of files at or below {@code from} follow a rename to {@code to}. */
  void renamed(String from, String to) {
    for (OpenFile f : byHandle.values()) {
      String p = f.path();
      if (PathStrings.isWithin(p, from)) {
        f.movedTo(PathStrings.moved(p, from, to));
      }
    }
  }

  /** Removes and returns every handle (the mount is going away). */
  List<OpenFile> drain() {
    List<OpenFile> all = List.copyOf(byHandle.values());
    byHandle.clear();
    return all;
  }
}
