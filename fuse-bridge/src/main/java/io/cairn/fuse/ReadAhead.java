package io.cairn.fuse;

import io.cairn.client.io.CairnInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Serves the kernel's reads of one open file from a window read ahead of them. The kernel asks for
 * at most {@code max_read} (128 KiB to 1 MiB) at a time, sometimes out of order when it reads ahead
 * itself; one window of several MiB turns those into few, long sequential reads of the stream,
 * which keeps its DataNode exchange open. Thread-safe (calls are serialised).
 */
final class ReadAhead implements Closeable {
  private static final int MIN_WINDOW_BYTES = 128 << 10;

  private final CairnInputStream in;
  private final byte[] window;
  private long windowStart;
  private int windowBytes;

  ReadAhead(CairnInputStream in, int readAheadBytes) {
    this.in = in;
    this.window = new byte[(int) Math.min(Math.max(readAheadBytes, MIN_WINDOW_BYTES),
        Math.max(in.length(), MIN_WINDOW_BYTES))];
  }

  /** The file's length when it was opened: reads see that much. */
  long lengthBytes() {
    return in.length();
  }

  /** Copies up to {@code len} bytes at {@code position} into {@code dst}; fewer only at the end of the file. */
  synchronized int read(long position, ByteBuffer dst, int len) throws IOException {
    int served = 0;
    while (served < len && position + served < in.length()) {
      long at = position + served;
      if (at < windowStart || at >= windowStart + windowBytes) {
        fill(at);
      }
      int n = (int) Math.min(len - served, windowStart + windowBytes - at);
      dst.put(window, (int) (at - windowStart), n);
      served += n;
    }
    return served;
  }

  private void fill(long at) throws IOException {
    if (in.getPos() != at) {
      in.seek(at);
    }
    int want = (int) Math.min(window.length, in.length() - at);
    int n = in.readNBytes(window, 0, want);
    if (n < want) {
      throw new IOException("read " + n + " of " + want + " bytes at offset " + at + " before the end of the file");
    }
    windowStart = at;
    windowBytes = n;
  }

  @Override
  public void close() {
    in.close();
  }
}
