package io.cairn.client.io;

import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameReader;
import io.cairn.common.wire.FrameType;
import io.cairn.common.wire.FrameWriter;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.OpRequest;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One TCP connection to a DataNode speaking the frame format. It carries exchanges one after the
 * other (never two at once). Not thread-safe, except {@link #close()}, which may be called from any
 * thread to unblock a reader or writer stuck on the socket.
 */
public final class DataNodeConnection implements Closeable {
  /** Output buffer: a whole 64 KiB packet plus its header and checksums goes out in one write. */
  private static final int OUTPUT_BUFFER_BYTES = 128 * 1024;
  /**
   * Input buffer: small, for frame headers, checksums and acks. Packet data is read past it: a read
   * of at least this many bytes into an empty buffer goes straight from the socket into the
   * destination array, so most of a packet's data is copied once, not twice.
   */
  private static final int INPUT_BUFFER_BYTES = 8 * 1024;

  private final DatanodeInfo datanode;
  private final Socket socket;
  private final FrameReader reader;
  private final FrameWriter writer;
  private volatile boolean closed;
  private long idleSinceMs;
  private boolean reused;

  private DataNodeConnection(DatanodeInfo datanode, Socket socket) throws IOException {
    this.datanode = datanode;
    this.socket = socket;
    this.reader = new FrameReader(new BufferedInputStream(socket.getInputStream(), INPUT_BUFFER_BYTES));
    this.writer = new FrameWriter(new BufferedOutputStream(socket.getOutputStream(), OUTPUT_BUFFER_BYTES));
  }

  /** Connects with TCP_NODELAY (acks and small requests must not wait for Nagle) and large buffers. */
  public static DataNodeConnection open(DatanodeInfo datanode, DataPathOptions options) throws DataNodeException {
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.setKeepAlive(true);
      // Set before connect so the receive window scale is negotiated for the large buffer.
      socket.setReceiveBufferSize(options.socketBufferBytes());
      socket.setSendBufferSize(options.socketBufferBytes());
      socket.connect(new InetSocketAddress(datanode.getHost(), datanode.getDataPort()), options.connectTimeoutMs());
      socket.setSoTimeout(options.readTimeoutMs());
      return new DataNodeConnection(datanode, socket);
    } catch (IOException e) {
      closeQuietly(socket);
      throw new DataNodeException(datanode, "cannot connect to " + DataNodeException.describe(datanode) + ": "
          + e.getMessage(), e);
    }
  }

  public DatanodeInfo datanode() {
    return datanode;
  }

  /** Sends the first frame of an exchange and flushes it. */
  public void request(OpRequest request) throws IOException {
    writer.write(FrameType.OP_REQUEST, request);
    writer.flush();
  }

  /** Reads the next frame; times out after the read timeout. */
  public Frame read() throws IOException {
    return reader.read();
  }

  /** The frame reader, for exchanges that read packets in parts ({@link FrameReader#readOrPacketHead}). */
  public FrameReader reader() {
    return reader;
  }

  public FrameWriter writer() {
    return writer;
  }

  public boolean isClosed() {
    return closed;
  }

  /** True when this connection carried an exchange before (a cached one the DataNode may have dropped). */
  boolean wasReused() {
    return reused;
  }

  void markIdle(long nowMs) {
    idleSinceMs = nowMs;
    reused = true;
  }

  long idleSinceMs() {
    return idleSinceMs;
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is best effort: the socket is being abandoned either way.
    }
  }

  @Override
  public String toString() {
    return DataNodeException.describe(datanode);
  }
}
