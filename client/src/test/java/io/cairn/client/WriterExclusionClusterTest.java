package io.cairn.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.client.io.CairnOutputStream;
import io.cairn.proto.LocatedBlock;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer's new blocks avoid the DataNodes that failed it, unless no other node is left. */
class WriterExclusionClusterTest {
  @TempDir
  Path tmp;

  @Test
  void newBlocksAvoidAFailedDataNodeUntilNoOtherIsLeft() throws Exception {
    try (MiniDataCluster cluster = MiniDataCluster.start(tmp, 3, MiniDataCluster.BLOCKS_ONLY);
        CairnClient fs = CairnClient.connect(cluster.address())) {
      // The stream holds the lease; a session of the same client asks for blocks as the stream would.
      CairnOutputStream unused = fs.create("/f", CreateOptions.defaults().replication(3));
      NameNodeWriteSession session = new NameNodeWriteSession(fs, "/f", fs.stat("/f").getInodeId());
      String failed = cluster.dataNodes.get(0).info().getUuid();
      session.dataNodeFailed(failed);
      LocatedBlock first = session.addBlock(null);
      assertThat(first.getLocationsList()).extracting(l -> l.getUuid()).hasSize(2).doesNotContain(failed);

      try (MiniDataCluster other = MiniDataCluster.start(tmp.resolve("other"), 1, MiniDataCluster.BLOCKS_ONLY);
          CairnClient otherFs = CairnClient.connect(other.address())) {
        CairnOutputStream alsoUnused = otherFs.create("/g", CreateOptions.defaults().replication(1));
        NameNodeWriteSession alone = new NameNodeWriteSession(otherFs, "/g", otherFs.stat("/g").getInodeId());
        String only = other.dataNodes.get(0).info().getUuid();
        alone.dataNodeFailed(only);
        assertThat(alone.addBlock(null).getLocationsList()).extracting(l -> l.getUuid())
            .as("the only node, failed or not").containsExactly(only);
      }
    }
  }
}
