package io.cairn.datanode.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.FrameType;
import io.cairn.datanode.storage.ReplicaListener;
import io.cairn.datanode.storage.ReplicaStore;
import io.cairn.datanode.storage.Volume;
import io.cairn.proto.Block;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.TransferStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server pipeline on an EmbeddedChannel: malformed input gets an error answer and a close, never an exception. */
class DispatcherCodecTest {
  @TempDir
  Path dir;

  private EmbeddedChannel ch;

  @BeforeEach
  void setUp() throws Exception {
    ReplicaStore store = ReplicaStore.open(Volume.open(dir, 0), ReplicaListener.NONE);
    TransferConfig config = new TransferConfig("127.0.0.1", 0, 1, 1, 10, 60_000, 1_000, 1_000, 32 << 10, 64 << 10, true);
    TransferContext env = new TransferContext(store, new TransferStats(), config, NioSocketChannel.class, ReplicaCopier.NONE);
    ch = new EmbeddedChannel();
    TransferInitializer.addHandlers(ch.pipeline(), env, null, new ReadThrottle(ch));
  }

  @AfterEach
  void tearDown() {
    ch.finishAndReleaseAll();
  }

  private static ByteBuf frame(int type, byte[] payload) {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(1 + payload.length).writeByte(type).writeBytes(payload);
    return b;
  }

  /** The single OP_RESPONSE the server answered with; the connection must be closed after it. */
  private OpResponse answerThenClosed() throws Exception {
    ch.runPendingTasks();
    ByteBuf out = Unpooled.buffer();
    for (Object o = ch.readOutbound(); o != null; o = ch.readOutbound()) {
      out.writeBytes((ByteBuf) o);
      ((ByteBuf) o).release();
    }
    int length = out.readInt();
    assertThat(out.readByte()).isEqualTo(FrameType.OP_RESPONSE.code());
    OpResponse r = OpResponse.parseFrom(out.nioBuffer(out.readerIndex(), length - 1));
    out.release();
    assertThat(ch.isOpen()).isFalse();
    return r;
  }

  @Test
  void anOversizedLengthIsABadRequest() throws Exception {
    ByteBuf b = Unpooled.buffer().writeInt(DataTransfer.MAX_FRAME_BYTES + 1).writeByte(1).writeZero(100);
    ch.writeInbound(b);
    OpResponse r = answerThenClosed();
    assertThat(r.getStatus()).isEqualTo(TransferStatus.BAD_REQUEST);
    assertThat(r.getMessage()).contains("longer than the limit");
  }

  @Test
  void aZeroLengthIsABadRequest() throws Exception {
    ch.writeInbound(Unpooled.buffer().writeInt(0));
    assertThat(answerThenClosed().getMessage()).contains("frame length below 1");
  }

  @Test
  void aNegativeLengthIsABadRequest() throws Exception {
    ch.writeInbound(Unpooled.buffer().writeInt(-5).writeZero(8));
    OpResponse r = answerThenClosed();
    assertThat(r.getStatus()).isEqualTo(TransferStatus.BAD_REQUEST);
    // The length field is read unsigned, so a negative length is a huge one.
    assertThat(r.getMessage()).contains("longer than the limit");
  }

  @Test
  void anUnknownFrameTypeIsABadRequest() throws Exception {
    ch.writeInbound(frame(9, new byte[3]));
    OpResponse r = answerThenClosed();
    assertThat(r.getStatus()).isEqualTo(TransferStatus.BAD_REQUEST);
    assertThat(r.getMessage()).contains("unknown frame type 9");
  }

  @Test
  void garbageBytesAreABadRequest() throws Exception {
    ch.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    assertThat(answerThenClosed().getStatus()).isEqualTo(TransferStatus.BAD_REQUEST);
  }

  @Test
  void anOpRequestThatDoesNotParseIsABadRequest() throws Exception {
    ch.writeInbound(frame(FrameType.OP_REQUEST.code(), new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01}));
    assertThat(answerThenClosed().getMessage()).contains("does not parse");
  }

  @Test
  void aPacketWhoseLengthsDisagreeIsABadRequest() throws Exception {
    byte[] header = PacketHeader.newBuilder().setDataLengthBytes(1000).build().toByteArray();
    ByteBuf payload = Unpooled.buffer().writeInt(header.length).writeBytes(header).writeZero(10);
    byte[] bytes = new byte[payload.readableBytes()];
    payload.readBytes(bytes);
    payload.release();
    ch.writeInbound(frame(FrameType.PACKET.code(), bytes));
    assertThat(answerThenClosed().getMessage()).contains("needs");
  }

  @Test
  void aPacketOutsideAWriteIsABadRequest() throws Exception {
    byte[] data = new byte[10];
    byte[] header = PacketHeader.newBuilder().setDataLengthBytes(10).setLast(true).build().toByteArray();
    ByteBuf payload = Unpooled.buffer().writeInt(header.length).writeBytes(header)
        .writeBytes(Checksums.compute(data, 0, 10)).writeBytes(data);
    byte[] bytes = new byte[payload.readableBytes()];
    payload.readBytes(bytes);
    payload.release();
    ch.writeInbound(frame(FrameType.PACKET.code(), bytes));
    assertThat(answerThenClosed().getMessage()).contains("PACKET outside a write");
  }

  @Test
  void aFrameCutShortByTheCloseIsDroppedQuietly() {
    ch.writeInbound(Unpooled.buffer().writeInt(100).writeByte(1).writeZero(10));
    ch.runPendingTasks();
    assertThat((Object) ch.readOutbound()).isNull();
    assertThat(ch.finish()).isFalse();
  }

  @Test
  void aReadOfAnUnknownBlockIsReplicaNotFound() throws Exception {
    byte[] req = OpRequest.newBuilder().setReadBlock(ReadBlockOp.newBuilder()
        .setBlock(Block.newBuilder().setId(12).setGenstamp(1)).setLengthBytes(-1)).build().toByteArray();
    ch.writeInbound(frame(FrameType.OP_REQUEST.code(), req));
    OpResponse r = answerThenClosed();
    assertThat(r.getStatus()).isEqualTo(TransferStatus.REPLICA_NOT_FOUND);
    assertThat(r.getMessage()).contains("blk_12");
  }

  @Test
  void theEncoderAndParserAgreeOnEveryFrameType() throws Exception {
    EmbeddedChannel codec = new EmbeddedChannel(FrameParser.frameDecoder(), new FrameParser(), FrameEncoder.INSTANCE);
    byte[] data = {1, 2, 3, 4, 5};
    PacketHeader h = PacketHeader.newBuilder().setSeqno(4).setOffsetInBlockBytes(512).setDataLengthBytes(5).build();
    Packet packet = new Packet(h, Unpooled.wrappedBuffer(Checksums.compute(data, 0, 5), data));
    PipelineAck ack = PipelineAck.newBuilder().setSeqno(4).addReplies(TransferStatus.OK).build();
    OpResponse resp = OpResponse.newBuilder().setStatus(TransferStatus.OK).setBytesPerChecksum(512).build();
    codec.writeOutbound(ack, resp, packet);
    for (Object o = codec.readOutbound(); o != null; o = codec.readOutbound()) {
      codec.writeInbound(o);
    }
    assertThat((Object) codec.readInbound()).isEqualTo(ack);
    assertThat((Object) codec.readInbound()).isEqualTo(resp);
    Packet back = codec.readInbound();
    assertThat(back.header()).isEqualTo(h);
    assertThat(back.data()).isEqualTo(Unpooled.wrappedBuffer(data));
    back.release();
    assertThat(codec.finish()).isFalse();
  }
}
