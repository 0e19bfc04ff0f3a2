package io.cairn.fuse;

import io.cairn.client.CairnClient;
import io.cairn.client.io.CairnOutputStream;
import io.cairn.client.io.CairnInputStream;
import io.cairn.client.io.Pause;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.path.PathStrings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * One open file of the mount (one FUSE file handle), in one of three states:
 *
 * <ul>
 *   <li>reading: a {@link ReadAhead} over the Cairn file;
 *   <li>streaming: writes arrive at the end of the file and go straight to a {@link CairnOutputStream}
 *       (a new file, a truncate to zero, or an append);
 *   <li>staged: a write below the end, or a truncate to a non-zero length, made the handle copy the
 *       file to a local {@link StagedCopy}; every later read and write goes there, and flush writes
 *       it back to Cairn as a new file renamed over the old one, so readers never see half a file.
 * </ul>
 *
 * Flush (every close of a descriptor) finishes the stream or commits the staged copy, so the data
 * is in Cairn when {@code close} returns; fsync hsyncs the stream or commits the copy.
 * Thread-safe: calls are serialised on the handle.
 */
final class OpenFile {
  private final CairnClient fs;
  private final NameNodeRetry retry;
  private final OpenFiles handles;
  private final Pause pause;
  private final StagingArea staging;
  private final int readAheadBytes;
  private final boolean writable;
  private final boolean appendOnly;
  private final FileShape shape;
  private volatile String path;
  /** The length this handle would show: what it wrote, staged or found. Read without the lock by getattr. */
  private volatile long visibleLengthBytes;
  private volatile boolean modified;

  private long committedLengthBytes;
  /**
   * Times set on the file while this handle held writes not yet in Cairn (-1: none), as {@code cp -p}
   * and {@code tar x} set them before they close: putting the writes into Cairn gives the file a new
   * modification time, so these are set again after it. A later write makes its own time the newer one.
   */
  private long pendingMtimeMs = -1;
  private long pendingAtimeMs = -1;
  private CairnOutputStream out;
  private StagedCopy staged;
  private ReadAhead reader;
  private byte[] scratch = new byte[0];

  /**
   * @param out a stream already writing the file (it was just created), or null
   * @param lengthBytes the Cairn file's length now
   */
  OpenFile(Context context, String path, Mode mode, FileShape shape, CairnOutputStream out, long lengthBytes) {
    this.fs = context.fs();
    this.retry = context.retry();
    this.handles = context.handles();
    this.pause = context.pause();
    this.staging = context.staging();
    this.readAheadBytes = context.readAheadBytes();
    this.path = path;
    this.writable = mode != Mode.READ;
    this.appendOnly = mode == Mode.APPEND;
    this.shape = shape;
    this.out = out;
    this.committedLengthBytes = lengthBytes;
    this.visibleLengthBytes = lengthBytes;
    this.modified = out != null;
  }

  /** How a handle was opened. */
  enum Mode { READ, WRITE, APPEND }

  /** What every handle of a mount shares. */
  record Context(CairnClient fs, NameNodeRetry retry, StagingArea staging, int readAheadBytes, OpenFiles handles,
      Pause pause) {}

  /** How long an append waits for another handle of this mount to finish its write to the same file. */
  static final long LOCAL_WRITER_WAIT_MS = 10_000;
  private static final long LOCAL_WRITER_MAX_PAUSE_MS = 50;

  String path() {
    return path;
  }

  /** The file was renamed while open: later commits go to the new name. */
  void movedTo(String newPath) {
    path = newPath;
  }

  boolean writable() {
    return writable;
  }

  /** Whether this handle holds writes (streamed or staged) that make its length the one to show. */
  boolean modified() {
    return modified;
  }

  long visibleLengthBytes() {
    return visibleLengthBytes;
  }

  synchronized int read(long position, ByteBuffer dst, int len) throws IOException {
    if (staged != null) {
      return staged.read(position, dst, len);
    }
    if (out != null) {
      finishStream(); // makes what this handle wrote readable
    }
    if (reader == null) {
      CairnInputStream in = retry.call(() -> fs.open(path));
      reader = new ReadAhead(in, readAheadBytes);
    }
    return reader.read(position, dst, len);
  }

  synchronized void write(long position, ByteBuffer src, int len) throws IOException {
    requireWritable();
    pendingMtimeMs = -1;
    if (appendOnly && staged == null) {
      // O_APPEND writes at the file's end as it is now, which other writers may have moved since this
      // handle last wrote: an append stream starts there.
      if (out == null) {
        out = appendAfterLocalWriters();
      }
      streamWrite(src, len);
      return;
    }
    long at = appendOnly ? currentLengthBytes() : position;
    if (staged == null) {
      if (out == null && at == committedLengthBytes) {
        out = retry.call(() -> fs.append(path));
      }
      if (out != null && at == out.getPos()) {
        streamWrite(src, len);
        return;
      }
      stage();
    }
    staged.write(at, src.slice(src.position(), len));
    modified = true;
    visibleLengthBytes = staged.lengthBytes();
  }

  synchronized void truncate(long size) throws IOException {
    requireWritable();
    pendingMtimeMs = -1;
    if (staged == null) {
      if (size == currentLengthBytes()) {
        return;
      }
      if (size == 0) {
        replaceWithEmpty();
        return;
      }
      stage();
    }
    staged.truncate(size);
    modified = true;
    visibleLengthBytes = size;
  }

  /** Puts what this handle wrote into Cairn: the stream is closed, a staged copy committed. */
  synchronized void flush() throws IOException {
    if (out != null) {
      finishStream();
    }
    if (staged != null && staged.dirty()) {
      commitStaged();
    }
  }

