package io.cairn.fuse;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A local, writable copy of one Cairn file, for writes at any offset and truncates: what a Cairn
 * file (written once, appended at the end) cannot take in place. Its space is reserved in the
 * {@link StagingArea} as it grows. Not thread-safe: its {@link OpenFile} serialises calls.
 */
final class StagedCopy implements Closeable {
  private final StagingArea area;
  private final String label;
  private final Path file;
  private final FileChannel channel;
  private long lengthBytes;
  private long reservedBytes;
  private boolean dirty;

  private StagedCopy(StagingArea area, String label, Path file, FileChannel channel) {
    this.area = area;
    this.label = label;
    this.file = file;
    this.channel = channel;
  }

  /** Copies {@code lengthBytes} of {@code content} into a new staged file; {@code label} names it in errors. */
  static StagedCopy of(StagingArea area, String label, InputStream content, long lengthBytes) throws IOException {
    Path file = area.newFile();
    FileChannel channel = null;
    StagedCopy copy = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      copy = new StagedCopy(area, label, file, channel);
      copy.grow(lengthBytes);
      long copied = content.transferTo(Channels.newOutputStream(channel));
      if (copied != lengthBytes) {
        throw new IOException(label + ": expected " + lengthBytes + " bytes while staging it, read " + copied);
      }
      copy.lengthBytes = lengthBytes;
      return copy;
    } catch (IOException | RuntimeException e) {
      if (copy != null) {
        copy.close();
      } else {
        if (channel != null) {
          channel.close();
        }
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  long lengthBytes() {
    return lengthBytes;
  }

  boolean dirty() {
    return dirty;
  }

  void markClean() {
    dirty = false;
  }

  /** Reads up to {@code len} bytes at {@code position} into {@code dst}; 0 at or past the end. */
  int read(long position, ByteBuffer dst, int len) throws IOException {
    int want = (int) Math.max(0, Math.min(len, lengthBytes - position));
    ByteBuffer slice = dst.slice(dst.position(), want);
    int done = 0;
    while (done < want) {
      int n = channel.read(slice, position + done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    dst.position(dst.position() + done);
    return done;
  }

  /** Writes all of {@code src} at {@code position}; a gap past the end reads as zeros. */
  void write(long position, ByteBuffer src) throws IOException {
    long end = position + src.remaining();
    grow(end);
    while (src.hasRemaining()) {
      position += channel.write(src, position);
    }
    lengthBytes = Math.max(lengthBytes, end);
    dirty = true;
  }

  void truncate(long size) throws IOException {
    if (size > lengthBytes) {
      grow(size);
      // Extending: the file system fills the gap with zeros once a byte lands at the new end.
      channel.write(ByteBuffer.allocate(1), size - 1);
    } else {
      channel.truncate(size);
      shrinkTo(size);
    }
    lengthBytes = size;
    dirty = true;
  }

  /** Streams the whole copy to {@code out}. */
  void copyTo(OutputStream out) throws IOException {
    long done = 0;
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    while (done < lengthBytes) {
      buf.clear().limit((int) Math.min(buf.capacity(), lengthBytes - done));
      int n = channel.read(buf, done);
      if (n < 0) {
        throw new IOException(label + ": staged copy ended at " + done + " of " + lengthBytes + " bytes");
      }
      out.write(buf.array(), 0, n);
      done += n;
    }
  }

  private void grow(long size) throws FuseError {
    if (size > reservedBytes) {
      area.reserve(size - reservedBytes, label);
      reservedBytes = size;
    }
  }

  private void shrinkTo(long size) {
    if (size < reservedBytes) {
      area.release(reservedBytes - size);
      reservedBytes = size;
    }
  }

  /** Deletes the local copy and gives its space back. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } finally {
      shrinkTo(0);
    }
  }
}
