package io.cairn.client.io;

import io.cairn.common.wire.Checksums;
import io.cairn.common.wire.DataTransfer;
import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameType;
import io.cairn.common.wire.PacketHead;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.ReadBlockOp;
import io.cairn.proto.TransferStatus;
import java.io.Closeable;
import java.io.IOException;
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
  /** The current packet's header and checksums, reused from packet to packet. */
  private final PacketHead head = new PacketHead();
  /** Packet data that could not go straight into the caller's array; {@code [bufferPos, bufferEnd)} is still to hand out. */
  private byte[] buffer = new byte[0];
  private int bufferPos;
  private int bufferEnd;
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

  /**
   * Copies up to {@code len} bytes; -1 once the range is exhausted. Reads on across packets until
   * {@code len} bytes are in or the range ends. A packet that lies wholly inside both the range and
   * what is left of {@code b} is read from the socket straight into {@code b} and verified there;
   * only the others (the first and last of an unaligned read) pass through this reader's buffer.
   */
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("read of " + DataNodeException.describe(block) + " after close");
    }
    int done = 0;
    while (done < len) {
      if (bufferPos < bufferEnd) {
        int n = Math.min(len - done, bufferEnd - bufferPos);
        System.arraycopy(buffer, bufferPos, b, off + done, n);
        bufferPos += n;
        position += n;
        done += n;
      } else if (position >= endOffset) {
        drainToLast();
        break;
      } else {
        readHead();
        int dataLength = head.dataLength();
        if (nextPacketOffset == position && position + dataLength <= endOffset && dataLength <= len - done) {
          readData(b, off + done, dataLength);
          position += dataLength;
          done += dataLength;
        } else {
          readIntoBuffer();
        }
      }
    }
    return done == 0 && len > 0 ? -1 : done;
  }

  /** Skips up to {@code n} bytes, verifying them like a read; returns how many were skipped. */
  public long skip(long n) throws IOException {
    long skipped = 0;
    while (skipped < n) {
      if (bufferPos < bufferEnd) {
        int step = (int) Math.min(n - skipped, bufferEnd - bufferPos);
        bufferPos += step;
        position += step;
        skipped += step;
      } else if (position >= endOffset) {
        drainToLast();
        break;
      } else {
        readHead();
        readIntoBuffer();
      }
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

  /**
   * Reads the packets left after the range (an empty last packet, or the tail of the last chunk)
   * so the connection can carry another exchange. A failure here only costs the connection: every
   * byte asked for has been delivered.
   */
  private void drainToLast() {
    try {
      while (!lastPacketSeen && !closed) {
        readHead();
        readIntoBuffer();
      }
    } catch (IOException e) {
      connection.close();
    }
  }

  /** Reads the next packet's header and checksums into {@link #head}; its data is still on the socket. */
  private void readHead() throws IOException {
    Frame other;
    try {
      other = connection.reader().readOrPacketHead(head);
    } catch (IOException e) {
      throw broken(e);
    }
    if (other != null) {
      throw unexpected(other);
    }
    long start = head.header().getOffsetInBlockBytes();
    if (start != nextPacketOffset) {
      throw protocolError(datanode(), block, "sent a packet at " + start + ", expected " + nextPacketOffset);
    }
  }

  /**
   * Reads the data of the packet whose head was just read into {@code b[off, off+length)} (its whole
   * data, {@code length == head.dataLength()}), verifies it there and moves past the packet.
   */
  private void readData(byte[] b, int off, int length) throws IOException {
    try {
      connection.reader().readData(b, off, length);
    } catch (IOException e) {
      throw broken(e);
    }
    long start = nextPacketOffset;
    int bad = Checksums.firstMismatch(b, off, length, head.checksums(), 0);
    if (bad >= 0) {
      throw new ChecksumException(block, start + (long) bad * DataTransfer.BYTES_PER_CHECKSUM, datanode());
    }
    nextPacketOffset = start + length;
    lastPacketSeen = head.header().getLast();
    if (lastPacketSeen && nextPacketOffset < endOffset) {
      throw new DataNodeException(datanode(), DataNodeException.describe(datanode()) + " ended "
          + DataNodeException.describe(block) + " at " + nextPacketOffset + ", expected data up to " + endOffset);
    }
    if (lastPacketSeen) {
      handBack();
    }
  }

  /**
   * Reads the current packet's data into {@link #buffer} and makes the part of it inside
   * {@code [position, endOffset)} the next to hand out: the first packet starts at a chunk boundary
   * before the requested offset and the last may run to the end of its chunk.
   */
  private void readIntoBuffer() throws IOException {
    int length = head.dataLength();
    if (buffer.length < length) {
      buffer = new byte[length];
    }
    long start = nextPacketOffset;
    readData(buffer, 0, length);
    long from = Math.max(position, start);
    long to = Math.min(endOffset, start + length);
    bufferPos = to <= from ? 0 : (int) (from - start);
    bufferEnd = to <= from ? 0 : (int) (to - start);
  }

  private DataNodeException broken(IOException e) {
    if (e instanceof DataNodeException d) {
      return d;
    }
    return new DataNodeException(datanode(), "reading " + DataNodeException.describe(block) + " from "
        + DataNodeException.describe(datanode()) + " failed: " + e.getMessage(), e);
  }

  /** The error for a frame other than a packet inside a read (the DataNode's failure answer, or nonsense). */
  private IOException unexpected(Frame frame) throws IOException {
    if (frame.type() == FrameType.OP_RESPONSE) {
      OpResponse r = frame.parse(OpResponse.parser());
      return new DataNodeException(datanode(), DataNodeException.describe(datanode()) + " failed the read of "
          + DataNodeException.describe(block) + ": " + r.getStatus() + " " + r.getMessage());
    }
    return protocolError(datanode(), block, "sent a " + frame.type() + " frame inside a read");
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
