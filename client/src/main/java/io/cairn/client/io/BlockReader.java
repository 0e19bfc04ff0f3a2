package io.cairn.client.io;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameType;
import io.cairn.common.wire.Packet;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.TransferStatus;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One READ_BLOCK exchange: reads {@code [offset, offset+length)} of one replica, verifying every
 * chunk's checksum before handing out its bytes. When the last packet has arrived, the connection
 * is given back to its owner for the next exchange; closing the reader earlier closes the
 * connection (packets may still be in flight on it). Not thread-safe.
 */
public final class BlockReader implements Closeable {
  private final DataNodeConnection connection;
  private final Consumer<DataNodeConnection> onCleanEnd;
  private final Block block;
  private final long endOffset;
  /** Block offset of the next byte {@link #read} returns. */
  private long position;
  /** Block offset the next packet must start at. */
  private long nextPacketOffset;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private boolean lastPacketSeen;
  /** The connection went back to its owner; this reader must not touch it again. */
  private boolean handedBack;
  private boolean closed;

  private BlockReader(DataNodeConnection connection, Consumer<DataNodeConnection> onCleanEnd, Block block,
      long offset, long endOffset) {
    this.connection = connection;
    this.onCleanEnd = onCleanEnd;
    this.block = block;
    this.position = offset;
    this.endOffset = endOffset;
  }

  /**
   * Starts the exchange on {@code connection}. {@code onCleanEnd} receives the connection once the
   * exchange is over and it can carry the next one. On failure the connection is closed.
   */
  public static BlockReader open(DataNodeConnection connection, Consumer<DataNodeConnection> onCleanEnd,
      ReadBlockOp op) throws IOException {
    try {
      connection.request(OpRequest.newBuilder().setReadBlock(op).build());
      Frame frame = connection.read();
      OpResponse response = expectResponse(frame, connection.datanode(), op.getBlock());
      long offset = op.getOffsetBytes();
      long first = response.getFirstChunkOffsetBytes();
      if (response.getBytesPerChecksum() != DataTransfer.BYTES_PER_CHECKSUM || first > offset
          || offset - first >= DataTransfer.BYTES_PER_CHECKSUM || first % DataTransfer.BYTES_PER_CHECKSUM != 0) {
        throw protocolError(connection.datanode(), op.getBlock(), "answered a read at " + offset
            + " with first chunk " + first + " and " + response.getBytesPerChecksum() + " bytes per checksum");
      }
      long replicaEnd = response.getReplicaLengthBytes();
      long end = op.getLengthBytes() < 0 ? replicaEnd : Math.min(offset + op.getLengthBytes(), replicaEnd);
      BlockReader reader = new BlockReader(connection, onCleanEnd, op.getBlock(), offset, Math.max(end, offset));
      reader.nextPacketOffset = first;
      return reader;
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Copies up to {@code len} bytes; -1 once the range is exhausted. */
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read of " + DataNodeException.describe(block) + " after close");
    }
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    position += n;
    return n;
  }

  /** Skips up to {@code n} bytes, verifying them like a read; returns how many were skipped. */
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n && fill()) {
      int step = (int) Math.min(n - skipped, current.remaining());
      current.position(current.position() + step);
      position += step;
      skipped += step;
    }
    return skipped;
  }

  /** Block offset of the next byte to be read. */
  public long position() {
    return position;
  }

  /** Block offset where this reader's range ends (what the replica has, if it is shorter). */
  public long endOffset() {
    return endOffset;
  }

  public Block block() {
    return block;
  }

  public DatanodeInfo datanode() {
    return connection.datanode();
  }

  /** Makes {@code current} hold the byte at {@link #position}; false when the range is exhausted. */
  private boolean fill() throws IOException {
    while (!current.hasRemaining()) {
      if (position >= endOffset) {
        drainToLast();
        return false;
      }
      nextPacket();
    }
    return true;
  }

  /**
   * Reads the packets left after the range (an empty last packet, or the tail of the last chunk)
   * so the connection can carry another exchange. A failure here only costs the connection: every
   * byte asked for has been delivered.
   */
  private void drainToLast() {
    try {
      while (!lastPacketSeen && !closed) {
        nextPacket();
      }
    } catch (IOException e) {
      connection.close();
    }
  }

  private void nextPacket() throws IOException {
    Packet packet;
    try {
      packet = expectPacket(connection.read());
    } catch (DataNodeException e) {
      throw e;
    } catch (IOException e) {
      throw new DataNodeException(datanode(), "reading " + DataNodeException.describe(block) + " from "
          + DataNodeException.describe(datanode()) + " failed: " + e.getMessage(), e);
    }
    long start = packet.header().getOffsetInBlockBytes();
    if (start != nextPacketOffset) {
      throw protocolError(datanode(), block, "sent a packet at " + start + ", expected " + nextPacketOffset);
    }
    int bad = Checksums.firstMismatch(packet.data(), packet.checksums());
    if (bad >= 0) {
      throw new ChecksumException(block, start + (long) bad * DataTransfer.BYTES_PER_CHECKSUM, datanode());
    }
    nextPacketOffset = start + packet.data().remaining();
    lastPacketSeen = packet.header().getLast();
    if (lastPacketSeen && nextPacketOffset < endOffset) {
      throw new DataNodeException(datanode(), DataNodeException.describe(datanode()) + " ended "
          + DataNodeException.describe(block) + " at " + nextPacketOffset + ", expected data up to " + endOffset);
    }
    // Hand out only [position, endOffset): the first packet starts at a chunk boundary before the
    // requested offset and the last may run to the end of its chunk.
    long from = Math.max(position, start);
    long to = Math.min(endOffset, nextPacketOffset);
    ByteBuffer data = packet.data();
    current = to <= from ? ByteBuffer.allocate(0) : data.slice((int) (from - start), (int) (to - from));
    if (lastPacketSeen) {
      handBack();
    }
  }

  private Packet expectPacket(Frame frame) throws IOException {
    if (frame.type() == FrameType.OP_RESPONSE) {
      OpResponse r = frame.parse(OpResponse.parser());
      throw new DataNodeException(datanode(), DataNodeException.describe(datanode()) + " failed the read of "
          + DataNodeException.describe(block) + ": " + r.getStatus() + " " + r.getMessage());
    }
    if (frame.type() != FrameType.PACKET) {
      throw protocolError(datanode(), block, "sent a " + frame.type() + " frame inside a read");
    }
    return frame.packet();
  }

  private static OpResponse expectResponse(Frame frame, DatanodeInfo dn, Block block) throws IOException {
    if (frame.type() != FrameType.OP_RESPONSE) {
      throw protocolError(dn, block, "answered a read with a " + frame.type() + " frame");
    }
    OpResponse response = frame.parse(OpResponse.parser());
    if (response.getStatus() != TransferStatus.OK) {
      throw new DataNodeException(dn, DataNodeException.describe(dn) + " refused to read "
          + DataNodeException.describe(block) + ": " + response.getStatus() + " " + response.getMessage());
    }
    return response;
  }

  private static DataNodeException protocolError(DatanodeInfo dn, Block block, String what) {
    return new DataNodeException(dn, DataNodeException.describe(dn) + " " + what + " (reading "
        + DataNodeException.describe(block) + ")");
  }

  /** The exchange is over once the last packet is in: the connection can carry the next one. */
  private void handBack() {
    if (!handedBack && !connection.isClosed()) {
      handedBack = true;
      onCleanEnd.accept(connection);
    }
  }

  @Override
  public void close() {
    if (!handedBack) {
      connection.close();
    }
    closed = true;
  }
}
