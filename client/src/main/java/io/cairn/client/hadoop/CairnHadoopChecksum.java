package io.cairn.client.hadoop;

import io.cairn.client.io.FileChecksum;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Cairn's {@link FileChecksum} (MD5 of the CRC32C of each 512-byte chunk) as Hadoop's. It does not
 * depend on block sizes, so two Cairn files with equal bytes compare equal; it is a different
 * algorithm from HDFS's, so DistCp between HDFS and Cairn must skip the checksum comparison.
 * Mutable only through {@link #readFields}, as Writables are.
 */
final class CairnHadoopChecksum extends org.apache.hadoop.fs.FileChecksum {
  private FileChecksum checksum;

  CairnHadoopChecksum(FileChecksum checksum) {
    this.checksum = checksum;
  }

  @Override
  public String getAlgorithmName() {
    return checksum.algorithm();
  }

  @Override
  public int getLength() {
    return checksum.bytes().length;
  }

  @Override
  public byte[] getBytes() {
    return checksum.bytes();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    byte[] bytes = checksum.bytes();
    out.writeLong(checksum.lengthBytes());
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    long lengthBytes = in.readLong();
    int size = in.readInt();
    if (size < 0 || size > 64) {
      throw new IOException("bad checksum length " + size);
    }
    byte[] bytes = new byte[size];
    in.readFully(bytes);
    checksum = new FileChecksum(FileChecksum.ALGORITHM, bytes, lengthBytes);
  }

  @Override
  public String toString() {
    return checksum.toString();
  }
}
