package io.cairn.common.wire;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C checksums of 512-byte chunks, stored big-endian, 4 bytes each (HDFS's layout). */
public final class Checksums {
  private Checksums() {}

  /** Writes the checksums of {@code data[off, off+len)} into {@code out} at {@code outOff}; returns bytes written. */
  public static int compute(byte[] data, int off, int len, byte[] out, int outOff) {
    CRC32C crc = new CRC32C();
    int pos = outOff;
    for (int chunk = off; chunk < off + len; chunk += DataTransfer.BYTES_PER_CHECKSUM) {
      int n = Math.min(DataTransfer.BYTES_PER_CHECKSUM, off + len - chunk);
      crc.reset();
      crc.update(data, chunk, n);
      int v = (int) crc.getValue();
      out[pos++] = (byte) (v >>> 24);
      out[pos++] = (byte) (v >>> 16);
      out[pos++] = (byte) (v >>> 8);
      out[pos++] = (byte) v;
    }
    return pos - outOff;
  }

  /** The checksums of {@code data[off, off+len)} as a new array. */
  public static byte[] compute(byte[] data, int off, int len) {
    byte[] out = new byte[DataTransfer.checksumCount(len) * DataTransfer.CHECKSUM_SIZE];
    compute(data, off, len, out, 0);
    return out;
  }

  /**
   * Checks {@code data} (position to limit) against {@code sums} (position on). Returns -1 when all
   * match, else the index of the first bad chunk. Neither buffer's position moves.
   */
  public static int firstMismatch(ByteBuffer data, ByteBuffer sums) {
    CRC32C crc = new CRC32C();
    ByteBuffer d = data.duplicate();
    int sumPos = sums.position();
    int chunk = 0;
    while (d.hasRemaining()) {
      int n = Math.min(DataTransfer.BYTES_PER_CHECKSUM, d.remaining());
      ByteBuffer slice = d.slice(d.position(), n);
      crc.reset();
      crc.update(slice);
      if (sumPos + 4 > sums.limit() || (int) crc.getValue() != sums.getInt(sumPos)) {
        return chunk;
      }
      d.position(d.position() + n);
      sumPos += 4;
      chunk++;
    }
    return -1;
  }

  /**
   * Checks {@code data[off, off+len)} against the checksums in {@code sums[sumsOff, ...)}, one per
   * 512 bytes. Returns -1 when all match, else the index of the first bad chunk. Allocates nothing.
   */
  public static int firstMismatch(byte[] data, int off, int len, byte[] sums, int sumsOff) {
    CRC32C crc = new CRC32C();
    int sumPos = sumsOff;
    int chunk = 0;
    for (int at = off; at < off + len; at += DataTransfer.BYTES_PER_CHECKSUM) {
      int n = Math.min(DataTransfer.BYTES_PER_CHECKSUM, off + len - at);
      crc.reset();
      crc.update(data, at, n);
      if (sumPos + 4 > sums.length || (int) crc.getValue() != readInt(sums, sumPos)) {
        return chunk;
      }
      sumPos += 4;
      chunk++;
    }
    return -1;
  }

  private static int readInt(byte[] b, int at) {
    return (b[at] << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
  }
}
