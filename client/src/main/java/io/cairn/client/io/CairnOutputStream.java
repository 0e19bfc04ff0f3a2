package io.cairn.client.io;

import io.cairn.common.error.CairnException;
import io.cairn.common.error.ErrorCode;
import io.cairn.proto.Block;
import io.cairn.proto.LocatedBlock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes a Cairn file: bytes are cut into packets of up to 64 KiB (CRC32C per 512 bytes) and sent
 * down the pipeline of the current block; a block that reaches the file's block size is finished
 * (last packet, all acks) and the next one is asked for lazily, on the next write, so a file that
 * ends on a block boundary has no empty block.
 *
 * <p>{@link #flush()} does nothing (wrapping streams call it freely); {@link #hflush()} makes the
 * bytes written so far visible to new readers, {@link #hsync()} also forces them to disk on every
 * DataNode. {@link #close()} finishes the last block and completes the file. Any failure is final:
 * the stream refuses further writes and close() reports it. Thread-safe (synchronized).
 *
 * <p>Small files: while the file stays within {@link WriteSettings#inlineDataMaxBytes()} and is not
 * hflushed, its bytes are held here and no block is asked for; a close hands them to the NameNode,
 * which keeps them in the namespace. A write past the bound, or an hflush, writes the held bytes to a
 * block first and goes on as for any file.
 */
public final class CairnOutputStream extends OutputStream {
  private static final long FIRST_RETRY_MS = 50;
  private static final long MAX_RETRY_MS = 2_000;

  private final WriteSession session;
  private final BlockPipeline.Factory pipelines;
  private final WriteSettings settings;
  private final Runnable onClose;

  /** The block being written and its pipeline; null between blocks. */
  private Block current;
  private BlockPipeline pipeline;
  /** Block offset of the next byte written (sent or buffered). */
  private long blockBytes;
  private long seqno;
  private PacketBuffer packet;
  /** The last finished block, with its final length; null before the first. */
  private Block previous;
  private long position;
  /** File length last made visible with hflush/hsync (skips redundant flushes). */
  private long flushedPosition = -1;
  private IOException failure;
  private boolean closed;
  /**
   * The whole file while it may still close with its bytes kept in the namespace; null once they go
   * to blocks (or when the NameNode keeps none).
   */
  private ByteArrayOutputStream held;

  /** A stream at the start of an empty file. {@code onClose} runs once, however close() ends. */
  public CairnOutputStream(WriteSession session, BlockPipeline.Factory pipelines, WriteSettings settings,
      Runnable onClose) {
    this.session = session;
    this.pipelines = pipelines;
    this.settings = settings;
    this.onClose = onClose;
    this.held = settings.inlineDataMaxBytes() > 0 ? new ByteArrayOutputStream() : null;
  }

  /** Append: goes on after {@code lastBlock}, a complete block, at file length {@code fileLengthBytes}. */
  public synchronized void startAfter(Block lastBlock, long fileLengthBytes) {
    held = null;
    previous = lastBlock;
    position = fileLengthBytes;
  }

  /**
   * Append to a file whose bytes, {@code data}, the namespace keeps: goes on after them, held here
   * as a new file's would be (written to a block at once when they no longer fit the bound).
   */
  public synchronized void resumeInline(byte[] data) throws IOException {
    held = new ByteArrayOutputStream(data.length);
    held.writeBytes(data);
    position = data.length;
    if (data.length > settings.inlineDataMaxBytes()) {
      try {
        spill();
      } catch (IOException e) {
        throw fail(e);
      }
    }
  }

  /** Append: reopens the partial last block (with its new generation stamp) and goes on from its length. */
  public synchronized void resume(LocatedBlock partial, long fileLengthBytes) throws IOException {
    held = null;
    position = fileLengthBytes;
    try {
      pipeline = pipelines.open(partial, true);
    } catch (IOException e) {
      throw fail(e);
    }
    current = partial.getBlock();
    blockBytes = partial.getBlock().getLengthBytes();
  }

  @Override
  public synchronized void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    checkUsable();
    try {
      if (held != null) {
        if (held.size() + (long) len <= settings.inlineDataMaxBytes()) {
          held.write(b, off, len);
          position += len;
          return;
        }
        spill();
      }
      writeToBlocks(b, off, len);
    } catch (IOException e) {
      throw fail(e);
    }
  }

  /** The held bytes no longer fit, or must be visible: they become the start of the file's first block. */
  private void spill() throws IOException {
    byte[] bytes = held.toByteArray();
    held = null;
    // They are the file from its start (an append's too: its file has no block yet).
    position = 0;
    writeToBlocks(bytes, 0, bytes.length);
  }

  private void writeToBlocks(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (packet == null) {
        startPacket();
      }
      int n = packet.write(b, off, len);
      off += n;
      len -= n;
      position += n;
      blockBytes += n;
      if (packet.isFull()) {
        sendPacket(blockBytes == settings.blockSizeBytes(), false);
      }
    }
  }

  /** Does nothing: use {@link #hflush()} to make data visible. */
  @Override
  public void flush() {}

  /** Returns once every byte written is acknowledged by the pipeline and visible to new readers. */
  public synchronized void hflush() throws IOException {
    flushTo(false);
  }

  /** As {@link #hflush()}, and every DataNode has forced the data to disk. */
  public synchronized void hsync() throws IOException {
    flushTo(true);
  }

  /** Bytes in the file so far, counting what is still buffered. */
  public synchronized long getPos() {
    return position;
  }

  public String path() {
    return session.path();
  }

  private void flushTo(boolean sync) throws IOException {
    checkUsable();
    if (held != null && held.size() == 0) {
      // Nothing written yet: nothing to make visible, and the file may still be kept small.
      return;
    }
    if (!sync && position == flushedPosition) {
      return;
    }
    try {
      if (held != null) {
        spill();
      }
      if (pipeline != null) {
        if (packet != null || sync) {
          sendPacket(false, sync);
        }
        pipeline.awaitAcked();
        session.fsync(blockBytes);
      } else if (previous != null) {
        // At a block boundary: the finished block's length is not yet known to the NameNode.
        session.fsync(previous.getLengthBytes());
      }
      flushedPosition = position;
    } catch (IOException e) {
      throw fail(e);
    }
  }

  private void startPacket() throws IOException {
    if (pipeline != null && blockBytes >= settings.blockSizeBytes()) {
      // Only after resuming a block that was already full: finish it before the next one.
      sendPacket(true, false);
    }
    if (pipeline == null) {
      LocatedBlock next = session.addBlock(previous);
      current = next.getBlock();
      blockBytes = 0;
      seqno = 0;
      pipeline = pipelines.open(next, false);
    }
    packet = new PacketBuffer(blockBytes, PacketBuffer.capacityAt(blockBytes, settings.blockSizeBytes()));
  }

  /** Sends the buffered packet (an empty one if none); a last packet also finishes the block. */
  private void sendPacket(boolean last, boolean sync) throws IOException {
    PacketBuffer p = packet != null ? packet : new PacketBuffer(blockBytes, 0);
    packet = null;
    pipeline.send(p.seal(seqno++, last, sync));
    if (last) {
      pipeline.awaitAcked();
      // The pipeline may have been rebuilt under a new generation stamp meanwhile.
      previous = pipeline.block().toBuilder().setLengthBytes(blockBytes).build();
      pipeline.close();
      pipeline = null;
      current = null;
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (failure != null) {
        // A new exception: rethrowing the stored one would make try-with-resources suppress it into itself.
        throw new IOException(session.path() + ": the stream failed earlier: " + failure.getMessage(), failure);
      }
      try {
        if (held != null && held.size() > 0 && completedInline()) {
          return;
        }
        if (pipeline != null) {
          sendPacket(true, false);
        }
        completeFile(() -> session.complete(previous, position));
      } catch (IOException e) {
        throw fail(e);
      }
    } finally {
      if (pipeline != null) {
        pipeline.close();
        pipeline = null;
      }
      onClose.run();
    }
  }

  /**
   * Hands the held bytes to the NameNode; false when it refused to keep them (it restarted with a
   * lower bound, say), and they were written to a block instead, which the caller finishes.
   */
  private boolean completedInline() throws IOException {
    byte[] data = held.toByteArray();
    try {
      completeFile(() -> session.completeInline(data));
      return true;
    } catch (CairnException e) {
      if (e.code() != ErrorCode.INVALID_ARGUMENT) {
        throw e;
      }
      try {
        spill();
      } catch (IOException alsoFailed) {
        alsoFailed.addSuppressed(e);
        throw alsoFailed;
      }
      return false;
    }
  }

  /** One Complete call: false while the NameNode waits for the last block's replicas. */
  @FunctionalInterface
  private interface CompleteCall {
    boolean complete() throws IOException;
  }

  /** Complete, retried with backoff while the NameNode waits for the last block's replicas. */
  private void completeFile(CompleteCall call) throws IOException {
    long deadline = settings.clock().monotonicMs() + settings.completeTimeoutMs();
    long delay = FIRST_RETRY_MS;
    while (!call.complete()) {
      long now = settings.clock().monotonicMs();
      if (now >= deadline) {
        throw new CairnException(ErrorCode.IO, session.path() + ": cannot close: the NameNode still waits for "
            + "enough DataNodes to report "
            + (previous == null ? "the file" : DataNodeException.describe(previous)) + " after "
            + settings.completeTimeoutMs() + " ms");
      }
      settings.pause().pause(Math.min(delay, deadline - now));
      delay = Math.min(delay * 2, MAX_RETRY_MS);
    }
  }

  private IOException fail(IOException e) {
    if (failure == null) {
      failure = e;
    }
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
    return e;
  }

  private void checkUsable() throws IOException {
    if (closed) {
      throw new IOException(session.path() + ": stream closed");
    }
    if (failure != null) {
      throw failure;
    }
  }
}
