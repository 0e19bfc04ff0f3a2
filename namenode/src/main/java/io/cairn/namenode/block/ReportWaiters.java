package io.cairn.namenode.block;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Futures that complete when a replica of a block is next reported: a close waiting for its last
 * block's minimum replication listens here instead of having the writer poll. Not thread-safe:
 * the block manager's lock guards it. Completing runs nothing but what waiters attach
 * asynchronously, so no work runs under that lock.
 */
public final class ReportWaiters {
  private final Map<Long, List<CompletableFuture<Void>>> byBlock = new HashMap<>();

  /** A future completed by the next report of a replica of {@code blockId}. */
  public CompletableFuture<Void> next(long blockId) {
    List<CompletableFuture<Void>> waiting = byBlock.computeIfAbsent(blockId, id -> new ArrayList<>());
    // Waiters that gave up (timed out) go, so a block never reported again keeps no garbage.
    waiting.removeIf(CompletableFuture::isDone);
    CompletableFuture<Void> next = new CompletableFuture<>();
    waiting.add(next);
    return next;
  }

  public void reported(long blockId) {
    List<CompletableFuture<Void>> waiting = byBlock.remove(blockId);
    if (waiting != null) {
      waiting.forEach(f -> f.complete(null));
    }
  }

  /** The block is closed or gone: nobody waits for its reports any more. */
  public void forget(long blockId) {
    List<CompletableFuture<Void>> waiting = byBlock.remove(blockId);
    if (waiting != null) {
      waiting.forEach(f -> f.complete(null));
    }
  }

  public int waitingBlocks() {
    return byBlock.size();
  }
}
