package io.cairn.client.nio;

import io.cairn.client.io.CairnInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A read-only, seekable channel over a {@link CairnInputStream}. The size is the file's readable
 * length when it was opened; a position at or past it reads end-of-stream. Not thread-safe beyond
 * what the stream gives (callers of one channel serialise, as with any SeekableByteChannel).
 */
final class CairnReadChannel extends CairnChannel {
  private static final int COPY_BYTES = 64 * 1024;

  private final CairnInputStream in;
  private long position;

  CairnReadChannel(CairnInputStream in, CloseAction onClose) {
    super(onClose);
    this.in = in;
  }

  @Override
  public synchronized int read(ByteBuffer dst) throws IOException {
    checkOpen();
    if (!dst.hasRemaining()) {
      return 0;
    }
    if (position >= in.length()) {
      return -1;
    }
    if (in.getPos() != position) {
      in.seek(position);
    }
    int n;
    if (dst.hasArray()) {
      n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
      if (n > 0) {
        dst.position(dst.position() + n);
      }
    } else {
      byte[] chunk = new byte[Math.min(dst.remaining(), COPY_BYTES)];
      n = in.read(chunk, 0, chunk.length);
      if (n > 0) {
        dst.put(chunk, 0, n);
      }
    }
    if (n > 0) {
      position += n;
    }
    return n;
  }

  @Override
  public int write(ByteBuffer src) {
    throw new NonWritableChannelException();
  }

  @Override
  public synchronized long position() throws IOException {
    checkOpen();
    return position;
  }

  @Override
  public synchronized SeekableByteChannel position(long newPosition) throws IOException {
    checkOpen();
    if (newPosition < 0) {
      throw new IllegalArgumentException("negative position " + newPosition);
    }
    position = newPosition;
    return this;
  }

  @Override
  public synchronized long size() throws IOException {
    checkOpen();
    return in.length();
  }

  @Override
  public SeekableByteChannel truncate(long size) {
    throw new NonWritableChannelException();
  }

  @Override
  void closeStream() throws IOException {
    in.close();
  }
}
