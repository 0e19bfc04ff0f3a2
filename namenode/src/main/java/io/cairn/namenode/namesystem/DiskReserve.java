package io.cairn.namenode.namesystem;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.time.Clock;
import io.cairn.proto.EditOpOrBuilder;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps room on the NameNode's disk, as HDFS's NameNode resource check does: once the disk under
 * the namespace has less than the reserve free, edits that add to the namespace (a new file or
 * directory, a block, an append, a small file's bytes) are refused with {@link ErrorCode#NO_SPACE},
 * and the rest still go through: deletes (the way out), renames, attribute changes, closing a file
 * whose blocks are written, lease recovery. They are small, and the reserve is there for them.
 * Refusing stops as soon as there is room again. Why not let the disk fill: RocksDB stops taking
 * writes at its first failed one and does not take them again until the NameNode restarts, even
 * after space is freed, so a full disk would leave the namespace read-only, deletes included.
 * The free space is read at most once per check interval. Thread-safe.
 */
public final class DiskReserve {
  private static final Logger LOG = LoggerFactory.getLogger(DiskReserve.class);

  /** How often the free space is read at most. */
  static final long CHECK_INTERVAL_MS = 1_000;

  /** Free bytes on the disk; may fail. */
  @FunctionalInterface
  public interface FreeSpace {
    long usableBytes() throws IOException;
  }

  /** No reserve: nothing is ever refused. */
  public static final DiskReserve NONE = new DiskReserve("-", 0, () -> Long.MAX_VALUE, () -> 0);

  private final String where;
  private final long reserveBytes;
  private final FreeSpace free;
  private final MonotonicMs clock;
  private final Object checkLock = new Object();
  private volatile long nextCheckAtMs = Long.MIN_VALUE;
  private volatile long freeBytes = Long.MAX_VALUE;
  private volatile boolean low;

  @FunctionalInterface
  interface MonotonicMs {
    long nowMs();
  }

  DiskReserve(String where, long reserveBytes, FreeSpace free, MonotonicMs clock) {
    this.where = where;
    this.reserveBytes = reserveBytes;
    this.free = free;
    this.clock = clock;
  }

  /**
   * A reserve of {@code reserveBytes} on the disk under {@code dir}; 0 keeps none. The file store is
   * looked up once (that reads the mount table): a refresh, under the namespace lock, is one statfs.
   */
  public static DiskReserve of(Path dir, long reserveBytes, Clock clock) throws IOException {
    if (reserveBytes == 0) {
      return NONE;
    }
    FileStore store = Files.getFileStore(dir);
    return new DiskReserve(dir.toString(), reserveBytes, store::getUsableSpace, clock::monotonicMs);
  }

  /** Throws {@code NO_SPACE} when {@code edit} adds to the namespace and the disk is below the reserve. */
  public void check(EditOpOrBuilder edit) throws CairnException {
    if (reserveBytes == 0 || !adds(edit)) {
      return;
    }
    if (!low()) {
      if (edit.hasCloseFile()) {
        accepted(edit.getCloseFile().getInlineData().size());
      }
      return;
    }
    throw new CairnException(ErrorCode.NO_SPACE, String.format("the NameNode's disk is nearly full: %s free under %s,"
        + " less than the %s it keeps in reserve (cairn.namenode.reserved-bytes). It takes no new files, directories"
        + " or blocks until there is room: free space on that disk (deleting files frees it only as later"
        + " checkpoints and compactions drop their records)", mib(freeBytes), where,
        mib(reserveBytes)));
  }

  /** Whether {@code edit} makes the namespace larger (and so waits for room). */
  static boolean adds(EditOpOrBuilder edit) {
    return switch (edit.getOpCase()) {
      case ADD_INODE, ADD_BLOCK, APPEND_FILE -> true;
      case CLOSE_FILE -> !edit.getCloseFile().getInlineData().isEmpty();
      case RENAME, DELETE, SET_ATTRIBUTES, RECOVER_LEASE, SET_GENSTAMP, UPDATE_PIPELINE, DECOMMISSION, OP_NOT_SET ->
          false;
    };
  }

  /**
   * Counts a small file's kept bytes against the free space last read: they are written twice (the
   * edit and the file's record) before any compaction, and a few hundred such closes a second could
   * otherwise spend the whole reserve between two reads. Reads again at once when the estimate
   * falls below the reserve.
   */
  private void accepted(long keptBytes) {
    synchronized (checkLock) {
      freeBytes -= 2 * keptBytes;
      if (freeBytes < reserveBytes) {
        nextCheckAtMs = Long.MIN_VALUE;
      }
    }
  }

  private boolean low() {
    long now = clock.nowMs();
    if (now < nextCheckAtMs) {
      return low;
    }
    synchronized (checkLock) {
      if (now >= nextCheckAtMs) {
        refresh(now);
      }
      return low;
    }
  }

  private void refresh(long now) {
    boolean wasLow = low;
    try {
      freeBytes = free.usableBytes();
      low = freeBytes < reserveBytes;
    } catch (IOException e) {
      // A disk whose free space cannot be read is not taken for full: refusing every new file on
      // a failed statfs would be worse than the write failing on its own.
      LOG.warn("cannot read the free space under {}: {}", where, e.getMessage());
      freeBytes = Long.MAX_VALUE;
      low = false;
    }
    nextCheckAtMs = now + CHECK_INTERVAL_MS;
    if (low && !wasLow) {
      LOG.warn("the NameNode's disk under {} has {} free, less than the {} reserve: refusing new files, directories "
          + "and blocks until there is room", where, mib(freeBytes), mib(reserveBytes));
    } else if (wasLow && !low) {
      LOG.info("the NameNode's disk under {} has room again{}: taking new files", where,
          freeBytes == Long.MAX_VALUE ? "" : " (" + mib(freeBytes) + " free)");
    }
  }

  private static String mib(long bytes) {
    return bytes >= 1 << 20 ? String.format("%,d MiB", bytes >> 20) : String.format("%,d bytes", bytes);
  }
}
