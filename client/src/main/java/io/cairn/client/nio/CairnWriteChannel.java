package io.cairn.client.nio;

import io.cairn.client.io.CairnOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A write channel over a {@link CairnOutputStream}. Cairn files are written sequentially, so the
 * position is always the end of what was written: moving it elsewhere, or truncating below it, is
 * an {@link UnsupportedOperationException} that says so. With {@code SYNC}/{@code DSYNC} every
 * write is hsynced (on disk on every DataNode) before it returns.
 */
final class CairnWriteChannel extends CairnChannel {
  private static final int COPY_BYTES = 64 * 1024;

  private final CairnOutputStream out;
  private final boolean syncEachWrite;

  CairnWriteChannel(CairnOutputStream out, boolean syncEachWrite, CloseAction onClose) {
    super(onClose);
    this.out = out;
    this.syncEachWrite = syncEachWrite;
  }

  @Override
  public int read(ByteBuffer dst) {
    throw new NonReadableChannelException();
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    checkOpen();
    int n = src.remaining();
    if (src.hasArray()) {
      out.write(src.array(), src.arrayOffset() + src.position(), n);
      src.position(src.limit());
    } else {
      byte[] chunk = new byte[Math.min(n, COPY_BYTES)];
      while (src.hasRemaining()) {
        int len = Math.min(chunk.length, src.remaining());
        src.get(chunk, 0, len);
        out.write(chunk, 0, len);
      }
    }
    if (syncEachWrite) {
      out.hsync();
    }
    return n;
  }

  @Override
  public synchronized long position() throws IOException {
    checkOpen();
    return out.getPos();
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    checkOpen();
    if (newPosition != out.getPos()) {
      throw new UnsupportedOperationException("cairn: files are written sequentially; a write channel stays at "
          + out.getPos() + " and cannot move to " + newPosition);
    }
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    checkOpen();
    return out.getPos();
  }

  /** Only a no-op truncate (to the size or beyond) is possible: Cairn cannot cut a file it is writing. */
  @Override
  public synchronized SeekableByteChannel truncate(long size) throws IOException {
    checkOpen();
    if (size < 0) {
      throw new IllegalArgumentException("negative size " + size);
    }
    if (size < out.getPos()) {
      throw new UnsupportedOperationException("cairn: cannot truncate a file being written (to " + size + " of "
          + out.getPos() + " bytes)");
    }
    return this;
  }

  @Override
  void closeStream() throws IOException {
    out.close();
  }
}
