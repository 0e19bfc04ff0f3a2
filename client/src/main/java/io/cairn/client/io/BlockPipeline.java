package io.cairn.client.io;

import io.cairn.proto.Block;
import io.cairn.proto.LocatedBlock;
import java.io.IOException;

/** Where a writer sends the packets of one block: a DataNode pipeline, or a recording double in tests. */
public interface BlockPipeline extends AutoCloseable {
  /** Sends a packet; blocks while the window of unacknowledged packets is full. */
  void send(OutgoingPacket packet) throws IOException;

  /** Returns once every packet sent so far has been acknowledged by the whole pipeline. */
  void awaitAcked() throws IOException;

  /** The block as the pipeline's replicas hold it now (its stamp changes when the pipeline is rebuilt). */
  Block block();

  /** Releases the pipeline; packets not yet acknowledged are abandoned. Idempotent. */
  @Override
  void close();

  /** Opens the pipeline of a block (its locations, in write order). */
  @FunctionalInterface
  interface Factory {
    /** {@code append}: the first DataNode's replica holds {@code block.length_bytes} already. */
    BlockPipeline open(LocatedBlock block, boolean append) throws IOException;
  }
}
