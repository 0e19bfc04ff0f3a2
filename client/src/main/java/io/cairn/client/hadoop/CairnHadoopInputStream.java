package io.cairn.client.hadoop;

import io.cairn.client.io.CairnInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntFunction;
import org.apache.hadoop.fs.ByteBufferPositionedReadable;
import org.apache.hadoop.fs.ByteBufferReadable;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileRange;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.StreamCapabilities;
import org.apache.hadoop.fs.VectoredReadUtils;

/**
 * A {@link CairnInputStream} as Hadoop wants it: seekable, positional reads, reads into
 * ByteBuffers (copied through a small array for direct buffers), and the bytes read counted in
 * the FileSystem's statistics. There is one replica per read, so {@link #seekToNewSource} has
 * none to offer. Thread-safety as CairnInputStream's.
 */
final class CairnHadoopInputStream extends FSInputStream
    implements ByteBufferReadable, ByteBufferPositionedReadable, StreamCapabilities {
  private static final int COPY_BYTES = 64 * 1024;

  private final CairnInputStream in;
  private final FileSystem.Statistics statistics;

  CairnHadoopInputStream(CairnInputStream in, FileSystem.Statistics statistics) {
    this.in = in;
    this.statistics = statistics;
  }

  @Override
  public void seek(long pos) throws IOException {
    in.seek(pos);
  }

  @Override
  public long getPos() {
    return in.getPos();
  }

  @Override
  public boolean seekToNewSource(long targetPos) {
    return false;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    counted(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return counted(in.read(b, off, len));
  }

  @Override
  public long skip(long n) throws IOException {
    return in.skip(n);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  @Override
  public int read(long position, byte[] buffer, int offset, int length) throws IOException {
    validatePositionedReadArgs(position, buffer, offset, length);
    return counted(in.read(position, buffer, offset, length));
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
    validatePositionedReadArgs(position, buffer, offset, length);
    in.readFully(position, buffer, offset, length);
    counted(length);
  }

  /**
   * Hadoop's vectored read (each range a positional read), after checking every range against
   * the length, which this stream knows: a range past the end fails the call itself.
   */
  @Override
  public void readVectored(List<? extends FileRange> ranges, IntFunction<ByteBuffer> allocate) throws IOException {
    VectoredReadUtils.validateAndSortRanges(ranges, Optional.of(in.length()));
    super.readVectored(ranges, allocate);
  }

  @Override
  public void readFully(long position, byte[] buffer) throws IOException {
    readFully(position, buffer, 0, buffer.length);
  }

  @Override
  public int read(ByteBuffer buf) throws IOException {
    if (!buf.hasRemaining()) {
      return 0;
    }
    if (buf.hasArray()) {
      int n = read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
      if (n > 0) {
        buf.position(buf.position() + n);
      }
      return n;
    }
    byte[] chunk = new byte[Math.min(buf.remaining(), COPY_BYTES)];
    int n = read(chunk, 0, chunk.length);
    if (n > 0) {
      buf.put(chunk, 0, n);
    }
    return n;
  }

  @Override
  public int read(long position, ByteBuffer buf) throws IOException {
    if (!buf.hasRemaining()) {
      return 0;
    }
    int total = 0;
    byte[] chunk = buf.hasArray() ? null : new byte[Math.min(buf.remaining(), COPY_BYTES)];
    while (buf.hasRemaining()) {
      int n = chunk == null
          ? read(position + total, buf.array(), buf.arrayOffset() + buf.position(), buf.remaining())
          : read(position + total, chunk, 0, Math.min(chunk.length, buf.remaining()));
      if (n < 0) {
        break;
      }
      if (chunk == null) {
        buf.position(buf.position() + n);
      } else {
        buf.put(chunk, 0, n);
      }
      total += n;
    }
    return total == 0 && buf.hasRemaining() ? -1 : total;
  }

  @Override
  public void readFully(long position, ByteBuffer buf) throws IOException {
    int want = buf.remaining();
    if (position < 0 || position + want > in.length()) {
      throw new EOFException("cannot read " + want + " bytes at " + position + " (length " + in.length() + ")");
    }
    read(position, buf);
  }

  @Override
  public boolean hasCapability(String capability) {
    return switch (capability.toLowerCase(Locale.ROOT)) {
      case StreamCapabilities.READBYTEBUFFER, StreamCapabilities.PREADBYTEBUFFER -> true;
      default -> false;
    };
  }

  @Override
  public void close() {
    in.close();
  }

  private int counted(int n) {
    if (n > 0 && statistics != null) {
      statistics.incrementBytesRead(n);
    }
    return n;
  }
}
