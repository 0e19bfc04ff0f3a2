package io.cairn.datanode.storage;

import io.cairn.common.wire.DataTransfer;
import java.nio.ByteBuffer;

/**
 * The meta file of a replica (docs/formats/data-transfer.md): a 7-byte header, then one big-endian
 * CRC32C per 512-byte chunk of the block file.
 *
 * <pre>version:int16 (1) | checksum type:uint8 (2 = CRC32C) | bytesPerChecksum:int32 (512) | crc:int32 ...</pre>
 */
public final class MetaFormat {
  public static final short VERSION = 1;
  public static final byte CHECKSUM_TYPE_CRC32C = 2;
  public static final int HEADER_BYTES = 2 + 1 + 4;

  private MetaFormat() {}

  /** A fresh header, ready to write. */
  public static ByteBuffer header() {
    ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES);
    b.putShort(VERSION).put(CHECKSUM_TYPE_CRC32C).putInt(DataTransfer.BYTES_PER_CHECKSUM);
    return b.flip();
  }

  /** Null when {@code header} (7 bytes) is a valid header, else what is wrong with it. */
  public static String checkHeader(ByteBuffer header) {
    if (header.remaining() < HEADER_BYTES) {
      return "meta header truncated";
    }
    short version = header.getShort(header.position());
    byte type = header.get(header.position() + 2);
    int bytesPerChecksum = header.getInt(header.position() + 3);
    if (version != VERSION || type != CHECKSUM_TYPE_CRC32C || bytesPerChecksum != DataTransfer.BYTES_PER_CHECKSUM) {
      return "unsupported meta header version=" + version + " type=" + type + " bytesPerChecksum=" + bytesPerChecksum;
    }
    return null;
  }

  /** File position of the checksum of chunk {@code chunkIndex}. */
  public static long checksumOffset(long chunkIndex) {
    return HEADER_BYTES + chunkIndex * DataTransfer.CHECKSUM_SIZE;
  }

  /** Number of chunks, the last maybe partial, in {@code dataBytes} of block data. */
  public static long chunkCount(long dataBytes) {
    return (dataBytes + DataTransfer.BYTES_PER_CHECKSUM - 1) / DataTransfer.BYTES_PER_CHECKSUM;
  }

  /** Length of the meta file of a block of {@code dataBytes}. */
  public static long metaLength(long dataBytes) {
    return checksumOffset(chunkCount(dataBytes));
  }
}
