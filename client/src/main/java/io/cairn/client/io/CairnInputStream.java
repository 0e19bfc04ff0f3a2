package io.cairn.client.io;

import io.cairn.proto.LocatedBlock;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a Cairn file: block by block from the first replica the NameNode lists, every checksum
 * verified. Sequential reads, {@link #seek}, and positional reads ({@link #read(long, byte[], int, int)})
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
  /** DataNodes (uuids) not to read from again; empty until replica failover arrives. */
  private final Set<String> excluded = ConcurrentHashMap.newKeySet();
  private long pos;
  private BlockReader reader;
  private int readerBlock = -1;
  private volatile boolean closed;

  public CairnInputStream(LocatedFile file, BlockReaderFactory readers, Runnable onClose) {
    this.file = file;
    this.readers = readers;
    this.onClose = onClose;
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
    try {
      positionReader();
      int want = (int) Math.min(len, file.blockEnd(readerBlock) - pos);
      int n = reader.read(b, off, want);
      if (n < 0) {
        throw shortReplica(reader, file.blockEnd(readerBlock) - file.blocks().get(readerBlock).getOffsetBytes());
      }
      pos += n;
      return n;
    } catch (IOException e) {
      // The exchange is broken; the next read (or a retry on another replica) starts a new one.
      closeReader();
      throw e;
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
    long end = Math.min(position + len, file.lengthBytes());
    int total = 0;
    while (position + total < end) {
      long at = position + total;
      int index = file.blockIndexAt(at);
      LocatedBlock located = file.blocks().get(index);
      int n = (int) (Math.min(end, file.blockEnd(index)) - at);
      try (BlockReader r = readers.open(located, at - located.getOffsetBytes(), n, excluded)) {
        readExactly(r, b, off + total, n, file.blockEnd(index) - located.getOffsetBytes());
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

  /** Makes {@code reader} an exchange positioned at {@code pos}, reusing the current one when it can. */
  private void positionReader() throws IOException {
    int index = file.blockIndexAt(pos);
    LocatedBlock located = file.blocks().get(index);
    long inBlock = pos - located.getOffsetBytes();
    if (reader != null && readerBlock == index) {
      long ahead = inBlock - reader.position();
      if (ahead == 0 || (ahead > 0 && ahead <= MAX_SKIP_BYTES && reader.skip(ahead) == ahead)) {
        return;
      }
    }
    closeReader();
    reader = readers.open(located, inBlock, file.blockEnd(index) - pos, excluded);
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
