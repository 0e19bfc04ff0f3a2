package io.cairn.client.io;

import java.util.HexFormat;

/**
 * A checksum of a file's content that does not depend on how it is cut into blocks: the MD5 of the
 * CRC32C of every 512-byte chunk of the file, in order, each as 4 big-endian bytes (the last chunk
 * may be shorter). Two files with the same bytes have the same checksum whatever their block sizes.
 *
 * @param algorithm {@value #ALGORITHM}
 * @param bytes the 16-byte digest
 * @param lengthBytes the file length it covers
 */
public record FileChecksum(String algorithm, byte[] bytes, long lengthBytes) {
  public static final String ALGORITHM = "MD5-of-CRC32C-512";

  public FileChecksum {
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FileChecksum f && f.algorithm.equals(algorithm) && f.lengthBytes == lengthBytes
        && java.util.Arrays.equals(f.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex() + " (" + lengthBytes + " bytes)";
  }
}
