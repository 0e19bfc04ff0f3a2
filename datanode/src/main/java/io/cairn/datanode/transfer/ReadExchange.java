package io.cairn.datanode.transfer;

import io.cairn.common.error.CairnException;
import io.cairn.common.wire.DataTransfer;
import io.cairn.datanode.storage.ReplicaInput;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PacketHeader;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.TransferStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * READ_BLOCK: answers OP_RESPONSE, then sends packets of up to 256 KiB covering whole chunks from the
 * requested offset (rounded down to a chunk) to the requested end (rounded up to a chunk, at most the
 * replica's length). Packet data goes from the block file with a file region (sendfile) on plain TCP;
 * checksums come from the meta file. Packets go in bursts of {@link #PACKETS_PER_BURST}, at most
 * {@link #MAX_BURSTS_IN_FLIGHT} queued and none while the channel is unwritable, so a read never holds
 * a block in memory. A burst reads its checksums at once and is followed by one flush and one
 * completion, so the work per packet is only its header. Runs on the event loop, or on the disk
 * thread of a connection that wrote before (see {@link TransferDispatcher}).
 */
final class ReadExchange implements Exchange {
  private static final Logger LOG = LoggerFactory.getLogger(ReadExchange.class);
  static final int PACKETS_PER_BURST = 2;
  static final int MAX_BURSTS_IN_FLIGHT = 2;
  /** Where the volume check that a failed open asks for runs: never the event loop, which it may block for long. */
  private static final Executor FAILURE_CHECKS = check -> Thread.ofVirtual().name("read-failure-check").start(check);

  private final ExchangeHost host;
  private final TransferContext env;
  private final ReadBlockOp op;
  private ReplicaInput input;
  private boolean zeroCopy;
  private long position;
  private long end;
  private int packetBytes;
  private long seqno;
  private int burstsInFlight;
  private boolean sentLast;
  private boolean counted;
  private boolean closed;

  ReadExchange(ExchangeHost host, TransferContext env, ReadBlockOp op) {
    this.host = host;
    this.env = env;
    this.op = op;
  }

  @Override
  public void start() {
    long offset = op.getOffsetBytes();
    long length = op.getLengthBytes();
    if (!op.hasBlock() || offset < 0 || length < -1) {
      String why = "bad read request: block=" + op.hasBlock() + " offset=" + offset + " length=" + length;
      host.fail(Statuses.error(TransferStatus.BAD_REQUEST, why), why);
      return;
    }
    try {
      input = env.store().openForRead(op.getBlock().getId(), op.getBlock().getGenstamp(), FAILURE_CHECKS);
    } catch (CairnException e) {
      host.fail(Statuses.error(Statuses.of(e), e.getMessage()), e.getMessage());
      return;
    }
    long visible = input.replica().lengthBytes();
    if (offset > visible) {
      String why = "blk_" + op.getBlock().getId() + ": offset " + offset + " is past the end (" + visible + ")";
      host.fail(Statuses.error(TransferStatus.BAD_REQUEST, why), why);
      closeInput();
      return;
    }
    long wanted = length == -1 || length > visible - offset ? visible : offset + length;
    end = Math.min(visible, roundUpToChunk(wanted));
    position = offset - offset % DataTransfer.BYTES_PER_CHECKSUM;
    packetBytes = packetBytes(op.getMaxPacketBytes());
    zeroCopy = host.ctx().pipeline().get(SslHandler.class) == null;
    env.stats().transferStarted();
    counted = true;
    host.ctx().write(OpResponse.newBuilder().setStatus(TransferStatus.OK).setFirstChunkOffsetBytes(position)
        .setBytesPerChecksum(DataTransfer.BYTES_PER_CHECKSUM).setReplicaLengthBytes(visible).build());
    sendMore();
  }

  /**
   * What the reader takes, in whole chunks, within this side's bound; a reader that does not say
   * gets a write's packet size.
   */
  static int packetBytes(int readerMax) {
    if (readerMax <= 0) {
      return DataTransfer.MAX_PACKET_DATA_BYTES;
    }
    int bounded = Math.min(readerMax, DataTransfer.MAX_READ_PACKET_DATA_BYTES);
    int chunks = Math.max(1, bounded / DataTransfer.BYTES_PER_CHECKSUM);
    return chunks * DataTransfer.BYTES_PER_CHECKSUM;
  }

  private static long roundUpToChunk(long n) {
    long r = n % DataTransfer.BYTES_PER_CHECKSUM;
    return r == 0 ? n : n + DataTransfer.BYTES_PER_CHECKSUM - r;
  }

  /** Queues bursts while the channel is writable and the in-flight bound allows. */
  private void sendMore() {
    try {
      while (!sentLast && !closed && burstsInFlight < MAX_BURSTS_IN_FLIGHT && host.ctx().channel().isWritable()) {
        sendBurst();
      }
    } catch (IOException e) {
      String why = "blk_" + op.getBlock().getId() + ": read failed: " + e;
      host.fail(Statuses.error(TransferStatus.IO_ERROR, why), why);
      return;
    }
    host.ctx().flush();
    if (sentLast) {
      // The last packet is queued: the connection may take the next request while it drains.
      host.finished(this);
    }
  }

  /** Queues up to {@link #PACKETS_PER_BURST} packets; only the last one's completion is listened to. */
  private void sendBurst() throws IOException {
    long burstEnd = Math.min(end, position + (long) PACKETS_PER_BURST * packetBytes);
    int burstBytes = (int) (burstEnd - position);
    ByteBuf sums = Unpooled.wrappedBuffer(input.readChecksums(position / DataTransfer.BYTES_PER_CHECKSUM,
        DataTransfer.checksumCount(burstBytes)));
    ChannelFuture lastWrite;
    try {
      do {
        int len = (int) Math.min(packetBytes, burstEnd - position);
        lastWrite = sendPacket(len, sums.readRetainedSlice(DataTransfer.checksumCount(len) * DataTransfer.CHECKSUM_SIZE));
      } while (position < burstEnd);
    } finally {
      sums.release();
    }
    burstsInFlight++;
    lastWrite.addListener((ChannelFuture f) -> written(f, burstBytes));
  }

  private ChannelFuture sendPacket(int len, ByteBuf sums) throws IOException {
    boolean last = position + len >= end;
    PacketHeader header = PacketHeader.newBuilder().setSeqno(seqno++).setOffsetInBlockBytes(position)
        .setDataLengthBytes(len).setLast(last).build();
    Object packet;
    if (zeroCopy && len > 0) {
      packet = new FilePacket(header, sums, FilePacket.region(input.dataChannel(), position, len));
    } else {
      ByteBuf data;
      try {
        data = Unpooled.wrappedBuffer(input.readData(position, len));
      } catch (IOException e) {
        sums.release();
        throw e;
      }
      packet = new Packet(header, Unpooled.wrappedBuffer(sums, data));
    }
    sentLast = last;
    position += len;
    return host.ctx().write(packet);
  }

  /**
   * Runs on the dispatcher's thread: the futures come from its context. Writes complete in order, so
   * a burst's last packet written means the whole burst was; a failed one fails every write after it.
   */
  private void written(ChannelFuture f, int burstBytes) {
    burstsInFlight--;
    if (!f.isSuccess()) {
      LOG.debug("read of blk_{} stopped: {}", op.getBlock().getId(), f.cause().toString());
      abort();
      return;
    }
    if (zeroCopy) {
      env.stats().addZeroCopyBytes(burstBytes);
    }
    if (sentLast) {
      if (burstsInFlight == 0) {
        closeInput();
      }
    } else {
      sendMore();
    }
  }

  @Override
  public void onPacket(Packet packet) throws ProtocolException {
    throw ProtocolException.badRequest("PACKET from the reader during a read");
  }

  @Override
  public void onWritabilityChanged() {
    if (host.ctx().channel().isWritable() && !sentLast) {
      sendMore();
    }
  }

  @Override
  public void abort() {
    closeInput();
  }

  private void closeInput() {
    if (closed) {
      return;
    }
    closed = true;
    if (input == null) {
      return;
    }
    if (counted) {
      env.stats().transferEnded();
    }
    try {
      input.close();
    } catch (IOException e) {
      LOG.warn("closing blk_{} after a read failed: {}", op.getBlock().getId(), e.toString());
    }
  }
}
