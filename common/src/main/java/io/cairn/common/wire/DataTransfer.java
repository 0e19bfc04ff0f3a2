package io.cairn.common.wire;

/** Constants of the data plane (docs/formats/data-transfer.md). */
public final class DataTransfer {
  /** Bytes covered by one CRC32C checksum. */
  public static final int BYTES_PER_CHECKSUM = 512;
  /** Size of one checksum. */
  public static final int CHECKSUM_SIZE = 4;
  /** Most data bytes in one packet of a write (client to pipeline, DataNode to DataNode). */
  public static final int MAX_PACKET_DATA_BYTES = 64 * 1024;
  /**
   * Most data bytes in one packet of a read, and so in any packet. Larger than a write's: a read's
   * packets are not acknowledged one by one, and each costs the DataNode a header write and a
   * sendfile and the client two socket reads, so 256 KiB packets cut both ends' CPU per MiB read by
   * about a fifth against 64 KiB ones (docs/benchmarks.md).
   */
  public static final int MAX_READ_PACKET_DATA_BYTES = 256 * 1024;
  /** Largest frame either side accepts (length field value); a larger one is a protocol error. */
  public static final int MAX_FRAME_BYTES = 1 << 20;
  /** Bytes of the frame length field. */
  public static final int LENGTH_FIELD_BYTES = 4;

  private DataTransfer() {}

  /** Number of checksums for {@code dataBytes} of data. */
  public static int checksumCount(int dataBytes) {
    return (dataBytes + BYTES_PER_CHECKSUM - 1) / BYTES_PER_CHECKSUM;
  }
}
