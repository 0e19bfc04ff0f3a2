package io.cairn.datanode.storage;

/** Where a replica is in its life; decides its folder on disk (docs/formats/data-transfer.md). */
public enum ReplicaState {
  /** Being written, or left over from a write that did not finish: lives in {@code current/rbw}. */
  RBW,
  /** Complete and immutable (until an append): lives in {@code current/finalized/subdirX/subdirY}. */
  FINALIZED
}
