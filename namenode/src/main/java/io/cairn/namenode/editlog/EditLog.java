package io.cairn.namenode.editlog;

import io.cairn.proto.EditOp;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ordered log of namespace edits that drives the namespace state machine. The local
 * implementation keeps edits in the store itself; a replicated log (Ratis) can implement the
 * same contract and drive the same {@link EditApplier}.
 *
 * <p>Thread-safety: {@link #append} is called by one thread at a time (under the namespace write
 * lock); {@link #whenDurable} and {@link #awaitDurable} by any number of threads at once, which
 * share fsyncs (group commit).
 */
public interface EditLog extends AutoCloseable {
  /**
   * Gives the edit the next txid, logs it and applies it atomically with the log record. The
   * change is visible on return and durable after {@link #awaitDurable} of the returned txid.
   */
  long append(EditOp.Builder edit) throws IOException;

  /**
   * Completes once every edit up to {@code txid} is durable, or exceptionally with an IOException
   * when that can no longer be promised. Dependent actions may run on the log's own sync thread:
   * they must be short and must not block.
   */
  CompletableFuture<Void> whenDurable(long txid);

  /** Returns once every edit up to {@code txid} is durable. */
  void awaitDurable(long txid) throws IOException;

  /** The txid of the last edit appended (0 when none). */
  long lastTxid();

  /** The smallest txid still held (edits before it were purged after a checkpoint); lastTxid + 1 when empty. */
  long firstRetainedTxid() throws IOException;

  /** Up to {@code max} edits from {@code fromTxid} on, in order. Requires fromTxid >= firstRetainedTxid(). */
  List<EditOp> read(long fromTxid, int max) throws IOException;

  /** Drops the edits with txid <= {@code txid}; returns how many. */
  long purgeThrough(long txid) throws IOException;

  @Override
  void close();
}
