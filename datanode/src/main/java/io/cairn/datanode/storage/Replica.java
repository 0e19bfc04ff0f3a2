package io.cairn.datanode.storage;

/**
 * An immutable snapshot of one replica.
 *
 * @param blockId the block's id
 * @param genstamp the generation stamp the replica holds
 * @param lengthBytes finalized: the block length; being written: what readers may see (acknowledged)
 * @param state finalized or being written
 */
public record Replica(long blockId, long genstamp, long lengthBytes, ReplicaState state) {
  public boolean finalized() {
    return state == ReplicaState.FINALIZED;
  }

  Replica withLength(long newLengthBytes) {
    return new Replica(blockId, genstamp, newLengthBytes, state);
  }

  @Override
  public String toString() {
    return "blk_" + blockId + "_" + genstamp + " len=" + lengthBytes + " " + state;
  }
}
