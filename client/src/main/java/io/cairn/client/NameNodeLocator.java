package io.cairn.client;

import io.cairn.client.io.ReplicaFailover;
import io.cairn.proto.BadReplica;
import io.cairn.proto.Block;
import io.cairn.proto.DatanodeInfo;
import io.cairn.proto.GetBlockLocationsResponse;
import io.cairn.proto.LocatedBlock;
import io.cairn.proto.ReportBadBlocksRequest;
import java.io.IOException;

/** The NameNode calls of one file being read by a {@link CairnClient}: fresh locations, corrupt replicas. */
final class NameNodeLocator implements ReplicaFailover.Locator {
  private final CairnClient client;
  private final String path;

  NameNodeLocator(CairnClient client, String path) {
    this.client = client;
    this.path = path;
  }

  @Override
  public LocatedBlock refetch(LocatedBlock stale) throws IOException {
    GetBlockLocationsResponse r = client.getBlockLocations(path, stale.getOffsetBytes(), 1);
    for (LocatedBlock b : r.getBlocksList()) {
      if (b.getBlock().getId() == stale.getBlock().getId()) {
        return b;
      }
    }
    return null;
  }

  @Override
  public void reportCorrupt(Block block, DatanodeInfo datanode, String reason) throws IOException {
    client.call(s -> s.reportBadBlocks(ReportBadBlocksRequest.newBuilder().addReplicas(BadReplica.newBuilder()
        .setBlock(block).setDatanodeUuid(datanode.getUuid()).setReason(reason)).build()));
  }
}
