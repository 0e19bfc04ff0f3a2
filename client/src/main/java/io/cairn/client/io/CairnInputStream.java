package io.cairn.client.io;

import io.cairn.proto.LocatedBlock;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Reads a Cairn file: block by block, every checksum verified, from the nearest replica that works
 * (see {@link ReplicaFailover}: a replica that fails is left for the next, a corrupt one reported). Sequential reads, {@link #seek}, and positional reads ({@link #read(long, byte[], int, int)})
 * that leave the stream's position alone. The readable length is fixed when the stream opens (it
 * includes what a writer had hflushed by then).
 *
 * <p>Thread-safety: the sequential methods are synchronized; positional reads may run concurrently
 * with them and with each other (each uses its own exchange).
 */
public final class CairnInputStream extends InputStream {
  /** A forward seek within the current block up to this far reads on instead of opening a new exchange. */
  static final long MAX_SKIP_BYTES = 128 * 1024;

  private final LocatedFile file;
  private final BlockReaderFactory readers;
  private final Runnable onClose;
  private final ReplicaFailover failover;
  private long pos;
  private BlockReader reader;
  private int readerBlock = -1;
  private volatile boolean closed;

  /** A stream with no NameNode behind it: it fails over among the locations it was given, and reports nothing. */
  public CairnInputStream(LocatedFile file, BlockReaderFactory readers, Runnable onClose) {
    this(file, readers, onClose, ReplicaFailover.Locator.NONE);
  }

  /** {@code locator} refetches a block's locations and takes reports of corrupt replicas. */
  public CairnInputStream(LocatedFile file, BlockReaderFactory readers, Runnable onClose,
      ReplicaFailover.Locator locator) {
    this.file = file;
    this.readers = readers;
    this.onClose = onClose;
    // With no NameNode there is nothing a pause could bring: refetching finds nothing new.
    this.failover = new ReplicaFailover(file, locator, locator == ReplicaFailover.Locator.NONE ? ms -> {} : Pause.SLEEP);
  }

  @Override
  public synchronized int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    if (len == 0) {
      return 0;
    }
    if (pos >= file.lengthBytes()) {
      return -1;
    }
    if (file.inlineData() != null) {
      int n = copyInline(pos, b, off, len);
      pos += n;
      return n;
    }
    while (true) {
      int index = file.blockIndexAt(pos);
      try {
        positionReader(index);
        int want = (int) Math.min(len, file.blockEnd(index) - pos);
        int n = reader.read(b, off, want);
        if (n < 0) {
          throw shortReplica(reader, file.blockEnd(index) - file.blocks().get(index).getOffsetBytes());
        }
        pos += n;
        failover.succeeded(index, reader.datanode());
        return n;
      } catch (DataNodeException e) {
        // The exchange is broken: go on from the same position on another replica.
        closeReader();
        failover.failed(index, e);
      } catch (IOException | RuntimeException e) {
        closeReader();
        throw e;
      }
    }
  }

  /** Moves to {@code target} (0 to the length). The next read opens a new exchange only when it must. */
  public synchronized void seek(long target) throws IOException {
    checkOpen();
    if (target < 0 || target > file.lengthBytes()) {
      throw new EOFException(file.path() + ": cannot seek to " + target + " (length " + file.lengthBytes() + ")");
    }
    pos = target;
  }

  @Override
  public synchronized long skip(long n) throws IOException {
    checkOpen();
    long step = Math.max(0, Math.min(n, file.lengthBytes() - pos));
    pos += step;
    return step;
  }

  public synchronized long getPos() {
    return pos;
  }

  /** The readable length of the file. */
  public long length() {
    return file.lengthBytes();
  }

  /** Bytes left to the end of the file (never blocks: the length is known). */
  @Override
  public synchronized int available() throws IOException {
    checkOpen();
    return (int) Math.min(file.lengthBytes() - pos, Integer.MAX_VALUE);
  }

  /**
   * Reads up to {@code len} bytes at {@code position} without moving the stream's position; -1 at or
   * past the end. Reads everything asked that the file has (it does not stop at a block boundary).
   */
  public int read(long position, byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkOpen();
    if (position < 0) {
      throw new EOFException(file.path() + ": negative position " + position);
    }
    if (len == 0) {
      return 0;
    }
    if (position >= file.lengthBytes()) {
      return -1;
    }
    if (file.inlineData() != null) {
      return copyInline(position, b, off, len);
    }
    long end = Math.min(position + len, file.lengthBytes());
    int total = 0;
    while (position + total < end) {
      long at = position + total;
      int index = file.blockIndexAt(at);
      int n = (int) (Math.min(end, file.blockEnd(index)) - at);
      while (true) {
        LocatedBlock located = failover.located(index);
        try (BlockReader r = readers.open(located, at - located.getOffsetBytes(), n, failover.excluded())) {
          readExactly(r, b, off + total, n, file.blockEnd(index) - located.getOffsetBytes());
          failover.succeeded(index, r.datanode());
          break;
        } catch (DataNodeException e) {
          failover.failed(index, e);
        }
      }
      total += n;
    }
    return total;
  }

  /** Reads exactly {@code len} bytes at {@code position}; {@link EOFException} if the file ends before. */
  public void readFully(long position, byte[] b, int off, int len) throws IOException {
    if (position + len > file.lengthBytes()) {
      throw new EOFException(file.path() + ": cannot read " + len + " bytes at " + position + " (length "
          + file.lengthBytes() + ")");
    }
    read(position, b, off, len);
  }

  public void readFully(long position, byte[] b) throws IOException {
    readFully(position, b, 0, b.length);
  }

  /** Copies up to {@code len} bytes at {@code position} (inside the file) of a file the namespace keeps. */
  private int copyInline(long position, byte[] b, int off, int len) {
    int n = (int) Math.min(len, file.lengthBytes() - position);
    file.inlineData().copyTo(b, (int) position, off, n);
    return n;
  }

  /** Makes {@code reader} an exchange positioned at {@code pos}, reusing the current one when it can. */
  private void positionReader(int index) throws IOException {
    LocatedBlock located = failover.located(index);
    long inBlock = pos - located.getOffsetBytes();
    if (reader != null && readerBlock == index) {
      long ahead = inBlock - reader.position();
      if (ahead == 0 || (ahead > 0 && ahead <= MAX_SKIP_BYTES && reader.skip(ahead) == ahead)) {
        return;
      }
    }
    closeReader();
    reader = readers.open(located, inBlock, file.blockEnd(index) - pos, failover.excluded());
    readerBlock = index;
  }

  private static void readExactly(BlockReader r, byte[] b, int off, int len, long blockLength) throws IOException {
    int done = 0;
    while (done < len) {
      int n = r.read(b, off + done, len - done);
      if (n < 0) {
        throw shortReplica(r, blockLength);
      }
      done += n;
    }
  }

  private static DataNodeException shortReplica(BlockReader r, long blockLength) {
    return new DataNodeException(r.datanode(), DataNodeException.describe(r.datanode()) + " has only "
        + r.endOffset() + " bytes of " + DataNodeException.describe(r.block()) + ", the file needs "
        + blockLength);
  }

  private void closeReader() {
    if (reader != null) {
      reader.close();
      reader = null;
      readerBlock = -1;
    }
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException(file.path() + ": stream closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      closeReader();
      onClose.run();
    }
  }
}
