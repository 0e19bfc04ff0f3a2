package io.cairn.datanode.storage;

import com.google.common.base.Preconditions;
import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends packets to one replica being written (in {@code rbw}) and finalizes it. Not thread-safe:
 * one write exchange owns it. Closing without {@link #finish()} leaves the replica in {@code rbw}
 * (reported as not finalized) for the NameNode to recover or delete.
 */
public final class ReplicaWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicaWriter.class);
  /**
   * Block bytes written between two background forces. Without them a full block's bytes wait in the
   * page cache until the force that finalizes it, which the writer then waits for: about 0.15 s per
   * 128 MiB block here, in which the pipeline carries nothing.
   */
  static final long WRITE_BEHIND_BYTES = 8L << 20;

  private final VolumeReplicas store;
  private final Volume volume;
  private final long blockId;
  private final long genstamp;
  private final FileChannel data;
  private final FileChannel meta;
  private final Path dataFile;
  private final Path metaFile;
  private long bytesOnDisk;
  /** Something may not be on disk yet (a new writer's headers, a cut, written bytes) since the last force. */
  private boolean dirty = true;
  /** The finalized replica's report may wait ({@link ReplicaListener#receivedMayWait}). */
  private boolean reportMayWait;
  /** Written bytes leave the page cache once on disk ({@link PageCache}). */
  private boolean dropCacheBehind;
  /** This writer left every byte it wrote in the page cache, and its report says so. */
  private boolean keptInPageCache;
  /** Block bytes before this offset were dropped from the page cache; only write-behinds move it. */
  private volatile long droppedUpTo;
  /** Set by {@link #close}, which another thread may call to stop this writer (recovery, a failed volume). */
  private volatile boolean closed;
  private long writtenSinceWriteBehind;
  private final AtomicInteger writeBehindsDone = new AtomicInteger();
  /**
   * The background force started last (only the writing thread starts one, when none runs); a sync
   * waits for it before it trusts its own force.
   */
  private volatile Thread writeBehind;
  /** A background force's failure: the kernel reports it only once, so the next sync must. */
  private volatile IOException writeBehindError;

  ReplicaWriter(VolumeReplicas store, Volume volume, Replica replica, FileChannel data, Path dataFile,
      FileChannel meta, Path metaFile) {
    this.store = store;
    this.volume = volume;
    this.blockId = replica.blockId();
    this.genstamp = replica.genstamp();
    this.data = data;
    this.dataFile = dataFile;
    this.meta = meta;
    this.metaFile = metaFile;
    this.bytesOnDisk = replica.lengthBytes();
  }

  public long blockId() {
    return blockId;
  }

  public long genstamp() {
    return genstamp;
  }

  /** This node is not the last of the write pipeline: its report of the finalized replica may wait. */
  public void reportMayWait() {
    reportMayWait = true;
  }

  boolean reportsMayWait() {
    return reportMayWait;
  }

  /**
   * Readers are not sent to this replica first (it is not the last of its write pipeline, or a copy):
   * its bytes leave the page cache as they reach the disk. Does nothing where the kernel cannot be told.
   */
  public void dropCacheBehind() {
    dropCacheBehind = PageCache.supported();
  }

  /**
   * This is the last node of a client's write pipeline: the replica's bytes stay in the page cache and
   * its report says so, so the NameNode sends readers here first. Other writers (a lease recovery's
   * finalize, whose bytes an earlier writer may have dropped) claim nothing.
   */
  public void keepInPageCache() {
    keptInPageCache = true;
    dropCacheBehind = false;
  }

  boolean keptInPageCache() {
    return keptInPageCache;
  }

  /** Bytes of block data written so far; the next packet must start here. */
  public long bytesOnDisk() {
    return bytesOnDisk;
  }

  /**
   * Writes {@code bytes} (position to limit) at {@code offsetBytes} with their checksums.
   *
   * <p>Requires: {@code offsetBytes == bytesOnDisk()}; {@code packetSums} are the packet's checksums, one
   * per 512 bytes of {@code bytes}, already verified. A packet that starts inside a chunk (the first of
   * an append) has its chunk checksums recomputed against the bytes already on disk. Neither buffer moves.
   */
  public void write(long offsetBytes, ByteBuffer bytes, ByteBuffer packetSums) throws CairnException {
    checkOpen();
    if (offsetBytes != bytesOnDisk) {
      throw CairnException.invalidArgument("blk_" + blockId + ": packet at offset " + offsetBytes
          + " but the replica holds " + bytesOnDisk + " bytes");
    }
    int len = bytes.remaining();
    if (len == 0) {
      return;
    }
    try {
      volume.ensureSpace(len + (long) DataTransfer.checksumCount(len) * DataTransfer.CHECKSUM_SIZE);
    } catch (CairnException e) {
      if (e.getCause() instanceof IOException io) {
        // The free space could not be read: the folder may be gone.
        store.ioError(io);
      }
      throw e;
    }
    try {
      int partial = (int) (offsetBytes % DataTransfer.BYTES_PER_CHECKSUM);
      ByteBuffer sums = partial == 0
          ? packetSums.slice(packetSums.position(), DataTransfer.checksumCount(len) * DataTransfer.CHECKSUM_SIZE)
          : chunkAlignedSums(offsetBytes - partial, partial, bytes);
      DiskIo.writeFully(data, bytes.duplicate(), offsetBytes);
      DiskIo.writeFully(meta, sums, MetaFormat.checksumOffset(offsetBytes / DataTransfer.BYTES_PER_CHECKSUM));
      bytesOnDisk += len;
      dirty = true;
    } catch (IOException e) {
      throw ioError("write", e);
    }
    writtenSinceWriteBehind += len;
    Thread last = writeBehind;
    if (writtenSinceWriteBehind >= WRITE_BEHIND_BYTES && (last == null || !last.isAlive())) {
      writtenSinceWriteBehind = 0;
      long forcedUpTo = bytesOnDisk;
      writeBehind = Thread.ofVirtual().name("write-behind-blk_" + blockId).start(() -> writeBehind(forcedUpTo));
    }
  }

  private void writeBehind(long forcedUpTo) {
    try {
      data.force(false);
      if (dropCacheBehind) {
        long from = droppedUpTo;
        PageCache.drop(dataFile, from, forcedUpTo - from);
        droppedUpTo = forcedUpTo;
      }
      writeBehindsDone.incrementAndGet();
    } catch (ClosedChannelException finishedOrStopped) {
      // The replica's own force ran at its finish; a stopped writer has nothing to keep.
    } catch (IOException e) {
      writeBehindError = e;
    }
  }

  /** Checksums of the chunks from {@code chunkStart}: the {@code partial} bytes on disk, then {@code bytes}. */
  private ByteBuffer chunkAlignedSums(long chunkStart, int partial, ByteBuffer bytes) throws IOException {
    byte[] joined = new byte[partial + bytes.remaining()];
    ByteBuffer head = ByteBuffer.wrap(joined, 0, partial);
    DiskIo.readFully(data, head, chunkStart);
    bytes.duplicate().get(joined, partial, bytes.remaining());
    return ByteBuffer.wrap(Checksums.compute(joined, 0, joined.length));
  }

  /** Background forces that completed. */
  int writeBehindsDone() {
    return writeBehindsDone.get();
  }

  /** Forces written data and checksums to disk (hsync); nothing to do when nothing was written since the last. */
  public void sync() throws CairnException {
    // A background force that meets a write-back error takes the kernel's only report of it, and
    // this sync's own force could then succeed: wait for it and look at what it got first.
    Thread running = writeBehind;
    if (running != null) {
      try {
        running.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CairnException(ErrorCode.IO, "blk_" + blockId + ": interrupted while syncing");
      }
    }
    IOException earlier = writeBehindError;
    if (earlier != null) {
      throw ioError("background sync", earlier);
    }
    if (!dirty) {
      return;
    }
    try {
      data.force(true);
      meta.force(true);
      dirty = false;
    } catch (IOException e) {
      throw ioError("sync", e);
    }
  }

  /** Cuts the replica to {@code lengthBytes}, recomputing the checksum of a partial last chunk. */
  void truncate(long lengthBytes) throws IOException {
    data.truncate(lengthBytes);
    meta.truncate(MetaFormat.metaLength(lengthBytes));
    dirty = true;
    int partial = (int) (lengthBytes % DataTransfer.BYTES_PER_CHECKSUM);
    if (partial != 0) {
      byte[] chunk = new byte[partial];
      DiskIo.readFully(data, ByteBuffer.wrap(chunk), lengthBytes - partial);
      DiskIo.writeFully(meta, ByteBuffer.wrap(Checksums.compute(chunk, 0, partial)),
          MetaFormat.checksumOffset(lengthBytes / DataTransfer.BYTES_PER_CHECKSUM));
    }
    bytesOnDisk = lengthBytes;
  }

  /** Lets readers see the first {@code ackedBytes} (what the pipeline has acknowledged). */
  public void publish(long ackedBytes) {
    Preconditions.checkArgument(ackedBytes <= bytesOnDisk, "blk_%s: publish %s of %s", blockId, ackedBytes,
        bytesOnDisk);
    store.publish(this, ackedBytes);
  }

  /**
   * Forces everything to disk (unless {@link #sync} did since the last write), closes the files and
   * moves the replica into {@code finalized}.
   */
  public Replica finish() throws CairnException {
    checkOpen();
    sync();
    if (dropCacheBehind) {
      PageCache.drop(dataFile, droppedUpTo, bytesOnDisk - droppedUpTo);
      PageCache.drop(metaFile, 0, MetaFormat.metaLength(bytesOnDisk));
    }
    closeFiles();
    try {
      return store.finalizeReplica(this, bytesOnDisk);
    } catch (CairnException e) {
      throw e;
    } catch (IOException e) {
      store.ioError(e);
      throw new CairnException(ErrorCode.IO, "blk_" + blockId + ": finalize failed: " + e.getMessage(), e);
    }
  }

  /** Stops writing and leaves the replica in {@code rbw}; idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closeFiles();
      store.released(this);
    }
  }

  /**
   * Stops the writer at once (its next call fails) and closes its files on a thread of its own: on a
   * hung disk, closing a file waits for the force in progress on it, which may never end (a failed
   * volume's writers are stopped so).
   */
  void stop() {
    if (!closed) {
      closed = true;
      Thread.ofVirtual().name("stop-writer-blk_" + blockId).start(() -> {
        closeChannels();
        store.released(this);
      });
    }
  }

  private void closeFiles() {
    closed = true;
    closeChannels();
  }

  private void closeChannels() {
    try {
      data.close();
      meta.close();
    } catch (IOException e) {
      // Nothing is buffered (every write went straight to the file), so nothing is lost.
      LOG.warn("closing the files of blk_{} failed: {}", blockId, e.toString());
    }
  }

  private void checkOpen() throws CairnException {
    if (closed) {
      throw new CairnException(ErrorCode.IO, "blk_" + blockId + ": the writer was stopped (replica recovered or"
          + " its volume failed)");
    }
  }

  private CairnException ioError(String what, IOException e) {
    if (!closed) {
      store.ioError(e);
    }
    return new CairnException(ErrorCode.IO, "blk_" + blockId + ": " + what + " failed: " + e.getMessage(), e);
  }
}
