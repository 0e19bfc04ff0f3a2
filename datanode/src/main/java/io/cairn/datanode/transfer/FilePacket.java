package io.cairn.datanode.transfer;

import io.cairn.proto.PacketHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import java.nio.channels.FileChannel;

/**
 * An outgoing PACKET whose data goes straight from the block file to the socket (sendfile). Owns its
 * checksum buffer and file region; releasing it releases both, never the file channel.
 */
final class FilePacket extends AbstractReferenceCounted {
  private final PacketHeader header;
  private final ByteBuf checksums;
  private final DefaultFileRegion data;

  FilePacket(PacketHeader header, ByteBuf checksums, DefaultFileRegion data) {
    this.header = header;
    this.checksums = checksums;
    this.data = data;
  }

  PacketHeader header() {
    return header;
  }

  ByteBuf checksums() {
    return checksums;
  }

  DefaultFileRegion data() {
    return data;
  }

  /**
   * A region of {@code file} that leaves the file open when released: one file channel serves every
   * packet of a read, and the read closes it. Still a {@link DefaultFileRegion}, so the epoll transport
   * sends it with sendfile.
   */
  static DefaultFileRegion region(FileChannel file, long position, long count) {
    return new DefaultFileRegion(file, position, count) {
      @Override
      protected void deallocate() {
        // The channel belongs to the ReplicaInput of the read.
      }
    };
  }

  @Override
  protected void deallocate() {
    checksums.release();
    data.release();
  }

  @Override
  public ReferenceCounted touch(Object hint) {
    return this;
  }
}
