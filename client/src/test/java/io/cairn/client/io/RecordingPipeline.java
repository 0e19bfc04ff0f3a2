package io.cairn.client.io;

import io.cairn.common.wire.Checksums;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.PacketHeader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/** An in-memory packet sink: records every packet of every block, acknowledges at once, fails on demand. */
final class RecordingPipeline implements BlockPipeline.Factory {
  record Sent(long blockId, boolean append, PacketHeader header, boolean checksumsMatch) {}

  final List<Sent> packets = new ArrayList<>();
  final ByteArrayOutputStream data = new ByteArrayOutputStream();
  int opened;
  int closed;
  int awaits;
  /** The send of this many-th packet (0-based, across blocks) fails. */
  int failAtPacket = -1;

  @Override
  public BlockPipeline open(LocatedBlock block, boolean append) {
    opened++;
    return new BlockPipeline() {
      @Override
      public void send(OutgoingPacket p) throws IOException {
        if (packets.size() == failAtPacket) {
          throw new DataNodeException(block.getLocations(0), "DataNode dn-1 broke the pipeline");
        }
        ByteBuffer d = ByteBuffer.wrap(p.data(), 0, p.dataLength());
        boolean ok = Checksums.firstMismatch(d, ByteBuffer.wrap(p.checksums())) < 0
            && p.checksums().length == 4 * ((p.dataLength() + 511) / 512);
        packets.add(new Sent(block.getBlock().getId(), append, p.header(), ok));
        data.write(p.data(), 0, p.dataLength());
      }

      @Override
      public io.cairn.proto.Block block() {
        return block.getBlock();
      }

      @Override
      public void awaitAcked() {
        awaits++;
      }

      @Override
      public void close() {
        closed++;
      }
    };
  }

  List<Long> offsets() {
    return packets.stream().map(s -> s.header().getOffsetInBlockBytes()).toList();
  }

  List<Integer> lengths() {
    return packets.stream().map(s -> s.header().getDataLengthBytes()).toList();
  }

  List<Boolean> lasts() {
    return packets.stream().map(s -> s.header().getLast()).toList();
  }
}