  /** As flush, but a stream stays open: its bytes are forced to disk on every DataNode (hsync). */
  synchronized void fsync() throws IOException {
    if (out != null) {
      out.hsync();
    } else if (staged != null && staged.dirty()) {
      commitStaged();
    }
  }

  /** The last close: flushes, then lets go of the reader and the staged copy. */
  synchronized void release() throws IOException {
    try {
      flush();
    } finally {
      closeReader();
      if (staged != null) {
        staged.close();
        staged = null;
      }
      if (out != null) {
        // flush failed: the stream is broken, close what is left of it
        CairnOutputStream broken = out;
        out = null;
        try {
          broken.close();
        } catch (IOException alreadyReported) {
          // the flush above reported the failure
        }
      }
    }
  }

  /**
   * Opens an append stream. Programs appending to one file through this mount (shell loops with
   * {@code >>}) would otherwise fail whenever two writes meet, since a file has one writer at a
   * time: while another handle here is open for writing on the file, this one waits for the file
   * to be free, up to {@link #LOCAL_WRITER_WAIT_MS}. With no such handle, a writer elsewhere holds
   * it, and that is not waited for (EBUSY at once).
   */
  private CairnOutputStream appendAfterLocalWriters() throws IOException {
    long waitedMs = 0;
    long pauseMs = 1;
    while (true) {
      try {
        return retry.call(() -> fs.append(path));
      } catch (CairnException e) {
        if (e.code() != ErrorCode.LEASE_CONFLICT || waitedMs >= LOCAL_WRITER_WAIT_MS
            || !handles.anotherWriter(path, this)) {
          throw e;
        }
      }
      pause.pause(pauseMs);
      waitedMs += pauseMs;
      pauseMs = Math.min(pauseMs * 2, LOCAL_WRITER_MAX_PAUSE_MS);
    }
  }

  /** Times were set on this handle's file (-1: unchanged); they must outlast this handle's commit. */
  synchronized void timesSet(long mtimeMs, long atimeMs) {
    if (mtimeMs >= 0) {
      pendingMtimeMs = mtimeMs;
    }
    if (atimeMs >= 0) {
      pendingAtimeMs = atimeMs;
    }
  }

  private void restorePendingTimes() throws IOException {
    if (pendingMtimeMs < 0 && pendingAtimeMs < 0) {
      return;
    }
    String p = path;
    long mtime = pendingMtimeMs;
    long atime = pendingAtimeMs;
    retry.call(() -> {
      fs.setTimes(p, mtime, atime);
      return null;
    });
    pendingMtimeMs = -1;
    pendingAtimeMs = -1;
  }

  private long currentLengthBytes() {
    return staged != null ? staged.lengthBytes() : out != null ? out.getPos() : committedLengthBytes;
  }

  private void streamWrite(ByteBuffer src, int len) throws IOException {
    if (scratch.length < len) {
      scratch = new byte[len];
    }
    src.get(src.position(), scratch, 0, len);
    out.write(scratch, 0, len);
    modified = true;
    visibleLengthBytes = out.getPos();
  }

  private void finishStream() throws IOException {
    CairnOutputStream finishing = out;
    out = null;
    finishing.close();
    committedLengthBytes = finishing.getPos();
    closeReader();
    restorePendingTimes();
  }

  /** A truncate to zero: a new, empty Cairn file in place of the old one, written as a stream. */
  private void replaceWithEmpty() throws IOException {
    if (out != null) {
      finishStream();
    }
    closeReader();
    out = retry.call(() -> fs.create(path, shape.createOptions(true)));
    restoreOwner(path);
    committedLengthBytes = 0;
    modified = true;
    visibleLengthBytes = 0;
  }

  /** Copies the Cairn file to the staging folder; from now on the handle works on the copy. */
  private void stage() throws IOException {
    if (out != null) {
      finishStream();
    }
    closeReader();
    String p = path;
    long length = retry.call(() -> fs.stat(p)).getLengthBytes();
    try (CairnInputStream in = retry.call(() -> fs.open(p))) {
      staged = StagedCopy.of(staging, p, in, Math.min(length, in.length()));
    }
  }

  /** Writes the staged copy to a hidden file beside the original, then renames it over the original. */
  private void commitStaged() throws IOException {
    String p = path;
    String tmp = PathStrings.child(PathStrings.parent(p), "." + PathStrings.name(p) + ".cairn-fuse-"
        + UUID.randomUUID().toString().substring(0, 8));
    try {
      try (CairnOutputStream o = retry.call(() -> fs.create(tmp, shape.createOptions(false)))) {
        staged.copyTo(o);
      }
      restoreOwner(tmp);
      retry.call(() -> {
        fs.rename(tmp, p, true);
        return null;
      });
    } catch (IOException | RuntimeException e) {
      try {
        fs.delete(tmp, false);
      } catch (IOException cleanupFailed) {
        e.addSuppressed(cleanupFailed);
      }
      throw e;
    }
    staged.markClean();
    committedLengthBytes = staged.lengthBytes();
    restorePendingTimes();
  }

  private void restoreOwner(String target) throws IOException {
    if (shape.needsOwner(fs.user())) {
      retry.call(() -> {
        fs.setOwner(target, shape.owner(), shape.group());
        return null;
      });
    }
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
    }
  }

  private void requireWritable() throws FuseError {
    if (!writable) {
      throw new FuseError(Errno.EBADF, path + ": not open for writing");
    }
  }
}
