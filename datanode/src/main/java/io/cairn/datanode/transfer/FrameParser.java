package io.cairn.datanode.transfer;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.io.IOException;
import java.util.List;

/**
 * Turns one frame (type byte and payload, the length already stripped) into an {@link OpRequest},
 * {@link OpResponse}, {@link PipelineAck} or {@link Packet}. Anything malformed fails with a
 * {@link ProtocolException} (wrapped by Netty in a DecoderException) naming the problem.
 */
public final class FrameParser extends MessageToMessageDecoder<ByteBuf> {
  public FrameParser() {
    super(ByteBuf.class);
  }

  /** The length-field decoder that goes before this parser; accepts length values up to MAX_FRAME_BYTES. */
  public static LengthFieldBasedFrameDecoder frameDecoder() {
    // maxFrameLength counts the length field itself, which the length value does not.
    return new LengthFieldBasedFrameDecoder(DataTransfer.MAX_FRAME_BYTES + DataTransfer.LENGTH_FIELD_BYTES,
        0, DataTransfer.LENGTH_FIELD_BYTES, 0, DataTransfer.LENGTH_FIELD_BYTES);
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) throws Exception {
    out.add(parse(frame));
  }

  /** Parses one frame; the result owns retained slices of {@code frame} where it needs bytes. */
  public static Object parse(ByteBuf frame) throws ProtocolException {
    if (!frame.isReadable()) {
      throw ProtocolException.badRequest("frame length below 1");
    }
    byte code = frame.readByte();
    FrameType type = FrameType.of(code);
    if (type == null) {
      throw ProtocolException.badRequest("unknown frame type " + (code & 0xFF));
    }
    try {
      return switch (type) {
        case OP_REQUEST -> OpRequest.parseFrom(new ByteBufInputStream(frame));
        case OP_RESPONSE -> OpResponse.parseFrom(new ByteBufInputStream(frame));
        case PIPELINE_ACK -> PipelineAck.parseFrom(new ByteBufInputStream(frame));
        case PACKET -> parsePacket(frame);
      };
    } catch (InvalidProtocolBufferException e) {
      throw ProtocolException.badRequest(type + " payload does not parse: " + e.getMessage());
    } catch (IOException e) {
      throw ProtocolException.badRequest(type + " payload does not parse: " + e);
    }
  }

  private static Packet parsePacket(ByteBuf frame) throws IOException, ProtocolException {
    if (frame.readableBytes() < 4) {
      throw ProtocolException.badRequest("PACKET truncated: no header length");
    }
    int headerLength = frame.readInt();
    if (headerLength < 0 || headerLength > frame.readableBytes()) {
      throw ProtocolException.badRequest("PACKET truncated: header length " + headerLength + " but "
          + frame.readableBytes() + " bytes follow");
    }
    PacketHeader header = PacketHeader.parseFrom(new ByteBufInputStream(frame.readSlice(headerLength)));
    int dataLength = header.getDataLengthBytes();
    if (dataLength < 0 || dataLength > DataTransfer.MAX_PACKET_DATA_BYTES) {
      throw ProtocolException.badRequest("PACKET data length " + dataLength + " is outside 0.."
          + DataTransfer.MAX_PACKET_DATA_BYTES);
    }
    int expected = DataTransfer.checksumCount(dataLength) * DataTransfer.CHECKSUM_SIZE + dataLength;
    if (frame.readableBytes() != expected) {
      throw ProtocolException.badRequest("PACKET of " + dataLength + " data bytes needs " + expected
          + " bytes of checksums and data, the frame has " + frame.readableBytes());
    }
    return new Packet(header, frame.readRetainedSlice(expected));
  }
}
