package io.cairn.datanode.transfer;

import io.cairn.common.wire.DataTransfer;
import io.cairn.proto.PacketHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/**
 * A PACKET frame: a header, then one checksum per 512 bytes of data, then the data. The content
 * holds checksums and data back to back. Reference counted: whoever ends up holding it releases it.
 */
public final class Packet extends DefaultByteBufHolder {
  private final PacketHeader header;

  /** Requires: {@code content} holds {@code checksumCount(header.data_length_bytes) * 4} bytes of checksums, then the data. */
  public Packet(PacketHeader header, ByteBuf content) {
    super(content);
    this.header = header;
  }

  public PacketHeader header() {
    return header;
  }

  public int checksumBytes() {
    return DataTransfer.checksumCount(header.getDataLengthBytes()) * DataTransfer.CHECKSUM_SIZE;
  }

  /** The checksums, as a view (not retained). */
  public ByteBuf checksums() {
    return content().slice(content().readerIndex(), checksumBytes());
  }

  /** The data, as a view (not retained). */
  public ByteBuf data() {
    return content().slice(content().readerIndex() + checksumBytes(), header.getDataLengthBytes());
  }

  @Override
  public Packet retain() {
    super.retain();
    return this;
  }

  @Override
  public String toString() {
    return "Packet{seqno=" + header.getSeqno() + " offset=" + header.getOffsetInBlockBytes() + " len="
        + header.getDataLengthBytes() + " last=" + header.getLast() + "}";
  }
}
