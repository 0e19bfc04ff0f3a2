package io.cairn.namenode.block;

/**
 * What a block's replicas amount to.
 *
 * @param live finalized at the block's stamp and length, on live in-service nodes, not marked corrupt
 * @param draining likewise, on live nodes being decommissioned (they serve reads and may be copied from)
 * @param corrupt marked corrupt (bad checksum, wrong length), on any node
 */
public record ReplicaCounts(int live, int draining, int corrupt) {
  /** Something to read or copy from. */
  public boolean readable() {
    return live + draining > 0;
  }
}
