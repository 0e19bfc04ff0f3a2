package io.cairn.datanode.storage;

import io.cairn.common.wire.DataTransfer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An open replica for reading: the block file (for zero-copy sends) and its checksums. The files stay
 * readable when the replica is renamed or deleted meanwhile. Not thread-safe; close when done.
 */
public final class ReplicaInput implements AutoCloseable {
  private final Replica replica;
  private final FileChannel data;
  private final FileChannel meta;

  ReplicaInput(Replica replica, FileChannel data, FileChannel meta) {
    this.replica = replica;
    this.data = data;
    this.meta = meta;
  }

  /** The replica as it was when opened; its length is what may be read. */
  public Replica replica() {
    return replica;
  }

  /** The block file; whoever sends from it must not close it (close this instead). */
  public FileChannel dataChannel() {
    return data;
  }

  /** The checksums of {@code count} chunks from chunk {@code firstChunk}, 4 bytes each. */
  public ByteBuffer readChecksums(long firstChunk, int count) throws IOException {
    ByteBuffer sums = ByteBuffer.allocate(count * DataTransfer.CHECKSUM_SIZE);
    DiskIo.readFully(meta, sums, MetaFormat.checksumOffset(firstChunk));
    return sums.flip();
  }

  /** Reads {@code lengthBytes} of block data at {@code offsetBytes} (for copies that cannot use sendfile). */
  public ByteBuffer readData(long offsetBytes, int lengthBytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(lengthBytes);
    DiskIo.readFully(data, buf, offsetBytes);
    return buf.flip();
  }

  @Override
  public void close() throws IOException {
    try {
      data.close();
    } finally {
      meta.close();
    }
  }
}
