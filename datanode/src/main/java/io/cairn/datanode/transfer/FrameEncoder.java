package io.cairn.datanode.transfer;

import com.google.protobuf.MessageLite;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PipelineAck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.IOException;
import java.util.List;

/**
 * Frames outgoing messages: {@link OpRequest}, {@link OpResponse}, {@link PipelineAck}, {@link Packet}
 * and {@link FilePacket} (whose data leaves as a file region). Stateless and shareable.
 */
@ChannelHandler.Sharable
public final class FrameEncoder extends MessageToMessageEncoder<Object> {
  public static final FrameEncoder INSTANCE = new FrameEncoder();

  private FrameEncoder() {}

  @Override
  public boolean acceptOutboundMessage(Object msg) {
    return msg instanceof MessageLite || msg instanceof Packet || msg instanceof FilePacket;
  }

  @Override
  protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) throws IOException {
    switch (msg) {
      case Packet p -> {
        out.add(packetPrefix(ctx, p.header(), p.content().readableBytes()));
        out.add(p.content().retain());
      }
      case FilePacket p -> {
        int rest = p.checksums().readableBytes() + (int) p.data().count();
        ByteBuf prefix = packetPrefix(ctx, p.header(), rest);
        out.add(ctx.alloc().compositeBuffer(2).addComponents(true, prefix, p.checksums().retain()));
        out.add(p.data().retain());
      }
      case MessageLite m -> out.add(message(ctx, typeOf(m), m));
      default -> throw new IllegalArgumentException("cannot frame " + msg.getClass().getName());
    }
  }

  /** length | type | headerLength | header; the checksums and data ({@code restBytes}) follow. */
  private static ByteBuf packetPrefix(ChannelHandlerContext ctx, MessageLite header, int restBytes)
      throws IOException {
    int headerBytes = header.getSerializedSize();
    ByteBuf buf = ctx.alloc().buffer(DataTransfer.LENGTH_FIELD_BYTES + 1 + 4 + headerBytes);
    buf.writeInt(1 + 4 + headerBytes + restBytes);
    buf.writeByte(FrameType.PACKET.code());
    buf.writeInt(headerBytes);
    header.writeTo(new ByteBufOutputStream(buf));
    return buf;
  }

  private static ByteBuf message(ChannelHandlerContext ctx, FrameType type, MessageLite m) throws IOException {
    int size = m.getSerializedSize();
    ByteBuf buf = ctx.alloc().buffer(DataTransfer.LENGTH_FIELD_BYTES + 1 + size);
    buf.writeInt(1 + size);
    buf.writeByte(type.code());
    m.writeTo(new ByteBufOutputStream(buf));
    return buf;
  }

  private static FrameType typeOf(MessageLite m) {
    return switch (m) {
      case OpRequest r -> FrameType.OP_REQUEST;
      case OpResponse r -> FrameType.OP_RESPONSE;
      case PipelineAck a -> FrameType.PIPELINE_ACK;
      default -> throw new IllegalArgumentException("no frame type for " + m.getClass().getName());
    };
  }
}
