package io.cairn.datanode.transfer;

import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.FileRegion;
import io.netty.channel.MessageSizeEstimator;

/**
 * Counts file regions and outgoing packets by the bytes they will send. Netty's default estimator
 * counts a file region as 0 bytes, so a read could queue a whole block without the channel ever
 * becoming unwritable; with this one the write watermarks hold for zero-copy reads too.
 */
final class TransferSizeEstimator implements MessageSizeEstimator {
  static final TransferSizeEstimator INSTANCE = new TransferSizeEstimator();
  private static final Handle HANDLE = TransferSizeEstimator::size;

  private TransferSizeEstimator() {}

  @Override
  public Handle newHandle() {
    return HANDLE;
  }

  private static int size(Object msg) {
    return switch (msg) {
      case ByteBuf b -> b.readableBytes();
      case ByteBufHolder h -> h.content().readableBytes();
      case FileRegion r -> (int) Math.min(Integer.MAX_VALUE, r.count());
      case FilePacket p -> p.checksums().readableBytes() + (int) p.data().count();
      case MessageLite m -> m.getSerializedSize();
      default -> 8;
    };
  }
}
