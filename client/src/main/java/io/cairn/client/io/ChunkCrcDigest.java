package io.cairn.client.io;

import io.cairn.common.wire.DataTransfer;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;

/**
 * Computes a {@link FileChecksum} from a file's bytes, fed in any pieces. The chunks are counted
 * from the start of the file, not of a block, which is what makes the result independent of the
 * block size. Not thread-safe.
 */
public final class ChunkCrcDigest {
  private final MessageDigest md5;
  private final CRC32C crc = new CRC32C();
  private int chunkFill;
  private long length;

  public ChunkCrcDigest() {
    try {
      md5 = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  public void update(byte[] b, int off, int len) {
    int end = off + len;
    while (off < end) {
      int n = Math.min(end - off, DataTransfer.BYTES_PER_CHECKSUM - chunkFill);
      crc.update(b, off, n);
      off += n;
      chunkFill += n;
      length += n;
      if (chunkFill == DataTransfer.BYTES_PER_CHECKSUM) {
        endChunk();
      }
    }
  }

  /** Reads {@code in} to its end into the digest (the stream verifies the DataNodes' checksums on the way). */
  public ChunkCrcDigest updateFrom(InputStream in) throws IOException {
    byte[] buf = new byte[DataTransfer.MAX_PACKET_DATA_BYTES];
    for (int n; (n = in.read(buf)) >= 0; ) {
      update(buf, 0, n);
    }
    return this;
  }

  public FileChecksum finish() {
    if (chunkFill > 0) {
      endChunk();
    }
    return new FileChecksum(FileChecksum.ALGORITHM, md5.digest(), length);
  }

  private void endChunk() {
    int v = (int) crc.getValue();
    md5.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    crc.reset();
    chunkFill = 0;
  }
}
