package io.cairn.datanode.transfer;

import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import java.io.IOException;
import java.util.List;

/** Copies a prefix of a local replica to other DataNodes (TRANSFER_BLOCK). Blocking. */
@FunctionalInterface
public interface ReplicaCopier {
  /** For a server that copies nothing (tests of the data path alone). */
  ReplicaCopier NONE = (source, newGenstamp, targets) -> {
    throw new IOException("this DataNode does not transfer replicas");
  };

  /**
   * Sends the first {@code source.length_bytes} of the local replica of {@code source} (at its stamp)
   * through {@code targets}, where it is stored finalized with {@code newGenstamp}; returns once every
   * target has acknowledged it.
   */
  void copy(Block source, long newGenstamp, List<DatanodeInfo> targets) throws IOException;
}
