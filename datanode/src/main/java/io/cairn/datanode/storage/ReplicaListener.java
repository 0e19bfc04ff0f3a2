package io.cairn.datanode.storage;

/**
 * Told about replicas that appear and disappear, so the NameNode can be told in turn. Called on the
 * thread that made the change, outside the store's lock; implementations must be quick and thread-safe.
 */
public interface ReplicaListener {
  ReplicaListener NONE = new ReplicaListener() {
    @Override
    public void received(Replica replica) {}

    @Override
    public void deleted(long blockId) {}
  };

  /** A replica was finalized. */
  void received(Replica replica);

  /**
   * A replica was finalized by a node that is not the last of its write pipeline. The last node's
   * report is the one a writer's close waits for (it finalizes first), so this one may wait a little
   * to share a report with others.
   */
  default void receivedMayWait(Replica replica) {
    received(replica);
  }

  /**
   * A replica was finalized and its bytes were left in the page cache (the last node of a write
   * pipeline), so readers are best sent to it first.
   */
  default void receivedInPageCache(Replica replica) {
    received(replica);
  }

  /** A replica was deleted. */
  void deleted(long blockId);

  /**
   * A replica was found corrupt, missing or truncated and taken out of service (it is gone from the
   * store, like a deleted one).
   */
  default void bad(Replica replica, String reason) {
    deleted(replica.blockId());
  }
}
