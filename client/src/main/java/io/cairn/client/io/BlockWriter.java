package io.cairn.client.io;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import io.cairn.common.wire.Frame;
import io.cairn.common.wire.FrameType;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.OpRequest;
import io.cairn.proto.OpResponse;
import io.cairn.proto.PipelineAck;
import io.cairn.proto.TransferStatus;
import io.cairn.proto.WriteBlockOp;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The WRITE_BLOCK pipeline of one block: sends packets to the first DataNode while a separate
 * (virtual) thread reads the acks coming back, so the pipeline stays busy. At most
 * {@code writeWindowPackets} packets are unacknowledged; {@link #send} blocks beyond that.
 *
 * <p>Any failure (an ack with a non-OK status, an error response, a broken socket, no ack within the
 * read timeout) fails the pipeline for good: the socket is closed, which also unblocks a sender
 * stuck in a write, and every waiting or later call throws a {@link DataNodeException} naming the
 * node. Thread-safety: one sending thread plus the ack reader.
 */
public final class BlockWriter implements BlockPipeline {
  private final DataNodeConnection connection;
  private final LocatedBlock located;
  private final int window;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  /** Sent, not yet acknowledged, oldest first. */
  @GuardedBy("lock")
  private final Deque<OutgoingPacket> inFlight = new ArrayDeque<>();
  /** Packets acknowledged by the whole pipeline so far. */
  @GuardedBy("lock")
  private long ackedCount;
  @GuardedBy("lock")
  private IOException failure;
  @GuardedBy("lock")
  private boolean closed;
  private Thread ackReader;

  private BlockWriter(DataNodeConnection connection, LocatedBlock located, int window) {
    this.connection = connection;
    this.located = located;
    this.window = window;
  }

  /** How the pipeline's DataNodes start their replicas. */
  public enum Stage {
    /** New replicas. */
    CREATE,
    /** Each node's replica holds {@code block.length_bytes} already and goes on under the new stamp. */
    APPEND,
    /** Pipeline recovery: each replica is cut to {@code block.length_bytes} and takes the new stamp. */
    RECOVER
  }

  /** Connects to the first location, sets the pipeline up and starts reading acks. */
  public static BlockWriter open(LocatedBlock located, boolean append, String clientName, DataPathOptions options)
      throws IOException {
    return open(located, append ? Stage.APPEND : Stage.CREATE, clientName, options);
  }

  public static BlockWriter open(LocatedBlock located, Stage stage, String clientName, DataPathOptions options)
      throws IOException {
    if (located.getLocationsCount() == 0) {
      throw new DataNodeException(DatanodeInfo.getDefaultInstance(), "the NameNode gave "
          + DataNodeException.describe(located.getBlock()) + " no DataNode to write to");
    }
    List<DatanodeInfo> nodes = located.getLocationsList();
    DataNodeConnection connection = DataNodeConnection.open(nodes.getFirst(), options);
    BlockWriter writer = new BlockWriter(connection, located, options.writeWindowPackets());
    try {
      writer.setUp(WriteBlockOp.newBuilder().setBlock(located.getBlock()).addAllDownstream(nodes.subList(1,
          nodes.size())).setClientName(clientName).setAppend(stage == Stage.APPEND)
          .setRecovery(stage == Stage.RECOVER).build());
    } catch (IOException e) {
      connection.close();
      throw writer.attribute(e);
    }
    writer.ackReader = Thread.ofVirtual().name("acks-" + DataNodeException.describe(located.getBlock()))
        .start(writer::readAcks);
    return writer;
  }

  private void setUp(WriteBlockOp op) throws IOException {
    connection.request(OpRequest.newBuilder().setWriteBlock(op).build());
    Frame frame = connection.read();
    if (frame.type() != FrameType.OP_RESPONSE) {
      throw error(connection.datanode(), "answered WRITE_BLOCK with a " + frame.type() + " frame");
    }
    OpResponse response = frame.parse(OpResponse.parser());
    if (response.getStatus() != TransferStatus.OK) {
      DatanodeInfo culprit = node(response.getFailedNode());
      throw error(culprit, "failed to set up the pipeline: " + response.getStatus() + " " + response.getMessage());
    }
  }

  @Override
  public void send(OutgoingPacket packet) throws IOException {
    lock.lock();
    try {
      while (failure == null && inFlight.size() >= window) {
        changed.awaitUninterruptibly();
      }
      checkUsable();
      inFlight.addLast(packet);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      connection.writer().writePacket(packet.header(), packet.checksums(), packet.data(), 0, packet.dataLength());
      connection.writer().flush();
    } catch (IOException e) {
      throw fail(attribute(e));
    }
  }

  @Override
  public Block block() {
    return located.getBlock();
  }

  @Override
  public void awaitAcked() throws IOException {
    lock.lock();
    try {
      while (failure == null && !inFlight.isEmpty()) {
        changed.awaitUninterruptibly();
      }
      checkUsable();
    } finally {
      lock.unlock();
    }
  }

  /** Ack reader loop: reads only while something is in flight, so an idle pipeline never times out here. */
  private void readAcks() {
    try {
      while (true) {
        OutgoingPacket expected = nextExpected();
        if (expected == null) {
          return;
        }
        PipelineAck ack = readAck();
        checkAck(ack, expected);
        lock.lock();
        try {
          inFlight.removeFirst();
          ackedCount++;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    } catch (IOException e) {
      fail(attribute(e));
    }
  }

  private OutgoingPacket nextExpected() {
    lock.lock();
    try {
      while (!closed && failure == null && inFlight.isEmpty()) {
        changed.awaitUninterruptibly();
      }
      return closed || failure != null ? null : inFlight.peekFirst();
    } finally {
      lock.unlock();
    }
  }

  private PipelineAck readAck() throws IOException {
    Frame frame = connection.read();
    if (frame.type() == FrameType.OP_RESPONSE) {
      OpResponse r = frame.parse(OpResponse.parser());
      throw error(node(r.getFailedNode()), "failed the write: " + r.getStatus() + " " + r.getMessage());
    }
    if (frame.type() != FrameType.PIPELINE_ACK) {
      throw error(connection.datanode(), "sent a " + frame.type() + " frame instead of an ack");
    }
    return frame.parse(PipelineAck.parser());
  }

  private void checkAck(PipelineAck ack, OutgoingPacket expected) throws DataNodeException {
    if (ack.getSeqno() != expected.header().getSeqno()) {
      throw error(connection.datanode(), "acknowledged packet " + ack.getSeqno() + ", expected "
          + expected.header().getSeqno());
    }
    for (int i = 0; i < ack.getRepliesCount(); i++) {
      if (ack.getReplies(i) != TransferStatus.OK) {
        DatanodeInfo culprit = i < located.getLocationsCount() ? located.getLocations(i) : connection.datanode();
        throw error(culprit, "answered " + ack.getReplies(i) + " for packet " + ack.getSeqno()
            + (ack.getMessage().isEmpty() ? "" : ": " + ack.getMessage()));
      }
    }
  }

  /** Packets the whole pipeline has acknowledged, counted from the first one sent. */
  public long ackedCount() {
    lock.lock();
    try {
      return ackedCount;
    } finally {
      lock.unlock();
    }
  }

  private DataNodeException error(DatanodeInfo dn, String what) {
    return new DataNodeException(dn, "write pipeline of " + DataNodeException.describe(located.getBlock())
        + ": " + DataNodeException.describe(dn) + " " + what);
  }

  /** Names the first DataNode in a failure that does not name one (a broken socket, a timeout). */
  private DataNodeException attribute(IOException e) {
    if (e instanceof DataNodeException d) {
      return d;
    }
    return new DataNodeException(connection.datanode(), "write pipeline of "
        + DataNodeException.describe(located.getBlock()) + " to " + DataNodeException.describe(connection.datanode())
        + " failed: " + e.getMessage(), e);
  }

  /** The pipeline member with {@code uuid}, or the first DataNode when it is unknown. */
  private DatanodeInfo node(String uuid) {
    for (DatanodeInfo dn : located.getLocationsList()) {
      if (!uuid.isEmpty() && dn.getUuid().equals(uuid)) {
        return dn;
      }
    }
    return connection.datanode();
  }

  private IOException fail(IOException e) {
    lock.lock();
    try {
      if (failure == null) {
        failure = e;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    connection.close();
    return failure;
  }

  private void checkUsable() throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IOException("write pipeline of " + DataNodeException.describe(located.getBlock()) + " is closed");
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    connection.close();
  }
}
